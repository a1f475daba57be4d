package ai.lantern.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.InvalidModelException;
import ai.lantern.core.LanternException;
import ai.lantern.engine.transformers.ImageProcessor;
import ai.lantern.explainers.lime.ImageLimeExplanation;
import ai.lantern.explainers.lime.LimeImageExplainer;
import ai.lantern.explainers.lime.Slic;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX export of the HuggingFace ViT fixture ({@code tools/fixtures/make_onnx_fixtures.py}):
 * its logits equal HuggingFace's, from several threads at once; LIME explains it; Integrated
 * Gradients is refused by name; bad folders are named.
 */
class OnnxImageClassifierTest {
  private static Path models() {
    return Path.of(System.getProperty("lantern.models.dir"));
  }

  @Test
  void logitsEqualHuggingFacesFromSeveralThreads() throws Exception {
    JsonObject golden = JsonParser.parseString(Files.readString(models().getParent().resolve(
        "engines/pytorch/src/test/resources/golden/hf-vit-digits.json"))).getAsJsonObject();
    try (OnnxImageClassifier model = OnnxImageClassifier.load(models().resolve("hf-vit-digits-onnx"))) {
      assertFalse(model.isGradientReady());
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Void>> checks = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
          for (JsonElement e : golden.getAsJsonArray("cases")) {
            JsonObject c = e.getAsJsonObject();
            checks.add(pool.submit(() -> {
              float[] pixels = model.processor().pixelValues(ImageProcessor.read(models().resolve("digits-cnn")
                  .resolve(c.get("image").getAsString())));
              double[] logits = model.logits(pixels, 1)[0];
              for (int k = 0; k < logits.length; k++) {
                assertEquals(c.getAsJsonArray("logits").get(k).getAsDouble(), logits[k], 1e-4, c.get("image")
                    + " logit " + k);
              }
              return null;
            }));
          }
        }
        for (Future<Void> f : checks) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void limeExplainsItAndIntegratedGradientsIsRefusedByName() {
    try (OnnxImageClassifier model = OnnxImageClassifier.load(models().resolve("hf-vit-digits-onnx"))) {
      int[] rgb = model.processor().rgbValues(ImageProcessor.read(models().resolve("digits-cnn/digit-0-7.png")));
      ImageLimeExplanation e = LimeImageExplainer.builder().optNumSamples(100).optLabels(7).optSeed(1).build()
          .explain(rgb, 32, 32, Slic.builder().optNSegments(16).optStartLabel(0).build(), model.labels(),
              model::probabilitiesOfRgb);
      assertEquals("7", e.prediction().label());
      assertEquals(100, e.samples());
      LanternException ig = assertThrows(LanternException.class,
          () -> model.logitGradients(new float[3 * 32 * 32], 1, 7));
      assertTrue(ig.getMessage().contains("is an ONNX model: ONNX Runtime computes no gradients"), ig.getMessage());
    }
  }

  @Test
  void limeOnTheExportEqualsLimeOnTheFolderBuiltNatively() {
    try (OnnxImageClassifier onnx = OnnxImageClassifier.load(models().resolve("hf-vit-digits-onnx"));
        ai.lantern.engine.pytorch.PyTorchImageClassifier vit = ai.lantern.engine.pytorch.PyTorchImageClassifier.load(
            models().resolve("hf-vit-digits"))) {
      int[] rgb = onnx.processor().rgbValues(ImageProcessor.read(models().resolve("digits-cnn/digit-1-6.png")));
      LimeImageExplainer lime = LimeImageExplainer.builder().optNumSamples(200).optLabels(6).optSeed(9).build();
      int[] segments = LimeImageExplainer.gridSegments(32, 32, 8);
      double[] a = lime.explain(rgb, 32, 32, segments, onnx.labels(), onnx::probabilitiesOfRgb).explanations().get(0)
          .weights();
      double[] b = lime.explain(rgb, 32, 32, segments, vit.labels(), vit::probabilitiesOfRgb).explanations().get(0)
          .weights();
      org.junit.jupiter.api.Assertions.assertArrayEquals(b, a, 1e-4, "the same samples through two engines");
    }
  }

  @Test
  void foldersThatAreNotOnnxImageClassifiersAreNamed(@TempDir Path tmp) throws Exception {
    assertNull(OnnxImageClassifier.onnxFile(models().resolve("hf-bert-sst2-onnx")), "a text model");
    assertNull(OnnxImageClassifier.onnxFile(models().resolve("hf-vit-digits")), "no .onnx file");
    InvalidModelException e = assertThrows(InvalidModelException.class,
        () -> OnnxImageClassifier.load(models().resolve("hf-bert-sst2-onnx")));
    assertTrue(e.getMessage().contains("is not an ONNX image classifier"), e.getMessage());
    Path two = Files.createDirectories(tmp.resolve("two"));
    for (String f : new String[] {"model.onnx", "config.json", "preprocessor_config.json"}) {
      Files.copy(models().resolve("hf-vit-digits-onnx").resolve(f), two.resolve(f));
    }
    Files.copy(two.resolve("model.onnx"), two.resolve("model_quantized.onnx"));
    e = assertThrows(InvalidModelException.class, () -> OnnxImageClassifier.load(two));
    assertTrue(e.getMessage().contains("exactly one .onnx file (it has [model.onnx, model_quantized.onnx])"),
        e.getMessage());
    Path dir = Files.createDirectories(tmp.resolve("vit"));
    for (String f : new String[] {"model.onnx", "config.json", "preprocessor_config.json"}) {
      Files.copy(models().resolve("hf-vit-digits-onnx").resolve(f), dir.resolve(f));
    }
    Path processor = dir.resolve("preprocessor_config.json");
    Files.writeString(processor, Files.readString(processor).replace("\"height\": 32", "\"height\": 24")
        .replace("\"width\": 32", "\"width\": 24"));
    e = assertThrows(InvalidModelException.class, () -> OnnxImageClassifier.load(dir));
    assertTrue(e.getMessage().contains("refuses a batch of two 24×24 images") && e.getMessage().contains(
        "dynamic batch axis"), e.getMessage());
    Files.write(dir.resolve("model.onnx"), new byte[] {1, 2, 3});
    Files.writeString(processor, Files.readString(models().resolve("hf-vit-digits-onnx/preprocessor_config.json")));
    e = assertThrows(InvalidModelException.class, () -> OnnxImageClassifier.load(dir));
    assertTrue(e.getMessage().contains("is not an ONNX model that ONNX Runtime can load"), e.getMessage());
  }
}
