package ai.lantern.explainers.lime;

/** Turns a sample's distance from the original input into its weight in the surrogate fit. */
@FunctionalInterface
public interface Kernel {
  double weight(double distance);

  /** Python lime's kernel: √exp(−d² / width²). lime's text explainer uses width 25. */
  static Kernel exponential(double width) {
    if (!(width > 0) || Double.isInfinite(width)) {
      throw new IllegalArgumentException("kernel width must be positive and finite, got " + width);
    }
    double w2 = width * width;
    return d -> Math.sqrt(Math.exp(-(d * d) / w2));
  }
}
