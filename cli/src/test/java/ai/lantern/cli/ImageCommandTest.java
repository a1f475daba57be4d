package ai.lantern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code explain --image} and {@code predict --image} on the digits fixture, and bad images. */
class ImageCommandTest extends CliTestBase {
  private static final String DIGITS = fixture("digits-cnn");
  private static final String DIGIT = Path.of(DIGITS, "digit-0-7.png").toString();

  @Test
  void explainsAnImageWithIntegratedGradientsAndNoiseTunnelAndDrawsTheView(@TempDir Path tmp) throws Exception {
    assertEquals(0, run("predict", "--model", DIGITS, "--image", DIGIT, "--json"), stderr());
    assertEquals("7", JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonObject("prediction").get("label")
        .getAsString());
    Path png = tmp.resolve("view.png");
    assertEquals(0, run("explain", "--model", DIGITS, "--image", DIGIT, "--json", "--report", png.toString()),
        stderr());
    JsonObject ig = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("ig", ig.get("method").getAsString());
    assertEquals(32, ig.getAsJsonObject("explanation").getAsJsonArray("map").size());
    assertTrue(Math.abs(ig.getAsJsonObject("explanation").get("convergenceDelta").getAsDouble()) < 0.05,
        ig.getAsJsonObject("explanation").get("convergenceDelta").toString());
    BufferedImage view = ImageIO.read(png.toFile());
    assertEquals(256, view.getWidth());
    String[] tunnel = {"explain", "--model", DIGITS, "--image", DIGIT, "--json", "--no-report", "--noise-tunnel",
        "vargrad", "--nt-samples", "3", "--stdevs", "0.2", "--seed", "5"};
    assertEquals(0, run(tunnel), stderr());
    JsonObject first = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("ig-vargrad", first.get("method").getAsString());
    assertEquals(0, run(tunnel), stderr());
    assertEquals(first.getAsJsonObject("explanation"), JsonParser.parseString(stdout()).getAsJsonObject()
        .getAsJsonObject("explanation"), "the same seed, the same noise");
    assertEquals(0, run("explain", "--model", DIGITS, "--image", DIGIT, "--view", "masked_image", "--sign",
        "positive", "--side-by-side", "--report", png.toString()), stderr());
    assertEquals(2 * 256 + 8, ImageIO.read(png.toFile()).getWidth());
    assertTrue(stdout().contains("why 7: the pixels (row, column) with the largest |attribution|"), stdout());
  }

  @Test
  void limeOnSuperpixelsFindsThePlantedPatch(@TempDir Path tmp) throws Exception {
    String planted = fixture("planted-image");
    Path png = tmp.resolve("lime.png");
    assertEquals(0, run("explain", "--model", planted, "--image", Path.of(planted, "patch.png").toString(), "--method",
        "lime", "--segment-size", "2", "--samples", "400", "--json", "--report", png.toString(), "--hide-rest",
        "--num-features", "4"), stderr());
    JsonObject x = JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonObject("explanation");
    assertEquals("PATCH", x.get("label").getAsString());
    java.util.Set<Integer> top = new java.util.TreeSet<>();
    for (int i = 0; i < 4; i++) {
      top.add(x.getAsJsonArray("superpixels").get(i).getAsJsonObject().get("segment").getAsInt());
    }
    assertEquals(java.util.Set.of(27, 28, 35, 36), top);
    assertEquals(2 * 256 + 8, ImageIO.read(png.toFile()).getWidth());
    assertEquals(2, run("explain", "--model", planted, "--image", Path.of(planted, "patch.png").toString(),
        "--method", "lime", "--steps", "5"));
    assertTrue(stderr().contains("--steps applies to --method ig on images, not lime"), stderr());
    assertEquals(2, run("explain", "--model", planted, "--image", Path.of(planted, "patch.png").toString(),
        "--samples", "5"));
    assertTrue(stderr().contains("--samples applies to --method lime on images, not ig"), stderr());
  }

