package ai.lantern.engine.transformers;

import ai.lantern.core.ImageClassifier.ImageShape;
import ai.lantern.core.InvalidModelException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * HuggingFace's image preprocessing as {@code preprocessor_config.json} configures it: RGB
 * conversion (grey replicated, alpha dropped, 16-bit reduced to 8), resize to {@code size}
 * ({@code height}/{@code width}, or {@code shortest_edge} then a centre crop to {@code crop_size}),
 * rescale ({@code rescale_factor}) and normalise ({@code image_mean}, {@code image_std}), into
 * {@code pixel_values} in channel, row, column order. Engine SPI.
 *
 * <p>An image already at the model's size is not resampled, so its values are exact. Resizing
 * uses Java2D's bilinear interpolation, which is close to but not identical with PIL's.
 */
public final class ImageProcessor {
  /** Images over this many pixels are refused before they are decoded. */
  public static final long MAX_PIXELS = 50_000_000L;

  private final ImageShape shape;
  private final boolean resize;
  private final int shortestEdge;
  private final boolean rescale;
  private final double rescaleFactor;
  private final boolean normalize;
  private final double[] mean;
  private final double[] std;

  private ImageProcessor(ImageShape shape, boolean resize, int shortestEdge, boolean rescale, double rescaleFactor,
      boolean normalize, double[] mean, double[] std) {
    this.shape = shape;
    this.resize = resize;
    this.shortestEdge = shortestEdge;
    this.rescale = rescale;
    this.rescaleFactor = rescaleFactor;
    this.normalize = normalize;
    this.mean = mean;
    this.std = std;
  }

  /**
   * Reads {@code preprocessor_config.json}.
   *
   * @param file the file
   * @return the processor
   * @throws InvalidModelException naming the file and field, if it is missing or a field is invalid
   */
  public static ImageProcessor load(Path file) {
    if (!Files.exists(file)) {
      throw new InvalidModelException(file.getFileName() + " not found in " + file.getParent() + ": an image model "
          + "needs HuggingFace's preprocessor_config.json (size, image_mean, image_std...)");
    }
    JsonObject o = Json.readObject(file);
    boolean resize = bool(o, "do_resize", true);
    int height;
    int width;
    int shortest = 0;
    JsonElement size = o.get("size");
    JsonObject crop = o.has("crop_size") && o.get("crop_size").isJsonObject() ? o.getAsJsonObject("crop_size") : null;
    if (size != null && size.isJsonObject() && size.getAsJsonObject().has("height")) {
      height = positive(file, size.getAsJsonObject(), "height");
      width = positive(file, size.getAsJsonObject(), "width");
    } else if (size != null && size.isJsonObject() && size.getAsJsonObject().has("shortest_edge")) {
      shortest = positive(file, size.getAsJsonObject(), "shortest_edge");
      if (crop == null || !bool(o, "do_center_crop", true)) {
        throw new InvalidModelException(file + ": size.shortest_edge without crop_size is not supported (the "
            + "model's input would depend on each image's shape)");
      }
      height = positive(file, crop, "height");
      width = positive(file, crop, "width");
    } else if (size != null && size.isJsonPrimitive()) {
      height = width = size.getAsInt();
    } else {
      throw new InvalidModelException(file + ": size must be {\"height\", \"width\"}, {\"shortest_edge\"} with "
          + "crop_size, or a number; got " + size);
    }
    double[] mean = triple(file, o, "image_mean");
    double[] std = triple(file, o, "image_std");
    for (double s : std) {
      if (s <= 0) {
        throw new InvalidModelException(file + ": image_std must be positive, got " + o.get("image_std"));
      }
    }
    return new ImageProcessor(new ImageShape(3, height, width), resize, shortest, bool(o, "do_rescale", true),
        o.has("rescale_factor") ? o.get("rescale_factor").getAsDouble() : 1 / 255.0, bool(o, "do_normalize", true),
        mean, std);
  }

  /**
   * The shape of the pixel values this processor makes.
   *
   * @return 3 channels and the configured height and width
   */
  public ImageShape shape() {
    return shape;
  }

