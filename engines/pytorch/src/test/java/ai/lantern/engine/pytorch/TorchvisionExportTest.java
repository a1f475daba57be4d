package ai.lantern.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.lantern.engine.transformers.ImageProcessor;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A torchvision MobileNetV3 exported by {@code tools/export_hf_model.py}'s {@code export_torchvision}
 * ({@code tools/fixtures/make_torchvision_fixture.py}): Lantern's shortest-edge resize and centre
 * crop give torchvision's own evaluation pipeline's pixel values, and the logits equal the eager
 * model's.
 */
class TorchvisionExportTest {
  private static final double[] MEAN = {0.485, 0.456, 0.406};
  private static final double[] STD = {0.229, 0.224, 0.225};

  @Test
  void pixelValuesAndLogitsEqualTorchvisions() throws Exception {
    JsonObject golden;
    try (var in = new InputStreamReader(getClass().getResourceAsStream("/golden/torchvision-digits.json"),
        StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(in).getAsJsonObject();
    }
    Path models = Path.of(System.getProperty("lantern.models.dir"));
    int n = 0;
    try (PyTorchImageClassifier model = PyTorchImageClassifier.load(models.resolve("torchvision-digits"))) {
      assertEquals(64, model.inputShape().height());
      for (JsonElement e : golden.getAsJsonArray("cases")) {
        JsonObject c = e.getAsJsonObject();
        String image = c.get("image").getAsString();
        float[] pixels = model.processor().pixelValues(ImageProcessor.read(models.resolve("digits-cnn").resolve(image)));
        JsonArray rgb = c.getAsJsonArray("rgb");
        int plane = 64 * 64;
        for (int p = 0; p < plane; p++) {
          for (int ch = 0; ch < 3; ch++) {
            // torchvision: ToTensor (v / 255 in float32), then Normalize
            float expected = (float) ((rgb.get(p * 3 + ch).getAsInt() / 255f - (float) MEAN[ch]) / (float) STD[ch]);
            assertEquals(expected, pixels[ch * plane + p], 1e-5f, image + " channel " + ch + " pixel " + p);
          }
        }
        double[] logits = model.logits(pixels, 1)[0];
        for (int k = 0; k < logits.length; k++) {
          assertEquals(c.getAsJsonArray("logits").get(k).getAsDouble(), logits[k], 1e-4, image + " logit " + k);
        }
        n++;
      }
    }
    assertEquals(4, n);
  }
}
