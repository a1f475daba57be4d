package ai.lantern.explainers.lime;

/** Turns a sample's distance from the original input into its weight in the surrogate fit. */
@FunctionalInterface
public interface Kernel {
  /**
   * The weight of a sample at {@code distance} from the original input.
   *
   * @param distance lime's text distance: 100 × the cosine distance of the sample's mask to the all-kept mask,
   *     0 for the original input and 100 for a sample that hides every feature
   * @return the sample's weight, finite and not negative; larger for closer samples
   */
  double weight(double distance);

  /**
   * Python lime's kernel: √exp(−d² / width²). lime's text explainer uses width 25.
   *
   * @param width the kernel width, positive and finite; in the units of the distance (0..100 for text)
   * @return the kernel, 1 at distance 0
   * @throws IllegalArgumentException if {@code width} is not positive and finite
   */
  static Kernel exponential(double width) {
    if (!(width > 0) || Double.isInfinite(width)) {
      throw new IllegalArgumentException("kernel width must be positive and finite, got " + width);
    }
    double w2 = width * width;
    return d -> Math.sqrt(Math.exp(-(d * d) / w2));
  }
}
