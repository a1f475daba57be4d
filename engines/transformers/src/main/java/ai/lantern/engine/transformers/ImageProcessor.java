package ai.lantern.engine.transformers;

import ai.lantern.core.ImageClassifier.ImageShape;
import ai.lantern.core.InvalidModelException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * HuggingFace's image preprocessing (transformers 4.30.2, through Pillow) as
 * {@code preprocessor_config.json} configures it, into {@code pixel_values} in channel, row, column
 * order. Engine SPI.
 *
 * <p>The steps are HuggingFace's, value for value: the EXIF orientation applied ({@link #read}) and
 * PIL's {@code convert("RGB")} (see {@link RgbImage#of}), as {@code load_image} does; PIL's resize
 * with the configured {@code resample} filter (0 NEAREST, 1 LANCZOS, 2 BILINEAR, 3 BICUBIC, 4 BOX,
 * 5 HAMMING; by default the processor class's) to {@code size}, either {@code height}/{@code
 * width} or {@code shortest_edge} (the longer edge truncated as transformers'
 * {@code get_resize_output_image_size} does); with {@code do_center_crop}, transformers' centre
 * crop to {@code crop_size}; then rescale ({@code rescale_factor}) and normalise ({@code
 * image_mean}, {@code image_std}) in float arithmetic as numpy does. JPEG decoders differ by a few
 * levels, so JPEG files match HuggingFace's values closely rather than exactly.
 */
public final class ImageProcessor {
  /** Images over this many pixels are refused before they are decoded. */
  public static final long MAX_PIXELS = 50_000_000L;

  /** Processor classes whose numeric {@code size} means the shortest edge (transformers 4.30.2). */
  private static final java.util.Set<String> SHORTEST_EDGE_BY_DEFAULT = java.util.Set.of("BitImageProcessor",
      "ChineseCLIPImageProcessor", "CLIPImageProcessor", "ConvNextImageProcessor", "LevitImageProcessor",
      "MobileNetV1ImageProcessor", "MobileNetV2ImageProcessor", "MobileViTImageProcessor", "PoolFormerImageProcessor",
      "ViTHybridImageProcessor");

  /** PIL filter by processor class where it is not ViT's BILINEAR (transformers 4.30.2's defaults). */
  private static final Map<String, Integer> BICUBIC_BY_DEFAULT = Map.ofEntries(
      Map.entry("BeitImageProcessor", 3), Map.entry("BitImageProcessor", 3), Map.entry("BlipImageProcessor", 3),
      Map.entry("ChineseCLIPImageProcessor", 3), Map.entry("CLIPImageProcessor", 3),
      Map.entry("DeiTImageProcessor", 3), Map.entry("EfficientFormerImageProcessor", 3),
      Map.entry("EfficientNetImageProcessor", 0), Map.entry("LevitImageProcessor", 3),
      Map.entry("PerceiverImageProcessor", 3), Map.entry("PoolFormerImageProcessor", 3),
      Map.entry("ViTHybridImageProcessor", 3));

  private final ImageShape shape;
  private final boolean resize;
  private final int resizeHeight;
  private final int resizeWidth;
  private final int shortestEdge;
  private final int resample;
  private final boolean rescale;
  private final double rescaleFactor;
  private final boolean normalize;
  private final double[] mean;
  private final double[] std;

