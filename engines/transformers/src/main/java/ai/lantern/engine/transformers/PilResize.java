package ai.lantern.engine.transformers;

/**
 * Pillow's {@code Image.resize} of an 8-bit RGB image, value for value (checked against Pillow 9.4,
 * whose resampling code is unchanged in later versions but for style), because HuggingFace's image
 * processors resize through it and a model's predictions depend on the exact pixel values.
 *
 * <p>Filters are Pillow's numbers, as {@code resample} in {@code preprocessor_config.json}:
 * {@link #NEAREST} 0, {@link #LANCZOS} 1, {@link #BILINEAR} 2, {@link #BICUBIC} 3, {@link #BOX} 4 and
 * {@link #HAMMING} 5. Pixels are {@code 0xRRGGBB}, row by row.
 */
final class PilResize {
  static final int NEAREST = 0;
  static final int LANCZOS = 1;
  static final int BILINEAR = 2;
  static final int BICUBIC = 3;
  static final int BOX = 4;
  static final int HAMMING = 5;

  /** Pillow's fixed point for 8-bit images: 22 fractional bits leave room for 8 bits and overshoot. */
  private static final int PRECISION_BITS = 32 - 8 - 2;

  private PilResize() {}

  /**
   * Whether Pillow knows this filter number.
   *
   * @param filter a {@code resample} value
   * @return true for 0 to 5
   */
  static boolean known(int filter) {
    return filter >= NEAREST && filter <= HAMMING;
  }

