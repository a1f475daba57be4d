package ai.lantern.explainers.lime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.engine.pytorch.PyTorchImageClassifier;
import ai.lantern.engine.transformers.ImageProcessor;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LIME for images against a Python re-implementation of lime's algorithm with scikit-learn's Ridge
 * ({@code tools/golden/lime_image_golden.py}): the same sampled rows bit for bit (numpy's
 * generator), the same weights, intercepts and scores.
 */
class LimeImageGoldenTest {
  private static LimeImageExplainer.ImageBatchClassifier classifier(PyTorchImageClassifier model) {
    return model::probabilitiesOfRgb;
  }

  @Test
  void equalsPythonLimeWithTheSameSegmentsAndSeed() throws Exception {
    JsonObject golden;
    try (var in = new InputStreamReader(getClass().getResourceAsStream("/golden/lime-image.json"),
        StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(in).getAsJsonObject();
    }
    int cases = 0;
    for (JsonElement e : golden.getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      try (PyTorchImageClassifier model = PyTorchImageClassifier.load(Path.of(System.getProperty("lantern.models.dir"),
          c.get("model").getAsString()))) {
        int h = model.inputShape().height();
        int w = model.inputShape().width();
        String image = c.get("image").getAsString();
        int[] rgb = model.processor().rgbValues(ImageProcessor.read(image.startsWith("astronaut")
            ? Path.of(getClass().getResource("/segmentation/" + image).toURI()) : model.directory().resolve(image)));
        String segmentation = c.has("segmentation") ? c.get("segmentation").getAsString() : "grid";
        Segmenter segmenter = switch (segmentation) {
          case "quickshift" -> Quickshift.builder().optKernelSize(2).optMaxDist(50).optRatio(0.2).build();
          case "slic" -> Slic.builder().optNSegments(12).optCompactness(10).optStartLabel(0).build();
          default -> (x, hh, ww) -> LimeImageExplainer.gridSegments(hh, ww, c.get("block").getAsInt());
        };
        int[] segments = segmenter.segment(rgb, h, w);
        for (int i = 0; i < segments.length; i++) {
          assertEquals(c.getAsJsonArray("segments").get(i).getAsInt(), segments[i], segmentation + " pixel " + i);
        }
        LimeImageExplainer lime = LimeImageExplainer.builder().optNumSamples(c.get("samples").getAsInt())
            .optBatchSize(c.get("batchSize").getAsInt()).optTopLabels(c.get("topLabels").getAsInt())
            .optNumpyCompatible(true).optSeed(c.get("seed").getAsLong()).build();
        // The sampled rows, bit for bit.
        int d = java.util.Arrays.stream(segments).max().getAsInt() + 1;
        boolean[][] rows = lime.draw(d);
        for (int r = 0; r < rows.length; r++) {
          StringBuilder s = new StringBuilder();
          for (boolean b : rows[r]) {
            s.append(b ? '1' : '0');
          }
          assertEquals(c.getAsJsonArray("rows").get(r).getAsString(), s.toString(), "row " + r);
        }
        ImageLimeExplanation x = lime.explain(rgb, h, w, segmenter, model.labels(), classifier(model));
        assertEquals(c.getAsJsonArray("explanations").size(), x.explanations().size());
        for (int i = 0; i < x.explanations().size(); i++) {
          JsonObject g = c.getAsJsonArray("explanations").get(i).getAsJsonObject();
          ImageLimeExplanation.LabelWeights lw = x.explanations().get(i);
          assertEquals(g.get("label").getAsInt(), lw.index());
          double[] expected = new double[d];
          for (int z = 0; z < d; z++) {
            expected[z] = g.getAsJsonArray("weights").get(z).getAsDouble();
          }
          assertArrayEquals(expected, lw.weights(), 1e-6, c.get("model") + " label " + lw.index());
          assertEquals(g.get("intercept").getAsDouble(), lw.intercept(), 1e-6);
          assertEquals(g.get("score").getAsDouble(), lw.score(), 1e-6);
          assertEquals(g.get("localPrediction").getAsDouble(), lw.localPrediction(), 1e-6);
        }
        cases++;
      }
    }
    assertEquals(4, cases);
  }

  @Test
  void thePlantedPatchsSuperpixelsRankFirstAndTheMaskShowsThem() {
    try (PyTorchImageClassifier model = PyTorchImageClassifier.load(Path.of(System.getProperty("lantern.models.dir"),
        "planted-image"))) {
      int[] rgb = model.processor().rgbValues(ImageProcessor.read(model.directory().resolve("patch.png")));
      int[] segments = LimeImageExplainer.gridSegments(16, 16, 2);
      ImageLimeExplanation x = LimeImageExplainer.builder().optNumSamples(500).optLabels(1).optSeed(5).build()
          .explain(rgb, 16, 16, segments, model.labels(), classifier(model));
      int[] top4 = java.util.Arrays.copyOf(x.explanations().get(0).order(), 4);
      java.util.Arrays.sort(top4);
      assertArrayEquals(new int[] {27, 28, 35, 36}, top4, "the 2x2 blocks covering rows and columns 6..9");
      ImageLimeExplanation.ImageAndMask m = x.imageAndMask(1, true, false, true, 4, 0);
      for (int y = 0; y < 16; y++) {
        for (int xx = 0; xx < 16; xx++) {
          boolean inside = y >= 6 && y < 10 && xx >= 6 && xx < 10;
          assertEquals(inside ? 1 : 0, m.mask()[y * 16 + xx], "pixel " + y + "," + xx);
        }
      }
      assertEquals(0, m.image()[0], "hide_rest blacks out the rest");
      assertThrows(IllegalArgumentException.class, () -> x.imageAndMask(0, true, false, false, 5, 0),
          "class 0 was not explained");
      int[] gap = new int[256];
      gap[0] = 2;
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LimeImageExplainer.builder()
          .build().explain(rgb, 16, 16, gap, model.labels(), classifier(model)));
      assertTrue(e.getMessage().contains("1 is missing"), e.getMessage());
    }
  }
}
