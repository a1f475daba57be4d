package ai.lantern.explainers.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.lantern.core.Explanation;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** multilabel-tiny: each label is on when one of its trigger words is in the text. */
class MultiLabelTest {
  private static final String TEXT = "a tiger played the piano under the oak";

  @Test
  void everyLabelIsExplainedAndItsTriggerRanksFirst() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(
        Path.of(System.getProperty("lantern.models.dir"), "multilabel-tiny"))) {
      assertEquals(List.of("ANIMAL", "MUSIC", "TREE"), model.predict(TEXT).labelsAbove(0.5));
      assertEquals(List.of("MUSIC"), model.predict("the piano again").labelsAbove(0.5));

      Explanation lig = LayerIntegratedGradients.builder().setModel(model).build().explainLabels(TEXT, true);
      Explanation lime = LimeTextExplainer.builder().setClassifier(model).optLabelIndices(0, 1, 2).build()
          .explain(TEXT);
      for (Explanation e : List.of(lig, lime)) {
        assertEquals(3, e.targets().size());
        String[] triggers = {"tiger", "piano", "oak"};
        for (int i = 0; i < 3; i++) {
          TargetExplanation t = e.targets().get(i);
          assertEquals(triggers[i], t.byMagnitude().get(0).text(), e.method() + " " + t.label());
        }
      }
      assertEquals(150, lig.diagnostics().samples());
    }
  }
}
