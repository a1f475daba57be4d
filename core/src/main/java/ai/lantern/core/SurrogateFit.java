package ai.lantern.core;

/**
 * A fitted linear surrogate.
 *
 * @param coefficients one weight per feature column
 * @param intercept the constant term
 * @param score weighted R² of the fit on the samples it was fitted on
 */
public record SurrogateFit(double[] coefficients, double intercept, double score) {
  public SurrogateFit {
    coefficients = coefficients.clone();
  }

  @Override
  public double[] coefficients() {
    return coefficients.clone();
  }

  /** The surrogate's value for one feature vector. */
  public double predict(double[] x) {
    double v = intercept;
    for (int j = 0; j < coefficients.length; j++) {
      v += coefficients[j] * x[j];
    }
    return v;
  }
}
