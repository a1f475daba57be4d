package ai.lantern.explainers.lime;

/**
 * Weighted sums over samples of a design matrix and several responses (one per explained label).
 * Every fit LIME makes (ridge on any feature subset, its weighted R², the lasso path) is a
 * function of these sums, so memory is O(d²) whatever the number of samples.
 */
final class SampleStatistics {
  private final int d;
  private final int responses;
  private long n;
  private double sw;
  private final double[] swx;
  private final double[] swxx;
  private final double[] swy;
  private final double[] swyy;
  private final double[][] swxy;

  /**
   * Empty sums.
   *
   * @param features the columns of the design matrix
   * @param responses the responses per sample (explained labels)
   */
  SampleStatistics(int features, int responses) {
    this.d = features;
    this.responses = responses;
    swx = new double[d];
    swxx = new double[d * d];
    swy = new double[responses];
    swyy = new double[responses];
    swxy = new double[responses][d];
  }

  /**
   * The design matrix's width.
   *
   * @return the number of features
   */
  int features() {
    return d;
  }

  /**
   * The samples added so far.
   *
   * @return the number of samples, whatever their weights
   */
  long samples() {
    return n;
  }

  /**
   * Adds a binary sample given by the indices of its features that are on.
   *
   * @param on the indices of the features that are 1 in its first {@code count} entries; the others are 0
   * @param count how many entries of {@code on} are used
   * @param y the sample's responses, one per response
   * @param w the sample's weight, not negative
   */
  void addBinary(int[] on, int count, double[] y, double w) {
    n++;
    sw += w;
    for (int a = 0; a < count; a++) {
      int i = on[a];
      swx[i] += w;
      int row = i * d;
      for (int b = 0; b < count; b++) {
        swxx[row + on[b]] += w;
      }
    }
    for (int r = 0; r < responses; r++) {
      double yr = y[r];
      swy[r] += w * yr;
      swyy[r] += w * yr * yr;
      double[] xy = swxy[r];
      for (int a = 0; a < count; a++) {
        xy[on[a]] += w * yr;
      }
    }
  }

  /**
   * Adds a dense sample.
   *
   * @param x the sample's feature values, one per feature
   * @param y the sample's responses, one per response
   * @param w the sample's weight, not negative
   */
  void addDense(double[] x, double[] y, double w) {
    n++;
    sw += w;
    for (int i = 0; i < d; i++) {
      double wx = w * x[i];
      swx[i] += wx;
      int row = i * d;
      for (int j = 0; j < d; j++) {
        swxx[row + j] += wx * x[j];
      }
    }
    for (int r = 0; r < responses; r++) {
      swy[r] += w * y[r];
      swyy[r] += w * y[r] * y[r];
      for (int i = 0; i < d; i++) {
        swxy[r][i] += w * x[i] * y[r];
      }
    }
  }

  /**
   * The centred problem of response {@code r}: weighted means subtracted from X and y.
   *
   * @param r the response, 0-based
   * @return the weighted least-squares problem of that response
   * @throws IllegalStateException if the weights sum to zero or less
   */
  WeightedProblem centred(int r) {
    if (!(sw > 0)) {
      throw new IllegalStateException("the sample weights sum to " + sw + "; nothing to fit");
    }
    double[] mean = new double[d];
    for (int i = 0; i < d; i++) {
      mean[i] = swx[i] / sw;
    }
    double yMean = swy[r] / sw;
    double[][] gram = new double[d][d];
    double[] xy = new double[d];
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        gram[i][j] = swxx[i * d + j] - swx[i] * mean[j];
        gram[j][i] = gram[i][j];
      }
      xy[i] = swxy[r][i] - swx[i] * yMean;
    }
    double yy = swyy[r] - swy[r] * yMean;
    return new WeightedProblem(n, mean, yMean, gram, xy, Math.max(yy, 0));
  }
}
