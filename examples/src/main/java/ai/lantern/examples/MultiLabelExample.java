package ai.lantern.examples;

import ai.lantern.core.Explanation;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import java.nio.file.Path;

/**
 * A multi-label model (multilabel-tiny: ANIMAL, MUSIC, TREE, each an independent sigmoid): every
 * label's probability and what each label rests on, in one result.
 *
 * <pre>examples/run MultiLabelExample</pre>
 */
public final class MultiLabelExample {
  private MultiLabelExample() {}

  public static void main(String[] args) {
    Path dir = Path.of(System.getProperty("lantern.models.dir", "models"), "multilabel-tiny");
    String text = "a tiger played the piano under the old tree";
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      Explanation e = LayerIntegratedGradients.builder().setModel(model).build().explainLabels(text, true);
      System.out.println("labels at or above 0.5: " + e.prediction().labelsAbove(0.5));
      for (TargetExplanation t : e.targets()) {
        System.out.printf("%n%s (p = %.3f), strongest words:%n", t.label(), t.modelValue());
        t.byMagnitude().stream().filter(a -> !a.feature().special()).limit(3)
            .forEach(a -> System.out.printf("  %-8s %+.4f%n", a.text(), a.score()));
      }
    }
  }
}