  private ImageProcessor(ImageShape shape, boolean resize, int resizeHeight, int resizeWidth, int shortestEdge,
      int resample, boolean rescale, double rescaleFactor, boolean normalize, double[] mean,
      double[] std) {
    this.shape = shape;
    this.resize = resize;
    this.resizeHeight = resizeHeight;
    this.resizeWidth = resizeWidth;
    this.shortestEdge = shortestEdge;
    this.resample = resample;
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
   *     (among them a {@code resample} that is not one of PIL's filters 0 to 5)
   */
  public static ImageProcessor load(Path file) {
    if (!Files.exists(file)) {
      throw new InvalidModelException(file.getFileName() + " not found in " + file.getParent() + ": an image model "
          + "needs HuggingFace's preprocessor_config.json (size, image_mean, image_std...)");
    }
    JsonObject o = Json.readObject(file);
    String type = type(file, o);
    boolean resize = bool(file, o, "do_resize", true);
    int height;
    int width;
    int shortest = 0;
    JsonObject size = sizeDict(file, o, "size", !SHORTEST_EDGE_BY_DEFAULT.contains(type));
    // transformers' ViTImageProcessor has no centre crop: a crop_size in its file is ignored there too.
    JsonObject crop = !type.equals("ViTImageProcessor") && o.has("crop_size") && !o.get("crop_size").isJsonNull()
        && bool(file, o, "do_center_crop", true) ? sizeDict(file, o, "crop_size", true) : null;
    boolean cropPct = o.has("crop_pct") && !o.get("crop_pct").isJsonNull();
    if (size.has("height") || size.has("width")) {
      height = positive(file, size, "height");
      width = positive(file, size, "width");
    } else if (size.has("shortest_edge")) {
      shortest = positive(file, size, "shortest_edge");
      height = width = 0;
      if (type.equals("ConvNextImageProcessor")) {
        // ConvNeXt: below 384, the shortest edge goes to shortest_edge / crop_pct, then a centre crop
        // to shortest_edge; from 384 on, a plain resize to a square.
        double pct = cropPct ? number(file, o, "crop_pct") : 224 / 256.0;
        if (shortest < 384) {
          crop = new JsonObject();
          crop.addProperty("height", shortest);
          crop.addProperty("width", shortest);
          shortest = (int) (shortest / pct);
        } else {
          height = width = shortest;
          shortest = 0;
          crop = null;
        }
        cropPct = false;
      } else if (crop == null) {
        throw new InvalidModelException(file + ": size.shortest_edge without crop_size is not supported (the "
            + "model's input would depend on each image's shape)");
      }
    } else {
      throw new InvalidModelException(file + ": size must be {\"height\", \"width\"}, {\"shortest_edge\"} with "
          + "crop_size, or a number; got " + o.get("size"));
    }
    if (cropPct) {
      throw new InvalidModelException(file + ": crop_pct (" + o.get("crop_pct") + ") is supported for "
          + "ConvNextImageProcessor only, not " + (type.isEmpty() ? "this processor" : type));
    }
    double[] mean = triple(file, o, "image_mean");
    double[] std = triple(file, o, "image_std");
    for (double s : std) {
      if (s <= 0) {
        throw new InvalidModelException(file + ": image_std must be positive, got " + o.get("image_std"));
      }
    }
    ImageShape shape = crop != null ? new ImageShape(3, positive(file, crop, "height"), positive(file, crop, "width"))
        : new ImageShape(3, height, width);
    return new ImageProcessor(shape, resize, height, width, shortest, resample(file, o, type),
        bool(file, o, "do_rescale", true), o.has("rescale_factor") ? number(file, o, "rescale_factor") : 1 / 255.0,
        bool(file, o, "do_normalize", true), mean, std);
  }

  /**
   * The processor class: {@code image_processor_type}, or an old file's {@code feature_extractor_type}
   * under its new name; empty when neither is given.
   */
  private static String type(Path file, JsonObject o) {
    for (String field : new String[] {"image_processor_type", "feature_extractor_type"}) {
      JsonElement e = o.get(field);
      if (e != null && !e.isJsonNull()) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
          throw new InvalidModelException(file + ": " + field + " must be a class name, got " + e);
        }
        return e.getAsString().replace("FeatureExtractor", "ImageProcessor");
      }
    }
    return "";
  }

