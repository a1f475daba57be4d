package ai.lantern.explainers.lime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.explainers.TestJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Quickshift and SLIC against skimage 0.19.3 (tools/golden/segmentation_golden.py). */
class SegmentationTest {
  private static JsonObject golden;
  private static final Map<String, int[]> IMAGES = new HashMap<>();
  private static final Map<String, int[]> SIZES = new HashMap<>();

  @BeforeAll
  static void load() throws IOException {
    golden = TestJson.read("/golden/segmentation.json");
    for (JsonElement e : golden.getAsJsonArray("images")) {
      JsonObject o = e.getAsJsonObject();
      String path = o.get("path").getAsString();
      BufferedImage img;
      if (path.startsWith("models/")) {
        img = ImageIO.read(TestJson.model(path.substring("models/".length())).toFile());
      } else {
        try (InputStream in = SegmentationTest.class.getResourceAsStream("/" + path)) {
          img = ImageIO.read(in);
        }
      }
      int h = o.get("height").getAsInt();
      int w = o.get("width").getAsInt();
      assertEquals(h, img.getHeight());
      assertEquals(w, img.getWidth());
      int[] rgb = new int[h * w * 3];
      long sum = 0;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int argb = img.getRGB(x, y);
          for (int c = 0; c < 3; c++) {
            rgb[(y * w + x) * 3 + c] = (argb >> (16 - 8 * c)) & 0xff;
            sum += rgb[(y * w + x) * 3 + c];
          }
        }
      }
      assertEquals(o.get("pixelSum").getAsLong(), sum, "pixels of " + path + " as Python read them");
      String name = o.get("name").getAsString();
      IMAGES.put(name, rgb);
      SIZES.put(name, new int[] {h, w});
    }
  }

  private static int[] run(Segmenter s, String image) {
    int[] size = SIZES.get(image);
    return s.segment(IMAGES.get(image), size[0], size[1]);
  }

  @Test
  void quickshiftEqualsSkimage() {
    int cases = 0;
    for (JsonElement e : golden.getAsJsonArray("quickshift")) {
      JsonObject c = e.getAsJsonObject();
      JsonObject p = c.getAsJsonObject("params");
      Quickshift.Builder b = Quickshift.builder();
      if (p.has("kernel_size")) {
        b.optKernelSize(p.get("kernel_size").getAsDouble()).optMaxDist(p.get("max_dist").getAsDouble())
            .optRatio(p.get("ratio").getAsDouble()).optSeed(p.get("random_seed").getAsLong());
      }
      int[] labels = run(b.build(), c.get("image").getAsString());
      assertArrayEquals(TestJson.ints(c.getAsJsonArray("labels")), labels, c.get("image") + " " + p);
      cases++;
    }
    assertEquals(12, cases);
  }

  @Test
  void limeDefaultsAreLimesSettings() {
    for (JsonElement e : golden.getAsJsonArray("quickshift")) {
      JsonObject c = e.getAsJsonObject();
      JsonObject p = c.getAsJsonObject("params");
      if (p.has("random_seed") && p.get("random_seed").getAsInt() == 42) {
        assertArrayEquals(TestJson.ints(c.getAsJsonArray("labels")), run(Quickshift.lime(), c.get("image").getAsString()));
      }
    }
  }

  @Test
  void slicEqualsSkimage() {
    int cases = 0;
    for (JsonElement e : golden.getAsJsonArray("slic")) {
      JsonObject c = e.getAsJsonObject();
      JsonObject p = c.getAsJsonObject("params");
      Slic.Builder b = Slic.builder();
      if (p.has("n_segments")) {
        b.optNSegments(p.get("n_segments").getAsInt()).optCompactness(p.get("compactness").getAsDouble())
            .optStartLabel(p.get("start_label").getAsInt());
      }
      int[] labels = run(b.build(), c.get("image").getAsString());
      assertArrayEquals(TestJson.ints(c.getAsJsonArray("labels")), labels, c.get("image") + " " + p);
      cases++;
    }
    assertEquals(9, cases);
  }

  @Test
  void tinyImagesSegment() {
    int[] one = {10, 20, 30};
    assertArrayEquals(new int[] {0}, Quickshift.builder().build().segment(one, 1, 1));
    assertArrayEquals(new int[] {1}, Slic.builder().build().segment(one, 1, 1));
    assertArrayEquals(new int[] {0}, Slic.builder().optStartLabel(0).build().segment(one, 1, 1));
  }

  @Test
  void badImagesAreRefused() {
    Segmenter[] all = {Quickshift.lime(), Slic.builder().build()};
    for (Segmenter s : all) {
      assertMessage("needs 12 values", () -> s.segment(new int[11], 2, 2));
      assertMessage("0..255", () -> s.segment(new int[] {0, 0, 256}, 1, 1));
      assertMessage("0..255", () -> s.segment(new int[] {0, -1, 0}, 1, 1));
      assertMessage("at least 1", () -> s.segment(new int[0], 0, 5));
      assertMessage("at least 1", () -> s.segment(new int[0], 5, -1));
      assertMessage("null", () -> s.segment(null, 1, 1));
    }
  }

  @Test
  void badSettingsAreRefused() {
    assertMessage("kernelSize", () -> Quickshift.builder().optKernelSize(0.5).build());
    assertMessage("kernelSize", () -> Quickshift.builder().optKernelSize(Double.NaN).build());
    assertMessage("ratio", () -> Quickshift.builder().optRatio(-1).build());
    assertMessage("maxDist", () -> Quickshift.builder().optMaxDist(-0.1).build());
    assertMessage("seed", () -> Quickshift.builder().optSeed(-1).build());
    assertMessage("nSegments", () -> Slic.builder().optNSegments(0).build());
    assertMessage("compactness", () -> Slic.builder().optCompactness(0).build());
    assertMessage("maxIterations", () -> Slic.builder().optMaxIterations(0).build());
    assertMessage("minSizeFactor", () -> Slic.builder().optMinSizeFactor(-1).build());
    assertMessage("maxSizeFactor", () -> Slic.builder().optMaxSizeFactor(0).build());
    assertMessage("startLabel", () -> Slic.builder().optStartLabel(2).build());
    assertMessage("maxSizeFactor", () -> Slic.builder().optMaxSizeFactor(0.1).build().segment(new int[12], 2, 2));
  }

  private static void assertMessage(String part, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(part), e.getMessage());
  }
}
