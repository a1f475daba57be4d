package ai.lantern.explainers.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Span;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.TestJson;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * hf-xlmr-sst2's SentencePiece pieces ({@code ▁charming}) cover the space before their word; the
 * words and spans users see do not.
 */
class SentencePieceTest {
  private static final String TEXT = "a charming, often  affecting journey ";

  @Test
  void wordsAndSpansLeaveTheSpacesOut() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(TestJson.model("hf-xlmr-sst2"))) {
      List<String> words = List.of("a", "charming,", "often", "affecting", "journey");
      Explanation lime = LimeTextExplainer.builder().setClassifier(model)
          .optFeatures(LimeTextExplainer.Features.WHOLE_WORD).optNumSamples(200).build().explain(TEXT, 3);
      List<FeatureAttribution> features = lime.targets().get(0).attributions();
      assertEquals(words, features.stream().map(FeatureAttribution::text).toList());
      for (FeatureAttribution a : features) {
        Span s = a.feature().span();
        assertEquals(a.text(), TEXT.substring(s.start(), s.end()));
      }
      assertEquals(words, LayerIntegratedGradients.builder().setModel(model).optSteps(8).build().explain(TEXT)
          .words().stream().map(FeatureAttribution::text).toList());
    }
  }
}
