package ai.lantern.explainers.lime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetExplanation;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * End to end against the algorithm of Python lime run in Python (numpy RandomState sampling,
 * scikit-learn surrogate) on the same toy classifier: same features, same samples, same
 * explanation within 1e-8.
 */
class LimeGoldenTest {

  @Test
  void numpyCompatibleModeReproducesThePythonReference() {
    JsonObject golden = Golden.read("end_to_end");
    int checked = 0;
    for (JsonElement ce : golden.getAsJsonArray("cases")) {
      JsonObject c = ce.getAsJsonObject();
      ToyClassifier toy = new ToyClassifier(golden);
      boolean bow = c.get("bow").getAsBoolean();
      LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(toy.classifier())
          .optNumpyCompatible(true)
          .optBow(bow)
          .optMaskString(c.get("maskString").isJsonNull() ? null : c.get("maskString").getAsString())
          .optNumSamples(c.get("numSamples").getAsInt())
          .optNumFeatures(c.get("numFeatures").getAsInt())
          .optFeatureSelection(FeatureSelection.parse(c.get("method").getAsString()))
          .optLabelIndices(1)
          .build();
      String text = c.get("text").getAsString();
      String what = text + " bow=" + bow + " seed=" + c.get("seed") + " n=" + c.get("numSamples") + " "
          + c.get("method") + " k=" + c.get("numFeatures");
      Explanation e = lime.explain(text, c.get("seed").getAsLong());

      List<String> words = c.getAsJsonArray("words").asList().stream().map(JsonElement::getAsString).toList();
      TargetExplanation t = e.targets().get(0);
      assertEquals("POSITIVE", t.label());
      JsonObject coefs = c.getAsJsonObject("coefficients");
      assertEquals(coefs.size(), t.attributions().size(), what);
      for (FeatureAttribution a : t.attributions()) {
        int index = a.feature().index();
        assertEquals(words.get(index), a.text(), what);
        assertEquals(coefs.get(Integer.toString(index)).getAsDouble(), a.score(), 1e-8, what + " weight of " + a.text());
      }
      assertEquals(c.get("intercept").getAsDouble(), t.quality().get("intercept"), 1e-8, what);
      assertEquals(c.get("score").getAsDouble(), t.quality().get("score"), 1e-8, what);
      assertEquals(c.get("localPrediction").getAsDouble(), t.quality().get("localPrediction"), 1e-8, what);
      assertEquals(c.getAsJsonArray("probabilities0").get(1).getAsDouble(), t.modelValue(), 1e-12, what);
      // Every distinct perturbed text reaches the model exactly once.
      assertEquals(c.get("distinctTexts").getAsLong(), e.diagnostics().forwardPasses(), what);
      // ... and the faithfulness measures' inputs, counted apart.
      assertEquals(c.get("distinctTexts").getAsLong() + e.diagnostics().evaluationPasses(), toy.texts.get(), what);
      assertEquals(c.get("numSamples").getAsLong(), e.diagnostics().samples(), what);
      checked++;
    }
    assertEquals(36, checked);
  }
}
