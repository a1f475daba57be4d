package ai.lantern.explainers.lime;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * A weighted least-squares problem after centring: with Xc = √W (X − x̄) and yc = √W (y − ȳ),
 * {@code gram} is Xcᵀ Xc, {@code xy} is Xcᵀ yc and {@code yy} is ycᵀ yc. This is how
 * scikit-learn's Ridge treats sample weights, so fits here equal its fits.
 *
 * @param samples the number of samples, whatever their weights
 * @param xMean x̄, the weighted mean of each feature
 * @param yMean ȳ, the weighted mean of the response
 * @param gram Xcᵀ Xc, d × d and symmetric
 * @param xy Xcᵀ yc, one entry per feature
 * @param yy ycᵀ yc, not negative
 */
record WeightedProblem(long samples, double[] xMean, double yMean, double[][] gram, double[] xy, double yy) {

  /**
   * The number of features.
   *
   * @return the length of {@code xy}
   */
  int features() {
    return xy.length;
  }

  /**
   * Ridge regression with an intercept on the columns {@code features}, penalty {@code alpha}.
   * A singular system (possible only with {@code alpha = 0}) gets the minimum-norm least-squares
   * solution, as scikit-learn's fallback gives.
   *
   * @param features the columns to fit on, distinct; may be empty (the intercept alone)
   * @param alpha the ridge penalty, not negative (lime: 1 for the final fit, 0.01 to rank features)
   * @return the coefficients in the order of {@code features}, the intercept and the weighted R²
   */
  Fit ridge(int[] features, double alpha) {
    int k = features.length;
    double[][] a = new double[k][k];
    double[] b = new double[k];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        a[i][j] = gram[features[i]][features[j]];
      }
      a[i][i] += alpha;
      b[i] = xy[features[i]];
    }
    double[] coef = k == 0 ? new double[0] : solve(a, b);
    double intercept = yMean;
    for (int i = 0; i < k; i++) {
      intercept -= xMean[features[i]] * coef[i];
    }
    // Residual sum of squares from the sufficient statistics: yy − 2 bᵀ(Xᵀy) + bᵀ(XᵀX)b.
    double sse = yy;
    for (int i = 0; i < k; i++) {
      sse -= 2 * coef[i] * b[i];
      for (int j = 0; j < k; j++) {
        sse += coef[i] * gram[features[i]][features[j]] * coef[j];
      }
    }
    return new Fit(features.clone(), coef, intercept, r2(Math.max(sse, 0), yy));
  }

  /** Weighted R² as scikit-learn's r2_score defines it, constant targets included. */
  private static double r2(double sse, double sst) {
    if (sst == 0) {
      return sse == 0 ? 1.0 : 0.0;
    }
    return 1 - sse / sst;
  }

  private static double[] solve(double[][] a, double[] b) {
    RealMatrix m = new Array2DRowRealMatrix(a, false);
    try {
      return new CholeskyDecomposition(m, CholeskyDecomposition.DEFAULT_RELATIVE_SYMMETRY_THRESHOLD, 0.0)
          .getSolver().solve(new ArrayRealVector(b, false)).toArray();
    } catch (NonPositiveDefiniteMatrixException e) {
      return new SingularValueDecomposition(m).getSolver().solve(new ArrayRealVector(b, false)).toArray();
    }
  }

  /**
   * A fitted surrogate on a subset of the features.
   *
   * @param features the columns used, in the order of {@code coefficients}
   * @param coefficients one coefficient per column used
   * @param intercept the surrogate's value where every feature is off
   * @param score the weighted R² of the fit on the samples, at most 1
   */
  record Fit(int[] features, double[] coefficients, double intercept, double score) {
    /**
     * The surrogate's value on the original input, where every feature is on.
     *
     * @return the intercept plus every coefficient
     */
    double localPrediction() {
      double v = intercept;
      for (double c : coefficients) {
        v += c;
      }
      return v;
    }
  }
}
