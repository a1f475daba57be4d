package ai.lantern.explainers.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Explainer;
import ai.lantern.core.Explanation;
import ai.lantern.core.QuestionContext;
import ai.lantern.core.TextPair;
import ai.lantern.core.ZeroShotInput;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.TestJson;
import ai.lantern.explainers.occlusion.Occlusion;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every task explainer has one shape: built by a builder, an {@link Explainer} over its typed
 * input (so {@code explainAll} works for all), and any perturbation method taken the same way.
 */
class TaskShapesTest {
  @Test
  void everyTaskIsAnExplainerOverItsTypedInput() {
    try (PyTorchTextClassifier sst2 = PyTorchTextClassifier.load(TestJson.model("sst2-tiny"));
        PyTorchTextClassifier pairs = PyTorchTextClassifier.load(TestJson.model("pair-tiny"));
        PyTorchTextClassifier nli = PyTorchTextClassifier.load(TestJson.model("nli-tiny"));
        PyTorchTextClassifier ner = PyTorchTextClassifier.load(TestJson.model("ner-tiny"));
        PyTorchTextClassifier qa = PyTorchTextClassifier.load(TestJson.model("qa-tiny"))) {
      Explainer<String, ?> sequence = SequenceClassificationExplainer.builder().setModel(sst2).build();
      Explainer<TextPair, ?> pair = PairClassificationExplainer.builder().setModel(pairs).build();
      Explainer<ZeroShotInput, ?> zeroShot = ZeroShotClassificationExplainer.builder().setModel(nli).build();
      Explainer<String, ?> tokens = TokenClassificationExplainer.builder().setModel(ner).build();
      Explainer<QuestionContext, ?> answers = QuestionAnsweringExplainer.builder().setModel(qa).build();
      assertEquals(2, sequence.explainAll(List.of("a fine film", "a dull film"), 2).size());
      assertEquals(1, pair.explainAll(List.of(new TextPair("the cat sat", "a cat")), 1).size());
      assertEquals(1, zeroShot.explainAll(List.of(new ZeroShotInput("the striker scored",
          List.of("sports", "cooking"))), 1).size());
      assertEquals(1, tokens.explainAll(List.of("Alice moved to Paris"), 1).size());
      assertEquals(1, answers.explainAll(List.of(new QuestionContext("what is the color ?", "the color is red .")), 1)
          .size());

      Occlusion occlusion = Occlusion.builder().build();
      Explanation s = SequenceClassificationExplainer.builder().setModel(sst2).build()
          .explainWith("a fine film", Occlusion.builder().setClassifier(sst2).build(), 0);
      Explanation p = PairClassificationExplainer.builder().setModel(pairs).build()
          .explainWith(new TextPair("the cat sat", "a cat"), occlusion, 0);
      Explanation z = ZeroShotClassificationExplainer.builder().setModel(nli).build()
          .explainWith(new ZeroShotInput("the striker scored", List.of("sports", "cooking")), occlusion, 0);
      var t = TokenClassificationExplainer.builder().setModel(ner).build()
          .explainWith("Alice moved to Paris", Occlusion.builder().optFaithfulness(false).build(), 0);
      for (String method : List.of(s.method(), p.method(), z.method(), t.method())) {
        assertEquals("occlusion", method);
      }
      assertTrue(assertThrows(IllegalArgumentException.class,
          () -> SequenceClassificationExplainer.builder().build()).getMessage().contains("setModel"));
      assertTrue(assertThrows(IllegalArgumentException.class, () -> new ZeroShotInput("x", List.of()))
          .getMessage().contains("at least one candidate"));
    }
  }

  @Test
  void aTextLongerThanTheModelIsExplainedWindowByWindow() {
    try (PyTorchTextClassifier sst2 = PyTorchTextClassifier.load(TestJson.model("sst2-tiny"))) {
      String text = ("a gripping film with a dull middle and a wonderful end . ").repeat(60).strip();
      SequenceClassificationExplainer explainer = SequenceClassificationExplainer.builder().setModel(sst2)
          .optLayerIntegratedGradients(ai.lantern.explainers.gradient.LayerIntegratedGradients.builder()
              .setModel(sst2).optSteps(8).build()).build();
      assertTrue(!explainer.explain(text).diagnostics().warnings().isEmpty(), "one pass: cut, and said so");
      List<ai.lantern.explainers.gradient.IntegratedGradientsExplanation> windows = explainer.explainWindows(text, 32);
      assertTrue(windows.size() > 1, "windows: " + windows.size());
      int end = 0;
      for (var w : windows) {
        assertTrue(w.diagnostics().warnings().isEmpty(), "each window fits the model");
        for (var word : w.words()) {
          assertEquals(word.text(), word.span().of(text), "spans index the whole text");
          end = Math.max(end, word.span().end());
        }
      }
      assertEquals(text.length(), end, "the windows reach the end of the text");
      assertEquals(1, explainer.explainWindows("a gripping film", 32).size());
    }
  }
}
