package ai.lantern.explainers.lime;

import ai.lantern.core.SurrogateFit;
import ai.lantern.core.SurrogateModel;

/**
 * Weighted ridge regression with an intercept, the surrogate of LIME: X and y are centred by their
 * weighted means and {@code (XᵀWX + αI) b = XᵀWy} is solved, as scikit-learn's
 * {@code Ridge(alpha).fit(X, y, sample_weight=w)} does; the score is the weighted R².
 */
public final class RidgeRegression implements SurrogateModel {
  private final double alpha;

  /** @throws IllegalArgumentException if {@code alpha} is negative or not finite */
  public RidgeRegression(double alpha) {
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha must be finite and at least 0, got " + alpha);
    }
    this.alpha = alpha;
  }

  /** lime's final surrogate: alpha 1. */
  public RidgeRegression() {
    this(1.0);
  }

  @Override
  public SurrogateFit fit(double[][] x, double[] y, double[] weights) {
    if (x.length == 0 || x.length != y.length || y.length != weights.length) {
      throw new IllegalArgumentException(x.length + " rows, " + y.length + " targets and " + weights.length
          + " weights; they must be equal and non-zero");
    }
    int d = x[0].length;
    SampleStatistics stats = new SampleStatistics(d, 1);
    for (int i = 0; i < x.length; i++) {
      if (x[i].length != d) {
        throw new IllegalArgumentException("row " + i + " has " + x[i].length + " features, row 0 has " + d);
      }
      if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
        throw new IllegalArgumentException("weight " + i + " is " + weights[i] + "; weights must be finite and >= 0");
      }
      stats.addDense(x[i], new double[] {y[i]}, weights[i]);
    }
    int[] all = new int[d];
    for (int j = 0; j < d; j++) {
      all[j] = j;
    }
    WeightedProblem.Fit fit = stats.centred(0).ridge(all, alpha);
    return new SurrogateFit(fit.coefficients(), fit.intercept(), fit.score());
  }
}
