package ai.lantern.engine.transformers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.InvalidModelException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ImageProcessor} against the pixel_values of transformers 4.30.2's image processors, made by
 * tools/golden/image_processor_golden.py: PNGs exactly (within 1e-6), JPEGs (whose decoders differ
 * by a few levels) closely, and far closer than without the EXIF orientation.
 */
class ImageProcessorGoldenTest {
  private static final Path RESOURCES = Path.of("src", "test", "resources");

  @TempDir Path tmp;

  private static JsonObject golden() throws IOException {
    return JsonParser.parseString(Files.readString(RESOURCES.resolve("golden/image-processor.json")))
        .getAsJsonObject();
  }

  private ImageProcessor processor(String name, JsonObject config) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    Files.writeString(dir.resolve("preprocessor_config.json"), config.toString());
    return ImageProcessor.load(dir.resolve("preprocessor_config.json"));
  }

  /** The case's pixel_values from its 0..255 values, as transformers computes them (numpy float32). */
  private static float[] expected(JsonObject c) {
    byte[] u8 = Base64.getDecoder().decode(c.get("u8").getAsString());
    JsonObject config = c.getAsJsonObject("config");
    JsonArray mean = config.getAsJsonArray("image_mean");
    JsonArray std = config.getAsJsonArray("image_std");
    double factor = config.get("rescale_factor").getAsDouble();
    int plane = u8.length / 3;
    float[] out = new float[u8.length];
    for (int i = 0; i < u8.length; i++) {
      int ch = i / plane;
      out[i] = ((float) ((u8[i] & 0xFF) * factor) - mean.get(ch).getAsFloat()) / std.get(ch).getAsFloat();
    }
    return out;
  }

  private static double maxAbs(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }

  private static double meanAbs(float[] a, float[] b) {
    assertEquals(a.length, b.length);
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += Math.abs(a[i] - b[i]);
    }
    return s / a.length;
  }

  @Test
  void pngsEqualTransformersForEveryFilterSizeAndCrop() throws IOException {
    int checked = 0;
    int refused = 0;
    for (JsonElement e : golden().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      String image = c.get("image").getAsString();
      if (!image.endsWith(".png")) {
        continue;
      }
      String label = image + " / " + c.get("processor").getAsString();
      ImageProcessor p = processor(c.get("processor").getAsString(), c.getAsJsonObject("config"));
      BufferedImage img = ImageProcessor.read(RESOURCES.resolve("images").resolve(image));
      JsonArray shape = c.getAsJsonArray("shape");
      if (shape.get(1).getAsInt() != p.shape().height() || shape.get(2).getAsInt() != p.shape().width()) {
        // transformers' centre crop came out a pixel short: the model could not take it
        assertThrows(IllegalArgumentException.class, () -> p.pixelValues(img), label);
        refused++;
        continue;
      }
      float[] actual = p.pixelValues(img);
      assertTrue(maxAbs(expected(c), actual) <= 1e-6, label + ": max difference " + maxAbs(expected(c), actual));
      if (c.has("pixel_values")) {
        float[] stored = new float[actual.length];
        ByteBuffer.wrap(Base64.getDecoder().decode(c.get("pixel_values").getAsString()))
            .order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(stored);
        assertTrue(maxAbs(stored, actual) <= 1e-6, label + ": max difference " + maxAbs(stored, actual));
      }
      checked++;
    }
    assertTrue(checked >= 60 && refused >= 1, checked + " cases checked, " + refused + " refused");
  }

  @Test
  void jpegsAreTurnedAsTheirExifOrientationSays() throws IOException {
    int checked = 0;
    for (JsonElement e : golden().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      String image = c.get("image").getAsString();
      if (!image.endsWith(".jpg")) {
        continue;
      }
      String label = image + " / " + c.get("processor").getAsString();
      ImageProcessor p = processor(c.get("processor").getAsString(), c.getAsJsonObject("config"));
      Path file = RESOURCES.resolve("images").resolve(image);
      float[] want = expected(c);
      double turned = meanAbs(want, p.pixelValues(ImageProcessor.read(file)));
      // Java's and libjpeg's decoders differ by a few levels: under 3 levels on average here
      double levels = 3 / 255.0 / 0.26;
      assertTrue(turned < levels, label + ": mean difference " + turned);
      if (!image.startsWith("exif1")) {
        double asStored = meanAbs(want, p.pixelValues(ImageIO.read(file.toFile())));
        assertTrue(turned * 5 < asStored, label + ": " + turned + " turned, " + asStored + " as stored");
      }
      System.out.printf("%s: mean difference %.4f%n", label, turned);
      checked++;
    }
    assertEquals(16, checked);
  }

  @Test
  void theImageAtTheModelSizeGivesTheSamePixelValues() throws IOException {
    for (JsonElement e : golden().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      String name = c.get("processor").getAsString();
      if (!c.get("image").getAsString().equals("rgb-37x53.png") || name.startsWith("clip-se26")) {
        continue;
      }
      ImageProcessor p = processor(name, c.getAsJsonObject("config"));
      BufferedImage img = ImageProcessor.read(RESOURCES.resolve("images/rgb-37x53.png"));
      int[] rgb = p.rgbValues(img);
      assertArrayEquals(p.pixelValues(img), p.pixelValues(rgb), name);
      BufferedImage shown = p.displayed(img);
      assertEquals(p.shape().width(), shown.getWidth());
      assertEquals(p.shape().height(), shown.getHeight());
      int[] shownRgb = new int[rgb.length]; // its pixels as they are: a processor would resize it again
      for (int i = 0; i < rgb.length / 3; i++) {
        int px = shown.getRGB(i % shown.getWidth(), i / shown.getWidth());
        shownRgb[i * 3] = (px >> 16) & 0xFF;
        shownRgb[i * 3 + 1] = (px >> 8) & 0xFF;
        shownRgb[i * 3 + 2] = px & 0xFF;
      }
      assertArrayEquals(rgb, shownRgb, name);
      BufferedImage fromValues = p.displayed(rgb);
      for (int i = 0; i < rgb.length / 3; i++) {
        int x = i % shown.getWidth();
        int y = i / shown.getWidth();
        assertEquals(shown.getRGB(x, y), fromValues.getRGB(x, y), name + " pixel " + i + " drawn from the values");
      }
    }
  }

  @Test
  void theProcessorClassGivesTheDefaultFilter() throws IOException {
    for (JsonElement e : golden().getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      if (c.get("image").getAsString().equals("rgb-37x53.png")
          && c.get("processor").getAsString().equals("clip-se40-crop32")) {
        JsonObject config = c.getAsJsonObject("config").deepCopy();
        assertEquals(3, config.remove("resample").getAsInt());
        ImageProcessor p = processor("clip-default", config);
        float[] actual = p.pixelValues(ImageProcessor.read(RESOURCES.resolve("images/rgb-37x53.png")));
        assertTrue(maxAbs(expected(c), actual) <= 1e-6, "CLIPImageProcessor resamples with BICUBIC by default");
        return;
      }
    }
    throw new AssertionError("no CLIP case");
  }

  @Test
  void anUnknownFilterIsRefusedNamingFileFieldAndValue() throws IOException {
    for (String bad : new String[] {"7", "-1", "\"bicubic\"", "2.5"}) {
      JsonObject config = JsonParser.parseString("{\"size\": {\"height\": 8, \"width\": 8}, \"resample\": " + bad
          + "}").getAsJsonObject();
      InvalidModelException e = assertThrows(InvalidModelException.class, () -> processor("bad", config));
      assertTrue(e.getMessage().contains("preprocessor_config.json") && e.getMessage().contains("resample")
          && e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void vitIgnoresCropSizeAsTransformersDoesAndDeitCrops() throws IOException {
    String fields = "\"size\": {\"height\": 40, \"width\": 36}, \"crop_size\": {\"height\": 32, \"width\": 32}";
    ImageProcessor vit = processor("vit-crop", JsonParser.parseString("{\"image_processor_type\": "
        + "\"ViTImageProcessor\", " + fields + "}").getAsJsonObject());
    assertEquals(40, vit.shape().height());
    assertEquals(36, vit.shape().width());
    ImageProcessor deit = processor("deit-crop", JsonParser.parseString("{\"image_processor_type\": "
        + "\"DeiTImageProcessor\", " + fields + "}").getAsJsonObject());
    assertEquals(32, deit.shape().height());
  }

  @Test
  void convNextFrom384IsASquareAndOtherCropPctsAndBadFieldsAreNamed() throws IOException {
    ImageProcessor big = processor("convnext-384", JsonParser.parseString("{\"image_processor_type\": "
        + "\"ConvNextImageProcessor\", \"size\": {\"shortest_edge\": 384}, \"crop_pct\": 0.875}").getAsJsonObject());
    assertEquals(384, big.shape().height());
    assertEquals(384, big.shape().width());
    String[][] bad = {
        {"{\"image_processor_type\": \"PoolFormerImageProcessor\", \"size\": 32, \"crop_size\": 32, "
            + "\"crop_pct\": 0.9}", "crop_pct (0.9) is supported for ConvNextImageProcessor only"},
        {"{\"size\": {\"height\": 8, \"width\": 8}, \"do_resize\": \"yes\"}", "do_resize must be true or false"},
        {"{\"size\": {\"height\": 8, \"width\": 8}, \"rescale_factor\": \"1/255\"}",
            "rescale_factor must be a positive number"},
        {"{\"size\": {\"height\": 8, \"width\": 8}, \"image_mean\": {\"r\": 1}}", "image_mean must have 3 values"},
        {"{\"size\": 0}", "size must be a whole number from 1 to 100000, got 0"},
        {"{\"size\": {\"height\": 8}}", "width must be a whole number"},
        {"{\"image_processor_type\": 7, \"size\": 8}", "image_processor_type must be a class name"},
    };
    for (String[] c : bad) {
      InvalidModelException e = assertThrows(InvalidModelException.class,
          () -> processor("bad", JsonParser.parseString(c[0]).getAsJsonObject()));
      assertTrue(e.getMessage().contains("preprocessor_config.json") && e.getMessage().contains(c[1]),
          c[1] + " / " + e.getMessage());
    }
  }

  @Test
  void aVeryThinImageIsRefusedByNameInsteadOfExhaustingMemory() throws IOException {
    ImageProcessor vit = processor("vit-224", JsonParser.parseString("{\"size\": {\"height\": 224, \"width\": 224}}")
        .getAsJsonObject());
    BufferedImage thin = new BufferedImage(2, 400_000, BufferedImage.TYPE_INT_RGB);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> vit.pixelValues(thin));
    assertTrue(e.getMessage().contains("resizing a 2×400000 image to 224×224 needs") && e.getMessage().contains(
        "crop or shrink the image first"), e.getMessage());
    ImageProcessor clip = processor("clip-224", JsonParser.parseString("{\"image_processor_type\": "
        + "\"CLIPImageProcessor\", \"size\": 224, \"crop_size\": 224}").getAsJsonObject());
    e = assertThrows(IllegalArgumentException.class, () -> clip.pixelValues(thin));
    assertTrue(e.getMessage().contains("would be 44800000 pixels long"), e.getMessage());
  }

  @Test
  void shortestEdgeWithoutCropIsStillRefused() throws IOException {
    JsonObject config = JsonParser.parseString("{\"size\": {\"shortest_edge\": 8}, \"do_center_crop\": false, "
        + "\"crop_size\": {\"height\": 8, \"width\": 8}}").getAsJsonObject();
    assertThrows(InvalidModelException.class, () -> processor("se", config));
  }

  @Test
  void malformedExifIsIgnored() throws IOException {
    Path good = RESOURCES.resolve("images/exif6-24x40.jpg");
    byte[] bytes = Files.readAllBytes(good);
    int exif = indexOf(bytes, "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertTrue(exif > 0);
    byte[] badOffset = bytes.clone();
    badOffset[exif + 6 + 4] = (byte) 0xF0; // IFD0 offset far beyond the segment
    byte[] badOrder = bytes.clone();
    badOrder[exif + 6] = 'X';
    for (byte[] b : new byte[][] {badOffset, badOrder}) {
      Path f = tmp.resolve("bad.jpg");
      Files.write(f, b);
      BufferedImage img = ImageProcessor.read(f);
      assertEquals(24, img.getWidth());
      assertEquals(40, img.getHeight());
    }
    assertEquals(6, ExifOrientation.of(good));
    assertEquals(1, ExifOrientation.fromTiff(new byte[] {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 9}, 0)); // truncated IFD
    assertEquals(1, ExifOrientation.fromTiff(new byte[3], 0));
  }

  @Test
  void exifInEitherByteOrder() {
    byte[] big = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0, 0};
    byte[] little = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0};
    assertEquals(8, ExifOrientation.fromTiff(big, 0));
    assertEquals(3, ExifOrientation.fromTiff(little, 0));
    big[19] = 9; // not an orientation
    assertEquals(1, ExifOrientation.fromTiff(big, 0));
    // A LONG value, as Pillow also reads it
    byte[] asLong = {'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 4, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0};
    assertEquals(6, ExifOrientation.fromTiff(asLong, 0));
  }

  @Test
  void aTruncatedJpegIsRefusedNotFilledWithGrey() throws IOException {
    Path jpeg;
    try (var files = Files.list(RESOURCES.resolve("images"))) {
      jpeg = files.filter(f -> f.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(jpeg);
    ImageProcessor.read(bytes, "whole.jpg");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ImageProcessor.read(java.util.Arrays.copyOf(bytes, bytes.length * 2 / 3), "cut.jpg"));
    assertTrue(e.getMessage().startsWith("cannot decode cut.jpg: truncated or corrupt"), e.getMessage());
  }

  @Test
  void fillBytesBeforeAMarkerAreSkipped() {
    byte[] tiff = {'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0};
    java.io.ByteArrayOutputStream jpeg = new java.io.ByteArrayOutputStream();
    jpeg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xE1});
    int length = 2 + 6 + tiff.length;
    jpeg.writeBytes(new byte[] {(byte) (length >> 8), (byte) length, 'E', 'x', 'i', 'f', 0, 0});
    jpeg.writeBytes(tiff);
    assertEquals(6, ExifOrientation.of(new java.io.ByteArrayInputStream(jpeg.toByteArray())));
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