  /**
   * Reads an image file, refusing what it cannot read with the reason.
   *
   * @param file a PNG, JPEG, GIF or BMP file
   * @return the decoded image
   * @throws IllegalArgumentException naming the file, if it is not an image, is truncated or
   *     corrupt, is animated, is too small (under 2×2) or too large (over {@link #MAX_PIXELS}), or
   *     is a CMYK JPEG
   */
  public static BufferedImage read(Path file) {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      if (in == null) {
        throw new IllegalArgumentException("cannot read " + file + ": " + (Files.exists(file) ? "not readable"
            : "no such file"));
      }
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new IllegalArgumentException(file + " is not an image Lantern can read (PNG, JPEG, GIF or BMP)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        String format = reader.getFormatName().toLowerCase(java.util.Locale.ROOT);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if ((long) width * height > MAX_PIXELS) {
          throw new IllegalArgumentException(file + " is " + width + "×" + height + ", over the limit of "
              + MAX_PIXELS / 1_000_000 + " megapixels: resize it first");
        }
        if (width < 2 || height < 2) {
          throw new IllegalArgumentException(file + " is " + width + "×" + height + ": too small to explain");
        }
        if (format.equals("gif") && reader.getNumImages(true) > 1) {
          throw new IllegalArgumentException(file + " is an animated GIF (" + reader.getNumImages(true)
              + " frames): give one frame as an image");
        }
        BufferedImage image = reader.read(0);
        if (image.getColorModel().getNumColorComponents() == 4
            || image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_CMYK) {
          // Java converts CMYK through a colour profile, PIL (and so HuggingFace) naively: the
          // pixel values would silently differ from the model's training.
          throw new IllegalArgumentException(file + " is a CMYK JPEG, which Lantern does not read: save it as RGB");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (javax.imageio.IIOException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("Unsupported Image Type") || m.contains("CMYK") || m.contains("YCCK")) {
        throw new IllegalArgumentException(file + " is a CMYK JPEG, which Lantern does not read: save it as RGB", e);
      }
      throw new IllegalArgumentException("cannot decode " + file + ": truncated or corrupt (" + m + ")", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof IllegalArgumentException iae) {
        throw iae;
      }
      throw new IllegalArgumentException("cannot decode " + file + ": truncated or corrupt (" + e + ")", e);
    }
  }

  /**
   * The pixel values of an image: RGB, resized, rescaled and normalised.
   *
   * @param image any decoded image
   * @return {@code 3 × height × width} values, channel by channel
   */
  public float[] pixelValues(BufferedImage image) {
    int[][] rgb = rgb(image);
    int h = rgb.length;
    int w = rgb[0].length;
    if (resize && (h != shape.height() || w != shape.width())) {
      int th = shape.height();
      int tw = shape.width();
      if (shortestEdge > 0) {
        double scale = (double) shortestEdge / Math.min(h, w);
        th = (int) Math.round(h * scale);
        tw = (int) Math.round(w * scale);
      }
      rgb = rgb(scaled(toImage(rgb), tw, th));
      if (shortestEdge > 0) {
        rgb = centreCrop(rgb, shape.height(), shape.width());
      }
    } else if (h != shape.height() || w != shape.width()) {
      rgb = centreCrop(rgb, shape.height(), shape.width());
    }
    int hh = shape.height();
    int ww = shape.width();
    float[] out = new float[3 * hh * ww];
    for (int c = 0; c < 3; c++) {
      int shift = 16 - 8 * c;
      for (int y = 0; y < hh; y++) {
        for (int x = 0; x < ww; x++) {
          double v = (rgb[y][x] >> shift) & 0xFF;
          if (rescale) {
            v *= rescaleFactor;
          }
          if (normalize) {
            v = (v - mean[c]) / std[c];
          }
          out[(c * hh + y) * ww + x] = (float) v;
        }
      }
    }
    return out;
  }

  /**
   * The pixel values of an image already at the model's size, given as 0..255 values: rescaled and
   * normalised (what LIME's perturbed images go through).
   *
   * @param rgb {@code height × width × 3} values 0..255, channels last
   * @return {@code 3 × height × width} values, channel by channel
   * @throws IllegalArgumentException if the length is not the model's size
   */
  public float[] pixelValues(int[] rgb) {
    float[] out = new float[shape.size()];
    pixelValues(rgb, out, 0);
    return out;
  }

