package ai.lantern.explainers.lime;

/**
 * Splits an RGB image into superpixels, the features LIME for images switches on and off.
 *
 * <p>Implementations must be deterministic: the same image gives the same labels, so that an
 * explanation can be reproduced.
 */
@FunctionalInterface
public interface Segmenter {
  /**
   * Segments an image.
   *
   * @param rgb {@code height × width × 3} values 0..255, channels last, row-major (the format
   *     {@link LimeImageExplainer} takes); not modified
   * @param height the image's height in pixels, at least 1
   * @param width the image's width in pixels, at least 1
   * @return one label per pixel, row-major ({@code height × width} values); the range of the
   *     labels is the implementation's to document
   * @throws IllegalArgumentException if {@code rgb} is null, its length is not
   *     {@code height × width × 3}, a value lies outside 0..255, or height or width is below 1
   */
  int[] segment(int[] rgb, int height, int width);
}