  /**
   * Resizes as Pillow does.
   *
   * @param rgb {@code height} rows of {@code width} pixels
   * @param width the image's width
   * @param height the image's height
   * @param outWidth the new width, at least 1
   * @param outHeight the new height, at least 1
   * @param filter one of the filter numbers
   * @return {@code outHeight × outWidth} pixels, row by row
   * @throws IllegalArgumentException for an unknown filter, an empty size, or a resize whose
   *     intermediate image or filter table would pass {@link #MAX_CELLS} (a very thin image, say)
   */
  static int[] resize(int[] rgb, int width, int height, int outWidth, int outHeight, int filter) {
    if (!known(filter)) {
      throw new IllegalArgumentException("unknown PIL resampling filter " + filter);
    }
    long intermediate = Math.max((long) outWidth * height, (long) outWidth * outHeight);
    long table = Math.max(tableCells(width, outWidth, filter), tableCells(height, outHeight, filter));
    if (intermediate > MAX_CELLS || table > MAX_CELLS) {
      throw new IllegalArgumentException("resizing a " + width + "×" + height + " image to " + outWidth + "×"
          + outHeight + " needs " + Math.max(intermediate, table) + " cells, over the limit of " + MAX_CELLS
          + ": crop or shrink the image first");
    }
    if (outWidth < 1 || outHeight < 1) {
      throw new IllegalArgumentException("cannot resize to " + outWidth + "×" + outHeight);
    }
    if (outWidth == width && outHeight == height) {
      return rgb.clone(); // Pillow copies the image
    }
    if (filter == NEAREST) {
      return nearest(rgb, width, height, outWidth, outHeight);
    }
    // Horizontal pass first, then vertical, each skipped when its size does not change; the 8-bit
    // image in between is rounded and clipped, as Pillow's intermediate image is.
    int[] out = rgb;
    int w = width;
    if (outWidth != width) {
      Coefficients c = coefficients(width, outWidth, filter);
      out = new int[outWidth * height];
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < outWidth; x++) {
          out[y * outWidth + x] = convolve(rgb, y * width + c.first[x], 1, c, x);
        }
      }
      w = outWidth;
    }
    if (outHeight != height) {
      Coefficients c = coefficients(height, outHeight, filter);
      int[] in = out;
      out = new int[w * outHeight];
      for (int y = 0; y < outHeight; y++) {
        for (int x = 0; x < w; x++) {
          out[y * w + x] = convolve(in, c.first[y] * w + x, w, c, y);
        }
      }
    }
    return out;
  }

  /** Sums {@code c.count[i]} pixels from {@code start}, {@code step} apart, in fixed point per channel. */
  private static int convolve(int[] rgb, int start, int step, Coefficients c, int i) {
    int half = 1 << (PRECISION_BITS - 1);
    int r = half;
    int g = half;
    int b = half;
    int[] k = c.fixed;
    int base = i * c.size;
    for (int j = 0, p = start; j < c.count[i]; j++, p += step) {
      int px = rgb[p];
      int kj = k[base + j];
      r += ((px >> 16) & 0xFF) * kj;
      g += ((px >> 8) & 0xFF) * kj;
      b += (px & 0xFF) * kj;
    }
    return clip8(r) << 16 | clip8(g) << 8 | clip8(b);
  }

  private static int clip8(int sum) {
    int v = sum >> PRECISION_BITS; // an arithmetic shift: floor, as in Pillow
    return v < 0 ? 0 : Math.min(v, 255);
  }

  /** The most pixels of an intermediate image, or weights of a filter table, a resize may need. */
  static final long MAX_CELLS = 60_000_000L;

  /** The size of the weight table of one pass, as {@link #coefficients} would make it. */
  private static long tableCells(int inSize, int outSize, int filter) {
    if (inSize == outSize || filter == NEAREST) {
      return 0;
    }
    double support = support(filter) * Math.max((double) inSize / outSize, 1.0);
    return (long) outSize * ((long) Math.ceil(support) * 2 + 1);
  }

  /** Per output pixel: the first input pixel used, how many, and their fixed-point weights. */
  private record Coefficients(int size, int[] first, int[] count, int[] fixed) {}

  private static Coefficients coefficients(int inSize, int outSize, int filter) {
    double support = support(filter);
    // Pillow's box is float; whole sizes convert exactly, so the scale is the plain ratio.
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0); // downsampling widens the filter to cover every input
    support *= filterScale;
    int size = (int) Math.ceil(support) * 2 + 1;
    int[] first = new int[outSize];
    int[] count = new int[outSize];
    int[] fixed = new int[outSize * size];
    double[] w = new double[size];
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      // Pillow rounds the bounds with a cast, which truncates towards zero.
      int min = Math.max((int) (center - support + 0.5), 0);
      int max = Math.min((int) (center + support + 0.5), inSize) - min;
      double sum = 0;
      for (int x = 0; x < max; x++) {
        w[x] = filter(filter, (x + min - center + 0.5) * (1.0 / filterScale));
        sum += w[x];
      }
      for (int x = 0; x < max; x++) {
        double k = sum != 0 ? w[x] / sum : w[x];
        // Normalised first, then to fixed point, rounding half away from zero by truncation.
        fixed[xx * size + x] = (int) (k < 0 ? -0.5 + k * (1 << PRECISION_BITS) : 0.5 + k * (1 << PRECISION_BITS));
      }
      first[xx] = min;
      count[xx] = max;
    }
    return new Coefficients(size, first, count, fixed);
  }

  private static double support(int filter) {
    return switch (filter) {
      case BOX -> 0.5;
      case BILINEAR, HAMMING -> 1.0;
      case BICUBIC -> 2.0;
      case LANCZOS -> 3.0;
      default -> throw new IllegalArgumentException("no support for filter " + filter);
    };
  }

  private static double filter(int filter, double x) {
    switch (filter) {
      case BOX:
        return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
      case BILINEAR:
        x = Math.abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
      case HAMMING:
        x = Math.abs(x);
        if (x == 0.0) {
          return 1.0;
        }
        if (x >= 1.0) {
          return 0.0;
        }
        x *= Math.PI;
        // Pillow writes these constants as C floats, so their float values are the ones used.
        return StrictMath.sin(x) / x * ((double) 0.54f + (double) 0.46f * StrictMath.cos(x));
      case BICUBIC: {
        final double a = -0.5;
        x = Math.abs(x);
        if (x < 1.0) {
          return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
          return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
      }
      case LANCZOS:
        return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
      default:
        throw new IllegalArgumentException("no filter " + filter);
    }
  }

  private static double sinc(double x) {
    if (x == 0.0) {
      return 1.0;
    }
    x *= Math.PI;
    return StrictMath.sin(x) / x;
  }

  /**
   * Pillow's NEAREST resize is an affine scaling: the source position starts half a step in and
   * is advanced by adding the step (not multiplying), then truncated; a position outside the
   * image (which rounding could only just reach) leaves Pillow's black.
   */
  private static int[] nearest(int[] rgb, int width, int height, int outWidth, int outHeight) {
    double ax = (double) width / outWidth;
    double ay = (double) height / outHeight;
    int[] column = new int[outWidth];
    double xo = ax * 0.5;
    for (int x = 0; x < outWidth; x++) {
      column[x] = coord(xo, width);
      xo += ax;
    }
    int[] out = new int[outWidth * outHeight];
    double yo = ay * 0.5;
    for (int y = 0; y < outHeight; y++) {
      int row = coord(yo, height);
      for (int x = 0; x < outWidth && row >= 0; x++) {
        out[y * outWidth + x] = column[x] < 0 ? 0 : rgb[row * width + column[x]];
      }
      yo += ay;
    }
    return out;
  }

  /** The source index of a position, or -1 outside {@code 0..size-1}. */
  private static int coord(double v, int size) {
    int i = v < 0.0 ? -1 : (int) v;
    return i < size ? i : -1;
  }
}