  /**
   * As {@link #pixelValues(int[])}, written into a batch: no array per image.
   *
   * @param rgb {@code height × width × 3} values 0..255, channels last
   * @param out the batch's pixel values
   * @param offset where this image's {@code 3 × height × width} values start in {@code out}
   * @throws IllegalArgumentException if the length is not the model's size
   */
  public void pixelValues(int[] rgb, float[] out, int offset) {
    int hh = shape.height();
    int ww = shape.width();
    if (rgb.length != hh * ww * 3) {
      throw new IllegalArgumentException(rgb.length + " values for an image of " + hh + "×" + ww + "×3");
    }
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < hh * ww; p++) {
        double v = rgb[p * 3 + c];
        if (rescale) {
          v *= rescaleFactor;
        }
        if (normalize) {
          v = (v - mean[c]) / std[c];
        }
        out[offset + c * hh * ww + p] = (float) v;
      }
    }
  }

  /**
   * The image at the model's size as 0..255 values, channels last (what LIME perturbs).
   *
   * @param image any decoded image
   * @return {@code height × width × 3} values
   */
  public int[] rgbValues(BufferedImage image) {
    BufferedImage shown = displayed(image);
    int hh = shape.height();
    int ww = shape.width();
    int[] out = new int[hh * ww * 3];
    for (int y = 0; y < hh; y++) {
      for (int x = 0; x < ww; x++) {
        int rgb = shown.getRGB(x, y);
        out[(y * ww + x) * 3] = (rgb >> 16) & 0xFF;
        out[(y * ww + x) * 3 + 1] = (rgb >> 8) & 0xFF;
        out[(y * ww + x) * 3 + 2] = rgb & 0xFF;
      }
    }
    return out;
  }

  /**
   * The image at the model's size, as the views draw it under the attributions.
   *
   * @param image any decoded image
   * @return an RGB image of the processor's height and width
   */
  public BufferedImage displayed(BufferedImage image) {
    int[][] rgb = rgb(image);
    if (rgb.length != shape.height() || rgb[0].length != shape.width()) {
      rgb = rgb(scaled(toImage(rgb), shape.width(), shape.height()));
    }
    return toImage(rgb);
  }

  /** 0xRRGGBB per pixel: grey replicated, alpha dropped (as PIL's convert("RGB")), 16 bits to 8. */
  private static int[][] rgb(BufferedImage image) {
    int h = image.getHeight();
    int w = image.getWidth();
    int[][] out = new int[h][w];
    Raster r = image.getRaster();
    int bands = r.getNumBands();
    boolean grey = image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_GRAY;
    int bits = image.getColorModel().getComponentSize(0);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (grey && bands <= 2) {
          int v = r.getSample(x, y, 0);
          v = bits > 8 ? v >> (bits - 8) : bits < 8 ? v * 255 / ((1 << bits) - 1) : v;
          out[y][x] = v << 16 | v << 8 | v;
        } else {
          out[y][x] = image.getRGB(x, y) & 0xFFFFFF;
        }
      }
    }
    return out;
  }

  private static BufferedImage toImage(int[][] rgb) {
    BufferedImage img = new BufferedImage(rgb[0].length, rgb.length, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < rgb.length; y++) {
      img.setRGB(0, y, rgb[0].length, 1, rgb[y], 0, rgb[0].length);
    }
    return img;
  }

  private static BufferedImage scaled(BufferedImage img, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img, 0, 0, w, h, null);
    g.dispose();
    return out;
  }

  private static int[][] centreCrop(int[][] rgb, int h, int w) {
    int top = Math.max(0, (rgb.length - h) / 2);
    int left = Math.max(0, (rgb[0].length - w) / 2);
    int[][] out = new int[h][w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int sy = top + y;
        int sx = left + x;
        out[y][x] = sy < rgb.length && sx < rgb[0].length ? rgb[sy][sx] : 0;
      }
    }
    return out;
  }

  private static boolean bool(JsonObject o, String field, boolean fallback) {
    return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsBoolean() : fallback;
  }

  private static int positive(Path file, JsonObject o, String field) {
    if (!o.has(field) || !o.get(field).isJsonPrimitive() || o.get(field).getAsInt() < 1) {
      throw new InvalidModelException(file + ": " + field + " must be a positive number, got " + o.get(field));
    }
    return o.get(field).getAsInt();
  }

  private static double[] triple(Path file, JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null) {
      return new double[] {0.5, 0.5, 0.5}; // HuggingFace's IMAGENET_STANDARD_MEAN and _STD are both 0.5
    }
    if (e.isJsonPrimitive()) {
      double v = e.getAsDouble();
      return new double[] {v, v, v};
    }
    JsonArray a = e.getAsJsonArray();
    if (a.size() != 3) {
      throw new InvalidModelException(file + ": " + field + " must have 3 values (RGB), got " + a);
    }
    return new double[] {a.get(0).getAsDouble(), a.get(1).getAsDouble(), a.get(2).getAsDouble()};
  }
}
