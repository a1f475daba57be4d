package ai.lantern.explainers.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.Explanation;
import ai.lantern.core.QuestionAnsweringExplanation;
import ai.lantern.core.StopReason;
import ai.lantern.core.TokenClassificationExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.TestJson;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A task call runs several integrations; its budget covers them all, each an equal share of what is left. */
class TaskBudgetTest {

  @Test
  void zeroShotSharesTheForwardPassesAmongCandidates() {
    try (PyTorchTextClassifier nli = PyTorchTextClassifier.load(TestJson.model("nli-tiny"))) {
      // 3 passes to score, then (69 - used) / remaining each: 22 = 20 steps + text + baseline, three times.
      ZeroShotClassificationExplainer zs = ZeroShotClassificationExplainer.builder().setModel(nli)
          .optLayerIntegratedGradients(LayerIntegratedGradients.builder().setModel(nli).optMaxForwardPasses(69).build())
          .build();
      Explanation e = zs.explain("the zebra was tired", List.of("animals", "music", "sports"));
      assertEquals(69, e.diagnostics().forwardPasses());
      assertEquals(60, e.diagnostics().samples());
      assertEquals(StopReason.FORWARD_PASS_LIMIT, e.diagnostics().stop());
      assertEquals("zebra", e.target("animals").byMagnitude().get(0).text());
      ZeroShotClassificationExplainer tiny = ZeroShotClassificationExplainer.builder().setModel(nli)
          .optLayerIntegratedGradients(LayerIntegratedGradients.builder().setModel(nli).optMaxForwardPasses(10).build())
          .build();
      assertThrows(BudgetExceededException.class, () -> tiny.explain("the zebra", List.of("animals", "music")));
    }
  }

  @Test
  void tokensAndAnswersShareTheirBudgetsToo() {
    try (PyTorchTextClassifier ner = PyTorchTextClassifier.load(TestJson.model("ner-tiny"))) {
      TokenClassificationExplanation e = TokenClassificationExplainer.builder().setModel(ner)
          .optLayerIntegratedGradients(LayerIntegratedGradients.builder().setTokenModel(ner).optMaxForwardPasses(37)
              .build()).build().explain("mary met anna in paris");
      // 1 labelling pass, then (37 - used) / remaining: 12 each (10 steps) for the three entities.
      assertEquals(37, e.diagnostics().forwardPasses());
      assertEquals(30, e.diagnostics().samples());
      assertEquals(3, e.targets().size());
      assertTrue(e.diagnostics().partial());
    }
    try (PyTorchTextClassifier qa = PyTorchTextClassifier.load(TestJson.model("qa-tiny"))) {
      QuestionAnsweringExplanation e = QuestionAnsweringExplainer.builder().setModel(qa)
          .optLayerIntegratedGradients(LayerIntegratedGradients.builder().setTokenModel(qa).optMaxForwardPasses(25)
              .build()).build().explain("what is the color ?", "the color is red .");
      assertEquals(25, e.diagnostics().forwardPasses());
      assertEquals(20, e.diagnostics().samples());
      assertEquals("red", e.answer());
    }
  }

  @Test
  void aDeadlineBoundsTheWholeCall() {
    try (PyTorchTextClassifier nli = PyTorchTextClassifier.load(TestJson.model("nli-tiny"))) {
      Duration deadline = Duration.ofMillis(1500);
      ZeroShotClassificationExplainer zs = ZeroShotClassificationExplainer.builder().setModel(nli)
          .optLayerIntegratedGradients(LayerIntegratedGradients.builder().setModel(nli).optSteps(10_000)
              .optInternalBatchSize(100).optDeadline(deadline).build()).build();
      long t0 = System.nanoTime();
      Explanation e = zs.explain("the zebra was tired", List.of("animals", "music", "sports"));
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      assertEquals(StopReason.DEADLINE, e.diagnostics().stop());
      assertEquals(deadline, e.diagnostics().budget().deadline(), "the whole call's budget, not the last share");
      assertTrue(e.diagnostics().samples() < 30_000, "samples " + e.diagnostics().samples());
      // The pace is measured, not promised: allow the noise of a shared machine, not a per-candidate deadline.
      assertTrue(took.compareTo(deadline.multipliedBy(2)) < 0, "took " + took.toMillis() + " ms");
    }
  }
}
