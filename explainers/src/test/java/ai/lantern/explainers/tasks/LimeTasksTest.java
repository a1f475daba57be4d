package ai.lantern.explainers.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TokenClassificationExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.TestJson;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.text.SubwordPerturber;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * LIME for zero-shot candidates, token targets and sentence pairs against the Python reference
 * (tools/golden/lime_golden.py tasks: lime's sampling with numpy's RandomState, scikit-learn's
 * surrogate, the fixtures' TorchScript models run by torch).
 */
class LimeTasksTest {
  private static final JsonObject GOLDEN = TestJson.read("/golden/lime/tasks.json");

  private static LimeTextExplainer lime(JsonObject c) {
    return LimeTextExplainer.builder().optNumpyCompatible(true).optNumSamples(c.get("numSamples").getAsInt())
        .optNumFeatures(c.get("numFeatures").getAsInt()).build();
  }

  /** Same selected features, weights, intercept and R² as the reference. */
  private static void assertSurrogate(JsonObject c, TargetExplanation t, List<String> words, String what) {
    JsonObject coefs = c.getAsJsonObject("coefficients");
    assertEquals(coefs.size(), t.attributions().size(), what);
    for (FeatureAttribution a : t.attributions()) {
      int index = a.feature().index();
      if (words != null) {
        assertEquals(words.get(index), a.text().toLowerCase(java.util.Locale.ROOT), what);
      }
      assertEquals(coefs.get(Integer.toString(index)).getAsDouble(), a.score(), 1e-4, what + " weight of " + a.text());
    }
    assertEquals(c.get("intercept").getAsDouble(), t.quality().get("intercept"), 1e-4, what);
    assertEquals(c.get("score").getAsDouble(), t.quality().get("score"), 1e-4, what);
  }

  private static List<String> strings(JsonObject c, String field) {
    return c.getAsJsonArray(field).asList().stream().map(JsonElement::getAsString).toList();
  }

  @Test
  void zeroShotCandidatesMatchThePythonReference() {
    JsonObject c = GOLDEN.getAsJsonObject("zeroShot");
    try (PyTorchTextClassifier nli = PyTorchTextClassifier.load(TestJson.model("nli-tiny"))) {
      ZeroShotClassificationExplainer zs = ZeroShotClassificationExplainer.builder().setModel(nli).build();
      List<String> candidates = strings(c, "candidates");
      Explanation e = zs.explainWithLime(c.get("text").getAsString(), candidates, lime(c), c.get("seed").getAsLong());
      assertEquals(candidates.get(c.get("label").getAsInt()), e.prediction().label());
      assertEquals(TestJson.doubles(c.getAsJsonArray("scores0"))[c.get("label").getAsInt()], e.prediction().probability(),
          1e-5);
      assertSurrogate(c, e.targets().get(0), strings(c, "words"), "zero-shot");
      assertEquals("football", e.targets().get(0).byMagnitude().get(0).text());
    }
  }

  @Test
  void tokenTargetsMatchThePythonReference() {
    JsonObject c = GOLDEN.getAsJsonObject("tokens");
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(TestJson.model("ner-tiny"))) {
      TokenClassificationExplanation e = TokenClassificationExplainer.builder().setModel(model).build()
          .explainWithLime(c.get("text").getAsString(), lime(c), c.get("seed").getAsLong(),
              SubwordPerturber.Granularity.TOKEN);
      assertEquals("lime", e.method());
      assertEquals(c.getAsJsonArray("targets").size(), e.targets().size());
      for (JsonElement te : c.getAsJsonArray("targets")) {
        JsonObject t = te.getAsJsonObject();
        int position = t.get("position").getAsInt();
        TargetExplanation x = e.target(position);
        assertEquals(model.labels().get(t.get("label").getAsInt()), x.label());
        assertSurrogate(t, x, null, "token " + position);
        // The token decides its own label: its feature (feature index = position - 1) leads.
        assertEquals(position - 1, x.byMagnitude().get(0).feature().index(), "token " + position);
      }
    }
  }

  @Test
  void pairsMatchThePythonReference() {
    JsonObject c = GOLDEN.getAsJsonObject("pair");
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(TestJson.model("pair-tiny"))) {
      Explanation e = new PairClassificationExplainer(model, ai.lantern.explainers.gradient.LayerIntegratedGradients
          .builder().setModel(model).build()).explainWithLime(c.get("text").getAsString(), c.get("pair").getAsString(),
              lime(c), c.get("seed").getAsLong(), SubwordPerturber.Granularity.WHOLE_WORD);
      TargetExplanation t = e.targets().get(0);
      assertSurrogate(c, t, strings(c, "words"), "pair");
      List<FeatureAttribution> top = t.byMagnitude();
      assertEquals(List.of("tiger", "zebra"), top.stream().limit(2).map(FeatureAttribution::text).sorted().toList());
      assertTrue(top.get(0).score() > 0 && top.get(1).score() > 0, top.toString());
      FeatureAttribution tiger = top.stream().filter(a -> a.text().equals("tiger")).findFirst().orElseThrow();
      assertEquals(1, tiger.feature().sequence());
      assertEquals("tiger", tiger.feature().span().of(c.get("pair").getAsString()));
    }
  }

  @Test
  void aLimeExplainerWithoutClassifierOnlyServesOtherModels() {
    LimeTextExplainer settingsOnly = LimeTextExplainer.builder().build();
    assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> settingsOnly.explain("text")).getMessage().contains("built without a classifier"));
  }
}