  /**
   * A size field as transformers' {@code get_size_dict} reads it: an object as it is; a number as
   * a square, or as the shortest edge for the processors whose number means that; [height, width].
   */
  private static JsonObject sizeDict(Path file, JsonObject o, String field, boolean square) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      throw new InvalidModelException(file + ": " + field + " is missing");
    }
    if (e.isJsonObject()) {
      return e.getAsJsonObject();
    }
    JsonObject d = new JsonObject();
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      JsonObject one = new JsonObject();
      one.add(field, e);
      int v = positive(file, one, field);
      if (square) {
        d.addProperty("height", v);
        d.addProperty("width", v);
      } else {
        d.addProperty("shortest_edge", v);
      }
      return d;
    }
    if (e.isJsonArray() && e.getAsJsonArray().size() == 2) {
      d.add("height", e.getAsJsonArray().get(0));
      d.add("width", e.getAsJsonArray().get(1));
      return d;
    }
    throw new InvalidModelException(file + ": " + field + " must be {\"height\", \"width\"}, {\"shortest_edge\"}, "
        + "a number or [height, width]; got " + e);
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
   * Reads an image file, refusing what it cannot read with the reason. A JPEG's EXIF Orientation
   * (1 to 8) is applied, as HuggingFace's {@code load_image} does with
   * {@code PIL.ImageOps.exif_transpose}, so a phone photo comes out the right way up; malformed
   * EXIF data is ignored.
   *
   * @param file a PNG, JPEG, GIF or BMP file
   * @return the decoded image, turned as its EXIF orientation says
   * @throws IllegalArgumentException naming the file, if it is not an image, is truncated or
   *     corrupt, is animated, is too small (under 2×2) or too large (over {@link #MAX_PIXELS}), or
   *     is a CMYK JPEG
   */
  public static BufferedImage read(Path file) {
    ImageInputStream in;
    try {
      in = ImageIO.createImageInputStream(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + PathProblems.reason(e), e);
    }
    if (in == null) {
      throw new IllegalArgumentException("cannot read " + file + ": " + (Files.exists(file) ? "not readable"
          : "no such file"));
    }
    return decode(in, file.toString(), () -> ExifOrientation.of(file), MAX_PIXELS);
  }

  /**
   * Reads an image from its bytes (an upload, say), with the checks and the EXIF orientation of
   * {@link #read(Path)}.
   *
   * @param bytes the file's bytes
   * @param name what error messages call the image
   * @return the decoded image, turned as its EXIF orientation says
   * @throws IllegalArgumentException naming {@code name}, for the reasons {@link #read(Path)} gives
   */
  public static BufferedImage read(byte[] bytes, String name) {
    return read(bytes, name, MAX_PIXELS);
  }

  /**
   * Reads an image from its bytes with a pixel limit of its own (a server's uploads, say).
   *
   * @param bytes the file's bytes
   * @param name what error messages call the image
   * @param maxPixels the most pixels an image may have, checked from its header before decoding
   * @return the decoded image, turned as its EXIF orientation says
   * @throws IllegalArgumentException naming {@code name}, for the reasons {@link #read(Path)} gives
   */
  public static BufferedImage read(byte[] bytes, String name, long maxPixels) {
    ImageInputStream in;
    try {
      in = ImageIO.createImageInputStream(new java.io.ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + name + ": " + e.getMessage(), e);
    }
    return decode(in, name, () -> ExifOrientation.of(new java.io.ByteArrayInputStream(bytes)), maxPixels);
  }

  private static BufferedImage decode(ImageInputStream source, String file,
      java.util.function.IntSupplier orientation, long maxPixels) {
    try (ImageInputStream in = source) {
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
        if ((long) width * height > maxPixels) {
          throw new IllegalArgumentException(file + " is " + width + "×" + height + ", over the limit of "
              + (maxPixels >= 1_000_000 ? maxPixels / 1_000_000 + " megapixels" : maxPixels + " pixels")
              + ": resize it first");
        }
        if (width < 2 || height < 2) {
          throw new IllegalArgumentException(file + " is " + width + "×" + height + ": too small to explain");
        }
        if (format.equals("gif") && reader.getNumImages(true) > 1) {
          throw new IllegalArgumentException(file + " is an animated GIF (" + reader.getNumImages(true)
              + " frames): give one frame as an image");
        }
        // Java's JPEG reader returns a cut file's image with its missing part grey and only warns;
        // libjpeg's other warnings (extraneous bytes before a marker…) leave the image whole.
        java.util.List<String> warnings = new java.util.ArrayList<>();
        reader.addIIOReadWarningListener((from, warning) -> {
          if (warning != null && (warning.startsWith("Truncated File") || warning.contains("remature end"))) {
            warnings.add(warning);
          }
        });
        BufferedImage image = reader.read(0);
        if (!warnings.isEmpty()) {
          throw new IllegalArgumentException("cannot decode " + file + ": truncated or corrupt (" + warnings.get(0)
              + ")");
        }
        if (image.getColorModel().getNumColorComponents() == 4
            || image.getColorModel().getColorSpace().getType() == java.awt.color.ColorSpace.TYPE_CMYK) {
          // Java converts CMYK through a colour profile, PIL (and so HuggingFace) naively: the
          // pixel values would silently differ from the model's training.
          throw new IllegalArgumentException(file + " is a CMYK JPEG, which Lantern does not read: save it as RGB");
        }
        return format.equals("jpeg") ? ExifOrientation.apply(image, orientation.getAsInt()) : image;
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
   * The pixel values of an image: RGB, resized, cropped, rescaled and normalised.
   *
   * @param image any decoded image
   * @return {@code 3 × height × width} values, channel by channel
   * @throws IllegalArgumentException if HuggingFace's centre crop would not give the model's size
   *     (a crop larger than the image by an odd number of pixels)
   */
  public float[] pixelValues(BufferedImage image) {
    return pixelValues(rgbValues(image));
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
      // numpy's order and precision: the product in double cast to float, then float arithmetic
      float m = (float) mean[c];
      float s = (float) std[c];
      for (int p = 0; p < hh * ww; p++) {
        int u = rgb[p * 3 + c];
        float v = rescale ? (float) (u * rescaleFactor) : u;
        if (normalize) {
          v = (v - m) / s;
        }
        out[offset + c * hh * ww + p] = v;
      }
    }
  }

  /**
   * The image at the model's size as 0..255 values, channels last (what LIME perturbs): the same
   * resize and crop as {@link #pixelValues(BufferedImage)}, which equals {@code
   * pixelValues(rgbValues(image))}.
   *
   * @param image any decoded image
   * @return {@code height × width × 3} values
   * @throws IllegalArgumentException as {@link #pixelValues(BufferedImage)}
   */
  public int[] rgbValues(BufferedImage image) {
    int[] px = atModelSize(image).pixels();
    int[] out = new int[px.length * 3];
    for (int p = 0; p < px.length; p++) {
      out[p * 3] = (px[p] >> 16) & 0xFF;
      out[p * 3 + 1] = (px[p] >> 8) & 0xFF;
      out[p * 3 + 2] = px[p] & 0xFF;
    }
    return out;
  }

  /**
   * The image at the model's size, as the views draw it under the attributions: the pixels of
   * {@link #rgbValues}.
   *
   * @param image any decoded image
   * @return an RGB image of the processor's height and width
   * @throws IllegalArgumentException as {@link #pixelValues(BufferedImage)}
   */
  public BufferedImage displayed(BufferedImage image) {
    return atModelSize(image).toBufferedImage();
  }

  /**
   * The image at the model's size, from its values as {@link #rgbValues} gives them: no second
   * resize when the values are at hand.
   *
   * @param rgb {@code height × width × 3} values 0..255, channels last
   * @return an RGB image of the processor's height and width
   * @throws IllegalArgumentException if the length is not the model's size
   */
  public BufferedImage displayed(int[] rgb) {
    int n = shape.height() * shape.width();
    if (rgb.length != n * 3) {
      throw new IllegalArgumentException(rgb.length + " values for an image of " + shape.height() + "×"
          + shape.width() + "×3");
    }
    int[] packed = new int[n];
    for (int p = 0; p < n; p++) {
      packed[p] = rgb[3 * p] << 16 | rgb[3 * p + 1] << 8 | rgb[3 * p + 2];
    }
    return new RgbImage(shape.width(), shape.height(), packed).toBufferedImage();
  }

  private RgbImage atModelSize(BufferedImage image) {
    RgbImage rgb = RgbImage.of(image);
    if (resize) {
      int th = resizeHeight;
      int tw = resizeWidth;
      if (shortestEdge > 0) {
        // transformers' get_resize_output_image_size: the longer edge is truncated, not rounded
        int h = rgb.height();
        int w = rgb.width();
        int shortSide = Math.min(h, w);
        long longSide = (long) ((double) shortestEdge * Math.max(h, w) / shortSide);
        if (longSide > 100_000) {
          throw new IllegalArgumentException("a " + w + "×" + h + " image resized to a shortest edge of "
              + shortestEdge + " would be " + longSide + " pixels long: crop it first");
        }
        th = w <= h ? (int) longSide : shortestEdge;
        tw = w <= h ? shortestEdge : (int) longSide;
      }
      rgb = rgb.resized(tw, th, resample);
    }
    // Without do_resize HuggingFace passes the image as it is; a model needs its size, so it is cropped.
    return rgb.centreCrop(shape.height(), shape.width());
  }

  /** {@code resample}, or the processor class's default; one of PIL's filter numbers. */
  private static int resample(Path file, JsonObject o, String type) {
    JsonElement e = o.get("resample");
    if (e == null || e.isJsonNull()) {
      return BICUBIC_BY_DEFAULT.getOrDefault(type, PilResize.BILINEAR);
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || e.getAsDouble() != Math.rint(e.getAsDouble())
        || !PilResize.known(e.getAsInt())) {
      throw new InvalidModelException(file + ": resample must be one of PIL's filters 0 (NEAREST), 1 (LANCZOS), "
          + "2 (BILINEAR), 3 (BICUBIC), 4 (BOX) or 5 (HAMMING), got " + e);
    }
    return e.getAsInt();
  }

  private static boolean bool(Path file, JsonObject o, String field, boolean fallback) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new InvalidModelException(file + ": " + field + " must be true or false, got " + e);
    }
    return e.getAsBoolean();
  }

  private static int positive(Path file, JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || e.getAsDouble() < 1
        || e.getAsDouble() != Math.rint(e.getAsDouble()) || e.getAsDouble() > 100_000) {
      throw new InvalidModelException(file + ": " + field + " must be a whole number from 1 to 100000, got " + e);
    }
    return e.getAsInt();
  }

  private static double number(Path file, JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || !(e.getAsDouble() > 0)
        || Double.isInfinite(e.getAsDouble())) {
      throw new InvalidModelException(file + ": " + field + " must be a positive number, got " + e);
    }
    return e.getAsDouble();
  }

  private static double[] triple(Path file, JsonObject o, String field) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      return new double[] {0.5, 0.5, 0.5}; // HuggingFace's IMAGENET_STANDARD_MEAN and _STD are both 0.5
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      double v = e.getAsDouble();
      return new double[] {v, v, v};
    }
    if (!e.isJsonArray() || e.getAsJsonArray().size() != 3) {
      throw new InvalidModelException(file + ": " + field + " must have 3 values (RGB), got " + e);
    }
    JsonArray a = e.getAsJsonArray();
    double[] v = new double[3];
    for (int i = 0; i < 3; i++) {
      if (!a.get(i).isJsonPrimitive() || !a.get(i).getAsJsonPrimitive().isNumber()) {
        throw new InvalidModelException(file + ": " + field + " must have 3 numbers (RGB), got " + e);
      }
      v[i] = a.get(i).getAsDouble();
    }
    return v;
  }

}
