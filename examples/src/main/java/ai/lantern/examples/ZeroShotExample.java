package ai.lantern.examples;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.tasks.ZeroShotClassificationExplainer;
import ai.lantern.reports.HtmlReport;
import java.nio.file.Path;
import java.util.List;

/**
 * Zero-shot classification with an NLI model (nli-tiny): labels chosen at call time, scored as
 * HuggingFace's pipeline scores them, and the premise words behind each label.
 *
 * <pre>examples/run ZeroShotExample</pre>
 */
public final class ZeroShotExample {
  private ZeroShotExample() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(System.getProperty("lantern.models.dir", "models"), "nli-tiny");
    String text = "we watched football after dinner";
    List<String> labels = List.of("animals", "music", "sports");
    try (PyTorchTextClassifier nli = PyTorchTextClassifier.load(dir)) {
      ZeroShotClassificationExplainer zeroShot = ZeroShotClassificationExplainer.builder().setModel(nli).build();
      Explanation e = zeroShot.explain(text, labels);
      System.out.printf("\"%s\" is about %s (%.3f)%n", text, e.prediction().label(), e.prediction().probability());
      for (TargetExplanation t : e.targets()) {
        System.out.printf("%n\"%s\" (score %.3f):%n", zeroShot.hypothesis(t.label()), t.modelValue());
        for (FeatureAttribution a : t.attributions()) {
          System.out.printf("  %-8s %+.4f%n", a.text(), a.score());
        }
      }
      // Several labels may be true at once: each scored on its own, entailment against contradiction.
      ZeroShotClassificationExplainer multi = ZeroShotClassificationExplainer.builder().setModel(nli)
          .optMultiLabel(true).build();
      System.out.println("\nmulti-label, at or above 0.5: "
          + multi.predict("we watched football and heard the piano", labels).labelsAbove(0.5));
      new HtmlReport("Zero-shot").add(text, e).write(Path.of("zero-shot-report.html"));
      System.out.println("\nreport: zero-shot-report.html");
    }
  }
}
