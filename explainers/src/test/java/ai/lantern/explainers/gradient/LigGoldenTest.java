package ai.lantern.explainers.gradient;

import static ai.lantern.explainers.TestJson.doubles;
import static ai.lantern.explainers.TestJson.longs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetOutput;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.Reader;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java against PyTorch autograd on the same packages (tools/golden/lig_golden.py): every
 * integration method, several texts, targets and both explained outputs.
 */
class LigGoldenTest {

  static JsonObject golden(String model) {
    return ai.lantern.explainers.TestJson.read("/golden/lig/" + model + ".json");
  }

  /**
   * The cases tools/golden/lig_golden.py writes per model: a golden file that lost cases (or a
   * loop that skipped some) fails here instead of passing on fewer comparisons.
   */
  private static final java.util.Map<String, Integer> CASES = java.util.Map.ofEntries(
      java.util.Map.entry("sst2-tiny", 25), java.util.Map.entry("agnews-tiny", 19),
      java.util.Map.entry("planted-tiny", 8), java.util.Map.entry("multilabel-tiny", 13),
      java.util.Map.entry("hf-bert-sst2", 9), java.util.Map.entry("hf-distilbert-sst2", 9),
      java.util.Map.entry("hf-roberta-sst2", 9), java.util.Map.entry("hf-xlmr-sst2", 9),
      java.util.Map.entry("hf-deberta-sst2", 9), java.util.Map.entry("hf-bert-multilabel", 11),
      java.util.Map.entry("hf-electra-sst2", 9));

  @ParameterizedTest
  @ValueSource(strings = {"sst2-tiny", "agnews-tiny", "planted-tiny", "multilabel-tiny", "hf-bert-sst2",
      "hf-distilbert-sst2", "hf-roberta-sst2", "hf-xlmr-sst2", "hf-deberta-sst2", "hf-bert-multilabel", "hf-electra-sst2"})
  void attributionsMatchPyTorchAutograd(String name) throws Exception {
    Path dir = Path.of(System.getProperty("lantern.models.dir"), name);
    int checked = 0;
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      for (JsonElement ce : golden(name).getAsJsonArray("cases")) {
        JsonObject c = ce.getAsJsonObject();
        String text = c.get("text").getAsString();
        LayerIntegratedGradients lig = LayerIntegratedGradients.builder().setModel(model)
            .optIntegrationMethod(IntegrationMethod.parse(c.get("method").getAsString()))
            .optSteps(c.get("steps").getAsInt())
            .optOutput(c.get("output").getAsString().equals("logit") ? TargetOutput.LOGIT : TargetOutput.PROBABILITY)
            .build();
        String what = name + " '" + text + "' target " + c.get("target") + " " + c.get("method") + " n="
            + c.get("steps") + " " + c.get("output");
        IntegratedGradientsExplanation e = lig.explain(text, c.get("target").getAsInt());
        assertArrayEquals(longs(c.getAsJsonArray("ids")), model.tokenize(text).ids().ids(), what);
        assertEquals(c.get("predicted").getAsInt(), e.prediction().index(), what);
        assertArrayEquals(doubles(c.getAsJsonArray("normalized")),
            e.normalizedTokens().stream().mapToDouble(FeatureAttribution::score).toArray(), 1e-4, what);
        double[] raw = doubles(c.getAsJsonArray("raw"));
        double scale = Math.max(1e-3, java.util.Arrays.stream(raw).map(Math::abs).max().orElse(0));
        assertArrayEquals(raw, e.tokens().stream().mapToDouble(FeatureAttribution::score).toArray(), 1e-4 * scale,
            what);
        assertEquals(c.get("fx").getAsDouble(), e.fx(), 1e-5, what);
        assertEquals(c.get("fBaseline").getAsDouble(), e.fBaseline(), 1e-5, what);
        assertEquals(c.get("delta").getAsDouble(), e.convergenceDelta(), 1e-4 * scale, what);
        checked++;
      }
    }
    assertEquals(CASES.get(name), checked, name + ": cases compared");
  }
}
