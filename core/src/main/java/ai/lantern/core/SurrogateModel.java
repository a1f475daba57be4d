package ai.lantern.core;

/**
 * An interpretable model fitted locally to a black box's outputs, as LIME does: a weighted
 * linear regression of the model's value on binary feature indicators.
 */
public interface SurrogateModel {

  /**
   * Fits {@code y ≈ intercept + x · coefficients} with sample weights.
   *
   * @param x one row per sample, one column per feature
   * @param y the black box's value for each sample
   * @param weights the weight of each sample (proximity to the original input), all ≥ 0
   * @throws IllegalArgumentException if the dimensions disagree or a weight is negative or NaN
   */
  SurrogateFit fit(double[][] x, double[] y, double[] weights);
}
