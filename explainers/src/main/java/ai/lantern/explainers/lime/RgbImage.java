package ai.lantern.explainers.lime;

/**
 * Checks and colour conversions shared by the segmenters, each computed in the order and with
 * the constants of scikit-image 0.19 ({@code img_as_float}, {@code rgb2lab} with the D65, 2°
 * white), so that the segmenters see the same doubles as skimage and their ties fall alike.
 */
final class RgbImage {
  private static final double[][] XYZ_FROM_RGB = {
      {0.412453, 0.357580, 0.180423},
      {0.212671, 0.715160, 0.072169},
      {0.019334, 0.119193, 0.950227}};
  private static final double[] WHITE_D65 = {0.95047, 1.0, 1.08883};

  private RgbImage() {}

  /**
   * @throws IllegalArgumentException if the sizes disagree or a value lies outside 0..255
   */
  static void check(int[] rgb, int height, int width) {
    if (rgb == null) {
      throw new IllegalArgumentException("the image must not be null");
    }
    if (height < 1 || width < 1) {
      throw new IllegalArgumentException("height and width must be at least 1, got " + height + " × " + width);
    }
    if ((long) height * width * 3 != rgb.length) {
      throw new IllegalArgumentException("an RGB image of " + height + " × " + width + " needs "
          + (long) height * width * 3 + " values (channels last), got " + rgb.length);
    }
    for (int i = 0; i < rgb.length; i++) {
      if (rgb[i] < 0 || rgb[i] > 255) {
        throw new IllegalArgumentException("RGB values must lie in 0..255; value " + rgb[i] + " at pixel "
            + i / 3 + ", channel " + i % 3);
      }
    }
  }

  /** uint8 to float as skimage's {@code img_as_float}: a product with 1/255, not a quotient. */
  static double[] toUnit(int[] rgb) {
    double scale = 1.0 / 255;
    double[] out = new double[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      out[i] = rgb[i] * scale;
    }
    return out;
  }

  /** skimage's {@code rgb2lab} on channels-last values, in place. */
  static double[] toLab(double[] unit) {
    for (int p = 0; p < unit.length; p += 3) {
      double r = linear(unit[p]);
      double g = linear(unit[p + 1]);
      double b = linear(unit[p + 2]);
      double fx = labF((r * XYZ_FROM_RGB[0][0] + g * XYZ_FROM_RGB[0][1] + b * XYZ_FROM_RGB[0][2]) / WHITE_D65[0]);
      double fy = labF((r * XYZ_FROM_RGB[1][0] + g * XYZ_FROM_RGB[1][1] + b * XYZ_FROM_RGB[1][2]) / WHITE_D65[1]);
      double fz = labF((r * XYZ_FROM_RGB[2][0] + g * XYZ_FROM_RGB[2][1] + b * XYZ_FROM_RGB[2][2]) / WHITE_D65[2]);
      unit[p] = 116.0 * fy - 16.0;
      unit[p + 1] = 500.0 * (fx - fy);
      unit[p + 2] = 200.0 * (fy - fz);
    }
    return unit;
  }

  private static double linear(double v) {
    return v > 0.04045 ? Math.pow((v + 0.055) / 1.055, 2.4) : v / 12.92;
  }

  private static double labF(double t) {
    return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116.0;
  }
}
