package ai.lantern.explainers.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Comparison;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.TestJson;
import ai.lantern.explainers.faithfulness.Faithfulness;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rank agreement against scipy, and every method compared on the same features of a real model. */
class MethodComparatorTest {

  @Test
  void kendallTauBEqualsScipy() {
    JsonObject golden = TestJson.read("/golden/shapley/shapley.json");
    int checked = 0;
    for (JsonElement e : golden.getAsJsonArray("kendall")) {
      JsonObject c = e.getAsJsonObject();
      double expected = c.get("tau").getAsDouble();
      double tau = RankAgreement.kendallTauB(TestJson.doubles(c.getAsJsonArray("a")),
          TestJson.doubles(c.getAsJsonArray("b")));
      assertEquals(expected, tau, 1e-12, c.toString());
      checked++;
    }
    assertEquals(8, checked);
    assertTrue(Double.isNaN(RankAgreement.kendallTauB(new double[] {1, 1, 1}, new double[] {1, 2, 3})));
    assertEquals(0.5, RankAgreement.topKOverlap(new double[] {3, -2, 1, 0}, new double[] {-5, 0, 0.1, 4}, 2));
  }

  @Test
  void everyMethodExplainsTheSameFeaturesOfTheSameClass() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(TestJson.model("planted-tiny"))) {
      String text = "the quartz clock in the hall was loud";
      Comparison c = MethodComparator.builder().setClassifier(model)
          .optMethods("lime", "lig", "kernel-shap", "shap", "occlusion").optLimeSamples(500).build().compare(text);
      assertEquals(List.of("lime", "lig", "kernel-shap", "partition-shap", "occlusion"),
          c.methods().stream().map(Comparison.Method::name).toList());
      assertEquals(10, c.agreements().size());
      List<String> features = c.methods().get(0).target().attributions().stream().map(FeatureAttribution::text)
          .toList();
      for (Comparison.Method m : c.methods()) {
        assertEquals("ALPHA", m.target().label(), m.name());
        assertEquals(features, m.target().attributions().stream().map(FeatureAttribution::text).toList(), m.name());
        assertEquals("quartz", m.target().byMagnitude().get(0).text(), m.name());
        assertTrue(!Double.isNaN(m.quality(Faithfulness.COMPREHENSIVENESS)), m.name());
      }
      for (Comparison.Agreement a : c.agreements()) {
        assertTrue(a.topKOverlap() > 0, a.toString());
      }
      assertTrue(c.toString().contains("lig vs occlusion"), c.toString());
    }
  }

  @Test
  void badSettingsAreRefusedByName() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(TestJson.model("sst2-tiny"))) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MethodComparator.builder().setClassifier(model).optMethods("lime", "gradcam").build());
      assertTrue(e.getMessage().contains("gradcam"));
      assertThrows(IllegalArgumentException.class,
          () -> MethodComparator.builder().setClassifier(model).optMethods("shap", "partition-shap").build());
      assertThrows(IllegalArgumentException.class,
          () -> MethodComparator.builder().setClassifier(ai.lantern.core.TextClassifier.of(model.labels(),
              model::predictProbabilities)).optMethods("lig").build());
      assertThrows(IllegalArgumentException.class,
          () -> MethodComparator.builder().setClassifier(model).optLabel("NEUTRAL").build());
    }
  }
}
