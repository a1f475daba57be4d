package ai.lantern.core;

/** Conversions from raw scores to probabilities, and checks of what models return. */
public final class Probabilities {
  private Probabilities() {}

  /**
   * Softmax of one row of logits, computed in double precision and shifted for stability.
   *
   * @param logits one input's raw scores, one per class, finite
   * @return a new array of probabilities in [0, 1] that sum to 1, one per logit
   */
  public static double[] softmax(float[] logits) {
    double[] d = new double[logits.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = logits[i];
    }
    return softmax(d);
  }

  /**
   * Softmax of one row of logits, shifted for stability.
   *
   * @param logits one input's raw scores, one per class, finite
   * @return a new array of probabilities in [0, 1] that sum to 1, one per logit
   */
  public static double[] softmax(double[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (double l : logits) {
      max = Math.max(max, l);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      p[i] = Math.exp(logits[i] - max);
      sum += p[i];
    }
    for (int i = 0; i < p.length; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /**
   * Element-wise logistic sigmoid.
   *
   * @param logits raw scores, one per label
   * @return a new array with each logit's independent probability, in [0, 1]
   */
  public static double[] sigmoid(float[] logits) {
    double[] p = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      p[i] = 1.0 / (1.0 + Math.exp(-(double) logits[i]));
    }
    return p;
  }

  /**
   * Checks a probability matrix returned by {@code source}.
   *
   * @throws ModelOutputException naming the row and column of the first bad value
   */
  static void check(double[][] rows, int expectedRows, int expectedColumns, String source) {
    if (rows == null || rows.length != expectedRows) {
      throw new ModelOutputException(source + " returned " + (rows == null ? "null" : rows.length + " rows")
          + " for " + expectedRows + " inputs");
    }
    for (int r = 0; r < rows.length; r++) {
      if (rows[r] == null || rows[r].length != expectedColumns) {
        throw new ModelOutputException(source + " returned row " + r + " with "
            + (rows[r] == null ? "null" : rows[r].length + " values") + "; expected " + expectedColumns
            + " (one per label)");
      }
      for (int c = 0; c < expectedColumns; c++) {
        double v = rows[r][c];
        if (!(v >= 0 && v <= 1)) {
          throw new ModelOutputException(source + " returned " + v + " at row " + r + ", column " + c
              + "; probabilities must lie in [0, 1]");
        }
      }
    }
  }
}
