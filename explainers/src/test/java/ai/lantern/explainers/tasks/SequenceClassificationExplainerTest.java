package ai.lantern.explainers.tasks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.lantern.core.FeatureAttribution;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SequenceClassificationExplainerTest {

  @Test
  void predictsAndExplainsThePredictedOrAnyClass() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(
        Path.of(System.getProperty("lantern.models.dir"), "agnews-tiny"))) {
      SequenceClassificationExplainer explainer = SequenceClassificationExplainer.of(model);
      String text = "The team won the championship game in overtime";
      assertEquals("Sports", explainer.predict(text).label());
      IntegratedGradientsExplanation why = explainer.explain(text);
      assertEquals("Sports", why.label());
      IntegratedGradientsExplanation business = explainer.explain(text, "Business");
      assertEquals("Business", business.label());
      // the same numbers as the method it wraps
      IntegratedGradientsExplanation direct = LayerIntegratedGradients.builder().setModel(model).build()
          .explain(text, 2);
      assertArrayEquals(direct.words().stream().mapToDouble(FeatureAttribution::score).toArray(),
          business.words().stream().mapToDouble(FeatureAttribution::score).toArray(), 0.0);
      assertEquals("unknown label 'Politics'; valid labels: [World, Sports, Business, Sci/Tech]",
          assertThrows(IllegalArgumentException.class, () -> explainer.explain(text, "Politics")).getMessage());
    }
  }
}
