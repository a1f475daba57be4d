package ai.lantern.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.InvalidModelException;
import ai.lantern.engine.transformers.ImageProcessor;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HuggingFace's ViTForImageClassification, trained here and exported by
 * {@code tools/export_hf_model.py --task image-classification}: Lantern's preprocessing equals
 * ViTImageProcessor's and its logits equal HuggingFace's (transformers 4.30.2).
 */
class HfImageExportTest {
  private static Path models() {
    return Path.of(System.getProperty("lantern.models.dir"));
  }

  @Test
  void pixelValuesAndLogitsEqualHuggingFaces() throws Exception {
    JsonObject golden;
    try (var in = new InputStreamReader(getClass().getResourceAsStream("/golden/hf-vit-digits.json"),
        StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(in).getAsJsonObject();
    }
    int n = 0;
    try (PyTorchImageClassifier model = PyTorchImageClassifier.load(models().resolve("hf-vit-digits-ts"))) {
      for (JsonElement e : golden.getAsJsonArray("cases")) {
        JsonObject c = e.getAsJsonObject();
        float[] pixels = model.processor().pixelValues(ImageProcessor.read(models().resolve("digits-cnn")
            .resolve(c.get("image").getAsString())));
        float[] expected = new float[pixels.length];
        for (int i = 0; i < expected.length; i++) {
          expected[i] = c.getAsJsonArray("pixelValues").get(i).getAsFloat();
        }
        assertArrayEquals(expected, pixels, 1e-6f, c.get("image").getAsString());
        double[] logits = model.logits(pixels, 1)[0];
        for (int k = 0; k < logits.length; k++) {
          assertEquals(c.getAsJsonArray("logits").get(k).getAsDouble(), logits[k], 1e-4, c.get("image") + " logit " + k);
        }
        n++;
      }
    }
    assertEquals(4, n);
  }

  @Test
  void aMissingOrContradictingProcessorIsNamed(@TempDir Path tmp) throws Exception {
    Path copy = Files.createDirectories(tmp.resolve("vit"));
    for (String f : new String[] {"model.pt", "config.json", "preprocessor_config.json"}) {
      Files.copy(models().resolve("hf-vit-digits-ts").resolve(f), copy.resolve(f));
    }
    Path processor = copy.resolve("preprocessor_config.json");
    String original = Files.readString(processor);
    Files.writeString(processor, original.replace("\"height\": 32", "\"height\": 24").replace("\"width\": 32",
        "\"width\": 24"));
    InvalidModelException size = assertThrows(InvalidModelException.class, () -> PyTorchImageClassifier.load(copy));
    assertTrue(size.getMessage().contains("makes 24×24 inputs, which") && size.getMessage().contains("refuses"),
        size.getMessage());
    Files.delete(processor);
    InvalidModelException missing = assertThrows(InvalidModelException.class,
        () -> PyTorchImageClassifier.load(copy));
    assertTrue(missing.getMessage().contains("preprocessor_config.json not found in"), missing.getMessage());
  }
}
