package ai.lantern.reports;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * transformers-interpret's views of image attributions, drawn as Captum's
 * {@code visualize_image_attr} draws them: the attributions summed over the channels, normalised by
 * the value below which {@code 100 − outlier} percent of their (absolute) mass lies, and coloured:
 * {@code heatmap}, {@code overlay} (the heat map at half opacity over a grey copy of the image),
 * {@code masked_image} (the image times the normalised map) and {@code alpha_scaling} (the image
 * with the map as its opacity); signs {@code all} (red, white, green), {@code positive} (greens),
 * {@code negative} (reds) and {@code absolute_value} (blues). Small images are enlarged (nearest
 * neighbour) so that the pixels can be seen.
 */
public final class ImageViews {
  /** What is drawn. */
  public enum View {
    /** The coloured map alone. */
    HEATMAP,
    /** The map at half opacity over a grey copy of the image. */
    OVERLAY,
    /** The image times the map; not with sign {@code all}. */
    MASKED_IMAGE,
    /** The image with the map as its opacity; not with sign {@code all}. */
    ALPHA_SCALING;

    /**
     * Parses transformers-interpret's name.
     *
     * @param name heatmap, overlay, masked_image or alpha_scaling
     * @return the view
     * @throws IllegalArgumentException naming the views, for another name
     */
    public static View parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown view '" + name + "'; views: heatmap, overlay, masked_image, "
            + "alpha_scaling", e);
      }
    }
  }

  /** Which attributions are shown. */
  public enum Sign {
    /** Both signs: red negative, green positive. */
    ALL,
    /** Positive only, in greens. */
    POSITIVE,
    /** Negative only, in reds. */
    NEGATIVE,
    /** Magnitudes, in blues. */
    ABSOLUTE_VALUE;

    /**
     * Parses Captum's name.
     *
     * @param name all, positive, negative or absolute_value
     * @return the sign
     * @throws IllegalArgumentException naming the signs, for another name
     */
    public static Sign parse(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown sign '" + name + "'; signs: all, positive, negative, "
            + "absolute_value", e);
      }
    }
  }

  private static final int[] GREENS = {0xf7fcf5, 0xe5f5e0, 0xc7e9c0, 0xa1d99b, 0x74c476, 0x41ab5d, 0x238b45, 0x006d2c,
      0x00441b};
  private static final int[] REDS = {0xfff5f0, 0xfee0d2, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xef3b2c, 0xcb181d, 0xa50f15,
      0x67000d};
  private static final int[] BLUES = {0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c,
      0x08306b};
  private static final int[] RED_WHITE_GREEN = {0xff0000, 0xffffff, 0x008000};

  private ImageViews() {}

  /**
   * Captum's normalised map: the channel sum divided by the outlier threshold, clipped.
   *
   * @param map the attributions summed over the channels, {@code [height][width]}
   * @param sign which attributions to keep
   * @param outlierPercent the percent of the mass treated as outliers (transformers-interpret: 10)
   * @return values in [−1, 1] for {@code all}, [0, 1] otherwise
   * @throws IllegalArgumentException if every kept value is 0 (nothing to show)
   */
  public static double[][] normalise(double[][] map, Sign sign, double outlierPercent) {
    int h = map.length;
    int w = map[0].length;
    double[] kept = new double[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = map[y][x];
        kept[y * w + x] = switch (sign) {
          case ALL, ABSOLUTE_VALUE -> Math.abs(v);
          case POSITIVE -> Math.max(v, 0);
          case NEGATIVE -> Math.abs(Math.min(v, 0));
        };
      }
    }
    double t = threshold(kept, 100 - Math.min(outlierPercent, 100));
    if (t == 0) {
      throw new IllegalArgumentException("nothing to show: every " + sign.name().toLowerCase(Locale.ROOT)
          + " attribution is 0");
    }
    double[][] out = new double[h][w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double v = switch (sign) {
          case ALL -> map[y][x];
          case POSITIVE, NEGATIVE, ABSOLUTE_VALUE -> kept[y * w + x];
        };
        out[y][x] = Math.max(-1, Math.min(1, v / t));
      }
    }
    return out;
  }

  /** The value below which {@code percent} percent of the sorted values' running sum lies. */
  private static double threshold(double[] values, double percent) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    float[] running = new float[sorted.length];
    float c = 0;
    for (int i = 0; i < sorted.length; i++) {
      c += (float) sorted[i];
      running[i] = c;
    }
    double limit = running[running.length - 1] * 0.01 * percent;
    for (int i = 0; i < sorted.length; i++) {
      if (running[i] >= limit) {
        return sorted[i];
      }
    }
    return sorted[sorted.length - 1];
  }

  /**
   * Draws a view.
   *
   * @param image the image at the model's size (the pixels under the map)
   * @param map the attributions summed over the channels, the image's size
   * @param view what to draw
   * @param sign which attributions to show
   * @param outlierPercent percent of the mass treated as outliers (10 as transformers-interpret)
   * @param sideBySide the original image to the left of the view
   * @return the picture, enlarged to about 256 pixels when the image is smaller
   * @throws IllegalArgumentException if the sizes differ, {@code masked_image} or
   *     {@code alpha_scaling} is asked with sign {@code all} (as Captum), or there is nothing to show
   */
  public static BufferedImage render(BufferedImage image, double[][] map, View view, Sign sign, double outlierPercent,
      boolean sideBySide) {
    int h = map.length;
    int w = map[0].length;
    if (image.getHeight() != h || image.getWidth() != w) {
      throw new IllegalArgumentException("the image is " + image.getWidth() + "×" + image.getHeight()
          + ", the attributions " + w + "×" + h);
    }
    if (sign == Sign.ALL && (view == View.MASKED_IMAGE || view == View.ALPHA_SCALING)) {
      throw new IllegalArgumentException(view.name().toLowerCase(Locale.ROOT) + " shows one sign: choose positive, "
          + "negative or absolute_value");
    }
    double[][] norm = normalise(map, sign, outlierPercent);
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
    double greyMin = Double.MAX_VALUE;
    double greyMax = -Double.MAX_VALUE;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double g = grey(image.getRGB(x, y));
        greyMin = Math.min(greyMin, g);
        greyMax = Math.max(greyMax, g);
      }
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = image.getRGB(x, y) & 0xFFFFFF;
        double v = norm[y][x];
        int heat = colour(v, sign);
        int argb = switch (view) {
          case HEATMAP -> 0xFF000000 | heat;
          case OVERLAY -> {
            int g = greyMax > greyMin ? (int) Math.round(255 * (grey(rgb) - greyMin) / (greyMax - greyMin)) : 0;
            int grey = g << 16 | g << 8 | g;
            yield 0xFF000000 | blend(heat, grey);
          }
          case MASKED_IMAGE -> 0xFF000000 | scale(rgb, v);
          case ALPHA_SCALING -> ((int) (v * 255) & 0xFF) << 24 | rgb;
        };
        out.setRGB(x, y, argb);
      }
    }
    return sideBySide ? compose(image, out) : compose(out);
  }

  /**
   * LIME's picture: the original, and beside it the image of {@code get_image_and_mask} with the
   * edges of the shown superpixels drawn (yellow around positive ones, red around negative ones),
   * as lime's users draw them with {@code mark_boundaries}.
   *
   * @param original the explained image
   * @param shown the image of {@code get_image_and_mask}, the same size
   * @param mask per pixel, row-major: 1 positive, −1 negative, 0 not shown
   * @return both, enlarged as {@link #render} enlarges
   */
  public static BufferedImage superpixels(BufferedImage original, BufferedImage shown, int[] mask) {
    int w = original.getWidth();
    int h = original.getHeight();
    int factor = factor(w, h);
    BufferedImage right = new BufferedImage(w * factor, h * factor, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = right.createGraphics();
    g.drawImage(shown, 0, 0, w * factor, h * factor, null);
    int line = Math.max(1, factor / 8);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int m = mask[y * w + x];
        if (m == 0) {
          continue;
        }
        g.setColor(m > 0 ? new Color(255, 214, 0) : new Color(220, 30, 30));
        if (y == 0 || mask[(y - 1) * w + x] != m) {
          g.fillRect(x * factor, y * factor, factor, line);
        }
        if (y == h - 1 || mask[(y + 1) * w + x] != m) {
          g.fillRect(x * factor, (y + 1) * factor - line, factor, line);
        }
        if (x == 0 || mask[y * w + x - 1] != m) {
          g.fillRect(x * factor, y * factor, line, factor);
        }
        if (x == w - 1 || mask[y * w + x + 1] != m) {
          g.fillRect((x + 1) * factor - line, y * factor, line, factor);
        }
      }
    }
    g.dispose();
    return compose(original, right);
  }

  /**
   * LIME's picture from arrays, as lime's {@code get_image_and_mask} returns them.
   *
   * @param original the explained image, {@code height × width × 3} values 0..255, channels last
   * @param shown the image of {@code get_image_and_mask}, the same layout (values clipped to 0..255)
   * @param mask per pixel, row-major: 1 positive, −1 negative, 0 not shown
   * @param width the image's width
   * @param height the image's height
   * @return both, as {@link #superpixels(BufferedImage, BufferedImage, int[])} draws them
   * @throws IllegalArgumentException if the lengths do not fit the size
   */
  public static BufferedImage superpixels(int[] original, double[] shown, int[] mask, int width, int height) {
    int n = width * height;
    if (original.length != 3 * n || shown.length != 3 * n || mask.length != n) {
      throw new IllegalArgumentException("an image of " + width + "×" + height + " needs " + 3 * n
          + " values and " + n + " mask entries, got " + original.length + ", " + shown.length + " and "
          + mask.length);
    }
    BufferedImage left = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    BufferedImage right = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < n; p++) {
      left.setRGB(p % width, p / width, clip(original[3 * p]) << 16 | clip(original[3 * p + 1]) << 8
          | clip(original[3 * p + 2]));
      right.setRGB(p % width, p / width, clip(shown[3 * p]) << 16 | clip(shown[3 * p + 1]) << 8
          | clip(shown[3 * p + 2]));
    }
    return superpixels(left, right, mask);
  }

  private static int clip(double v) {
    return (int) Math.max(0, Math.min(255, v));
  }

  /**
   * Two pictures of the same size side by side, enlarged as {@link #render} enlarges.
   *
   * @param left the left picture (the original)
   * @param right the right picture
   * @return the pair, with a white gap
   */
  public static BufferedImage sideBySide(BufferedImage left, BufferedImage right) {
    return compose(left, right);
  }

  /** How much an image is enlarged: to about 256 pixels on its longer side, never shrunk. */
  private static int factor(int width, int height) {
    return Math.max(1, 256 / Math.max(width, height));
  }

  /**
   * The panels, left to right with an 8-pixel white gap, each drawn at the first panel's size
   * times {@link #factor} (nearest neighbour; a panel already that large is drawn as it is).
   */
  private static BufferedImage compose(BufferedImage... panels) {
    int w = panels[0].getWidth();
    int h = panels[0].getHeight();
    int factor = factor(w, h);
    int pw = w * factor;
    int ph = h * factor;
    BufferedImage canvas = new BufferedImage(panels.length * pw + (panels.length - 1) * 8, ph,
        BufferedImage.TYPE_INT_ARGB);
    Graphics2D g = canvas.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
    for (int i = 0; i < panels.length; i++) {
      g.drawImage(panels[i], i * (pw + 8), 0, pw, ph, null);
    }
    g.dispose();
    return canvas;
  }

  /**
   * Writes a view as PNG.
   *
   * @param picture what {@link #render} drew
   * @param file the PNG file
   * @throws IOException if it cannot be written
   */
  public static void writePng(BufferedImage picture, Path file) throws IOException {
    if (!javax.imageio.ImageIO.write(picture, "png", file.toFile())) {
      throw new IOException("no PNG writer");
    }
  }

  private static double grey(int rgb) {
    return (((rgb >> 16) & 0xFF) + ((rgb >> 8) & 0xFF) + (rgb & 0xFF)) / 3.0;
  }

  private static int blend(int a, int b) {
    int r = (((a >> 16) & 0xFF) + ((b >> 16) & 0xFF)) / 2;
    int g = (((a >> 8) & 0xFF) + ((b >> 8) & 0xFF)) / 2;
    int bl = ((a & 0xFF) + (b & 0xFF)) / 2;
    return r << 16 | g << 8 | bl;
  }

  private static int scale(int rgb, double v) {
    int r = (int) (((rgb >> 16) & 0xFF) * v);
    int g = (int) (((rgb >> 8) & 0xFF) * v);
    int b = (int) ((rgb & 0xFF) * v);
    return clip(r) << 16 | clip(g) << 8 | clip(b);
  }

  private static int clip(int v) {
    return Math.max(0, Math.min(255, v));
  }

  /** Captum's colour maps: 256 entries between evenly spaced anchors, entry floor(256 x). */
  static int colour(double v, Sign sign) {
    int[] anchors = switch (sign) {
      case ALL -> RED_WHITE_GREEN;
      case POSITIVE -> GREENS;
      case NEGATIVE -> REDS;
      case ABSOLUTE_VALUE -> BLUES;
    };
    double x = sign == Sign.ALL ? (v + 1) / 2 : v;
    int entry = Math.max(0, Math.min(255, (int) Math.floor(256 * x)));
    double pos = entry / 255.0 * (anchors.length - 1);
    int i = Math.min(anchors.length - 2, (int) Math.floor(pos));
    double f = pos - i;
    int a = anchors[i];
    int b = anchors[i + 1];
    int r = (int) Math.round(((a >> 16) & 0xFF) * (1 - f) + ((b >> 16) & 0xFF) * f);
    int g = (int) Math.round(((a >> 8) & 0xFF) * (1 - f) + ((b >> 8) & 0xFF) * f);
    int bl = (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
    return r << 16 | g << 8 | bl;
  }
}
