package ai.lantern.explainers.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.spi.TokenizedText;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.TestJson;
import ai.lantern.explainers.gradient.Baseline;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * hf-roberta-sst2's byte-level BPE: whitespace pieces (a lone {@code Ġ} from a double or trailing
 * space, {@code Ċ} for a newline) belong to no word, so no explanation shows a blank feature.
 */
class ByteLevelBpeTest {
  private static final String TEXT = "good  movie \nI 💖 it ";
  private static PyTorchTextClassifier model;

  @BeforeAll
  static void load() {
    model = PyTorchTextClassifier.load(TestJson.model("hf-roberta-sst2"));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void whitespacePiecesBelongToNoWord() {
    TokenizedText t = model.tokenize(TEXT);
    int blank = 0;
    for (int i = 0; i < t.size(); i++) {
      if (!t.isSpecial(i) && t.source(i).substring(t.spans().get(i).start(), t.spans().get(i).end()).isBlank()) {
        assertEquals(-1, t.wordId(i), "token " + i + " " + t.tokens().get(i));
        blank++;
      }
    }
    assertTrue(blank >= 3, "the text has a double space, a newline and a trailing space: " + t.tokens());
  }

  @Test
  void limeShowsNoBlankFeature() {
    for (LimeTextExplainer.Features kind : LimeTextExplainer.Features.values()) {
      Explanation e = LimeTextExplainer.builder().setClassifier(model).optFeatures(kind).optNumSamples(300).build()
          .explain(TEXT, 1);
      List<String> names = e.targets().get(0).attributions().stream().map(FeatureAttribution::text).toList();
      for (String name : names) {
        assertFalse(name.isBlank(), kind + " features " + names);
      }
      if (kind == LimeTextExplainer.Features.WHOLE_WORD) {
        assertEquals(List.of("good", "movie", "I", "💖", "it"), names);
      }
    }
  }

  @Test
  void integratedGradientsWordsAreTheWordsOfTheText() {
    IntegratedGradientsExplanation e = LayerIntegratedGradients.builder().setModel(model).optSteps(16).build()
        .explain(TEXT);
    assertEquals(List.of("good", "movie", "I", "💖", "it"), e.words().stream().map(FeatureAttribution::text).toList());
    // the whitespace pieces keep their scores among the tokens, so completeness still holds there
    double tokens = e.tokens().stream().mapToDouble(FeatureAttribution::score).sum();
    assertEquals(e.fx() - e.fBaseline(), tokens, 0.05);
  }

  @Test
  void blankTextsAreRefusedByEveryMethod() {
    IllegalArgumentException lig = assertThrows(IllegalArgumentException.class,
        () -> LayerIntegratedGradients.builder().setModel(model).optSteps(4).build().explain(" \n "));
    assertTrue(lig.getMessage().contains("empty text"), lig.getMessage());
    IllegalArgumentException lime = assertThrows(IllegalArgumentException.class,
        () -> LimeTextExplainer.builder().setClassifier(model).optFeatures(LimeTextExplainer.Features.WHOLE_WORD)
            .build().explain("   ", 0));
    assertTrue(lime.getMessage().contains("empty text"), lime.getMessage());
  }

  @Test
  void aByteLevelVocabularyEntryIsABaselineToken() {
    long the = model.tokenId("Ġthe").orElseThrow(() -> new AssertionError("Ġthe is in vocab.json"));
    IntegratedGradientsExplanation e = LayerIntegratedGradients.builder().setModel(model).optSteps(8)
        .optBaseline(Baseline.token(the)).build().explain("good movie");
    assertTrue(Double.isFinite(e.fBaseline()));
  }
}