  @Test
  void limeSegmentsWithQuickshiftByDefaultOrSlicOrAGrid() throws Exception {
    int[] counts = new int[3];
    String[][] runs = {{}, {"--segmentation", "slic", "--n-segments", "16"}, {"--segment-size", "8"}};
    for (int i = 0; i < runs.length; i++) {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("explain", "--model", DIGITS,
          "--image", DIGIT, "--method", "lime", "--samples", "50", "--json", "--no-report"));
      args.addAll(java.util.List.of(runs[i]));
      assertEquals(0, run(args.toArray(String[]::new)), stderr());
      com.google.gson.JsonArray segments = JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonArray("segments");
      assertEquals(32 * 32, segments.size());
      java.util.Set<Integer> distinct = new java.util.TreeSet<>();
      segments.forEach(v -> distinct.add(v.getAsInt()));
      counts[i] = distinct.size();
      assertEquals(distinct.size() - 1, (int) ((java.util.TreeSet<Integer>) distinct).last(), "labels 0..d-1");
    }
    assertEquals(16, counts[2], "a grid of 8×8 blocks");
    assertTrue(counts[1] > 4 && counts[1] != 16, "slic: " + counts[1]);
    assertEquals(2, run("explain", "--model", DIGITS, "--image", DIGIT, "--method", "lime", "--n-segments", "9"));
    assertTrue(stderr().contains("--n-segments applies to --segmentation slic, not quickshift"), stderr());
    assertEquals(2, run("explain", "--model", DIGITS, "--image", DIGIT, "--method", "lime", "--segmentation",
        "felzenszwalb"));
    assertTrue(stderr().contains("--segmentation must be quickshift (lime's default), slic or grid"), stderr());
    assertEquals(2, run("explain", "--model", DIGITS, "--image", DIGIT, "--segmentation", "slic"));
    assertTrue(stderr().contains("--segmentation applies to --method lime on images, not ig"), stderr());
  }

  @Test
  void badImagesAndMismatchesAreNamed(@TempDir Path tmp) throws Exception {
    Path text = tmp.resolve("notes.png");
    Files.writeString(text, "not an image at all");
    assertEquals(1, run("explain", "--model", DIGITS, "--image", text.toString()));
    assertTrue(stderr().contains("is not an image Lantern can read"), stderr());
    byte[] png = Files.readAllBytes(Path.of(DIGIT));
    Path cut = tmp.resolve("cut.png");
    Files.write(cut, java.util.Arrays.copyOf(png, png.length / 2));
    assertEquals(1, run("explain", "--model", DIGITS, "--image", cut.toString()));
    assertTrue(stderr().contains("truncated or corrupt"), stderr());
    Path dot = tmp.resolve("dot.png");
    ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", dot.toFile());
    assertEquals(1, run("explain", "--model", DIGITS, "--image", dot.toString()));
    assertTrue(stderr().contains("is 1×1: too small to explain"), stderr());
    for (String[] bad : new String[][] {{"animated.gif", "is an animated GIF (2 frames)"},
        {"cmyk.jpg", "is a CMYK JPEG, which Lantern does not read: save it as RGB"}}) {
      Path f = tmp.resolve(bad[0]);
      try (var in = getClass().getResourceAsStream("/images/" + bad[0])) {
        Files.copy(in, f);
      }
      assertEquals(1, run("explain", "--model", DIGITS, "--image", f.toString()));
      assertTrue(stderr().contains(bad[1]), bad[0] + ": " + stderr());
    }
    Path huge = tmp.resolve("huge.png");
    Files.write(huge, pngHeader(20_000, 20_000));
    assertEquals(1, run("explain", "--model", DIGITS, "--image", huge.toString()));
    assertTrue(stderr().contains("is 20000×20000, over the limit of 50 megapixels"), stderr());
    for (String vit : new String[] {"hf-vit-digits", "hf-vit-digits-ts"}) {
      assertEquals(0, run("explain", "--model", fixture(vit), "--image", DIGIT, "--no-report", "--task", "image"),
          stderr());
      assertTrue(stdout().startsWith("7 "), vit + ": " + stdout());
    }
    String onnx = fixture("hf-vit-digits-onnx");
    assertEquals(0, run("predict", "--model", onnx, "--image", DIGIT), stderr());
    assertTrue(stdout().startsWith("7 "), stdout());
    assertEquals(0, run("explain", "--model", onnx, "--image", DIGIT, "--method", "lime", "--samples", "50",
        "--segment-size", "8", "--no-report"), stderr());
    assertTrue(stdout().startsWith("7 "), stdout());
    assertEquals(2, run("explain", "--model", onnx, "--image", DIGIT, "--no-report"));
    assertTrue(stderr().contains("is an ONNX model: ONNX Runtime computes no gradients") && stderr().contains(
        "give --method lime"), stderr());
    assertEquals(1, run("explain", "--model", onnx, "--text", "a film"));
    assertTrue(stderr().contains("is an image classifier: give --image FILE"), stderr());
    assertEquals(2, run("explain", "--model", DIGITS, "--task", "image", "--text", "a wonderful film"));
    assertTrue(stderr().contains("--task image needs --image FILE"), stderr());
    assertEquals(2, run("explain", "--model", DIGITS, "--task", "pair", "--image", DIGIT));
    assertTrue(stderr().contains("--task pair applies to texts"), stderr());
    assertEquals(1, run("explain", "--image", DIGIT));
    assertTrue(stderr().contains("is not an image classifier"), stderr());
    assertEquals(1, run("explain", "--model", DIGITS, "--text", "a wonderful film"));
    assertTrue(stderr().contains("is an image classifier: give --image FILE"), stderr());
    assertEquals(2, run("explain", "--model", DIGITS, "--image", DIGIT, "--method", "occlusion"));
    assertTrue(stderr().contains("--method occlusion is not available for images"), stderr());
    assertEquals(2, run("explain", "--model", DIGITS, "--image", DIGIT, "--report", "x.svg"));
    assertTrue(stderr().contains("is written as .png (the view) or .html"), stderr());
    Path html = tmp.resolve("image.html");
    assertEquals(0, run("explain", "--model", DIGITS, "--image", DIGIT, "--report", html.toString()), stderr());
    String page = Files.readString(html);
    assertTrue(page.contains("data:image/png;base64,") && page.contains("convergence delta")
        && page.contains("Prediction: <b>7</b>"), page.substring(0, Math.min(500, page.length())));
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(html.toFile());
    assertEquals(2, run("explain", "--model", DIGITS, "--image", DIGIT, "--threads", "2"));
    assertTrue(stderr().contains("--threads applies to texts, not --image"), stderr());
    assertEquals(2, run("explain", "--model", DIGITS, "--image", DIGIT, "--estimate"));
    assertTrue(stderr().contains("--estimate applies to texts, not --image"), stderr());
    assertEquals(1, run("explain", "--model", DIGITS, "--image", DIGIT, "--max-forward-passes", "10", "--no-report"));
    assertTrue(stderr().contains("needs 53 images through the model, over the budget of 10"), stderr());
    assertEquals(0, run("explain", "--model", DIGITS, "--image", DIGIT, "--method", "lime", "--segment-size", "8",
        "--max-forward-passes", "40", "--json", "--no-report"), stderr());
    JsonObject capped = JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonObject("diagnostics");
    assertEquals(40, capped.get("samples").getAsInt());
    assertTrue(capped.get("partial").getAsBoolean());
    assertEquals(2, run("explain", "--model", DIGITS, "--image", DIGIT, "--view", "masked_image"));
    assertEquals(2, run("explain", "--model", DIGITS, "--image", DIGIT, "--text", "x"));
  }

  /** A PNG signature and header chunk claiming the size, with no pixel data. */
  private static byte[] pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(ihdr.array());
    ByteBuffer b = ByteBuffer.allocate(8 + 4 + 17 + 4);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).putInt(13).put(ihdr.array())
        .putInt((int) crc.getValue());
    return b.array();
  }
}
