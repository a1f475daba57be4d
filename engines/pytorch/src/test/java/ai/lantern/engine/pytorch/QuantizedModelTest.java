package ai.lantern.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.LanternException;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dynamic int8 twin of sst2-tiny (tools/fixtures/make_quantized.py) runs and agrees with float32. */
class QuantizedModelTest {

  @Test
  void int8PackageRunsAndAgreesWithFloat32() {
    List<String> texts = new ArrayList<>();
    for (JsonElement c : Fixtures.golden("sst2-tiny").getAsJsonArray("cases")) {
      texts.add(c.getAsJsonObject().get("text").getAsString());
    }
    try (PyTorchTextClassifier fp32 = PyTorchTextClassifier.load(Fixtures.model("sst2-tiny"));
        PyTorchTextClassifier int8 = PyTorchTextClassifier.load(Fixtures.model("sst2-tiny-int8"))) {
      double[][] a = fp32.predictProbabilities(texts);
      double[][] b = int8.predictProbabilities(texts);
      double worst = 0;
      for (int i = 0; i < texts.size(); i++) {
        worst = Math.max(worst, Math.abs(a[i][1] - b[i][1]));
      }
      assertTrue(worst < 0.05, "largest probability difference " + worst);
      assertEquals(fp32.predict("I love you, I like you").label(), int8.predict("I love you, I like you").label());
      assertFalse(int8.isGradientReady());
      assertThrows(LanternException.class, int8::embeddingGradients);
    }
  }
}
