package ai.lantern.examples;

import ai.lantern.core.Comparison;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.compare.MethodComparator;
import ai.lantern.explainers.shapley.PartitionShap;
import ai.lantern.models.EmbeddedModels;
import ai.lantern.reports.HtmlReport;
import java.nio.file.Path;

/**
 * SHAP's default text explainer, then every method side by side on the same words: which words
 * each one ranks first, how faithful each is (comprehensiveness, sufficiency) and what it cost.
 * Writes {@code compare-report.html}.
 *
 * <pre>examples/run CompareMethods [MODEL_DIR]</pre>
 */
public final class CompareMethods {
  private CompareMethods() {}

  public static void main(String[] args) throws Exception {
    Path dir = args.length > 0 ? Path.of(args[0]) : EmbeddedModels.path(EmbeddedModels.SST2_TINY);
    String text = "the plot is thin, but the actors are wonderful and the music is lovely";
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      // Owen values over SHAP's text hierarchy: the scores add up to f(text) - f(every word hidden).
      Explanation e = PartitionShap.builder().setClassifier(model).build().explain(text);
      TargetExplanation t = e.targets().get(0);
      System.out.printf("%s %.3f; f(nothing) %.3f; comprehensiveness %.3f, sufficiency %.3f%n", t.label(),
          t.modelValue(), t.quality().get("baseValue"), t.quality().get("comprehensiveness"),
          t.quality().get("sufficiency"));
      for (FeatureAttribution a : t.byMagnitude().subList(0, 5)) {
        System.out.printf("  %-10s %+.4f%n", a.text(), a.score());
      }

      // Every method on the same words and class, with rank agreement between each pair.
      Comparison c = MethodComparator.builder().setClassifier(model)
          .optMethods("lime", "lig", "kernel-shap", "partition-shap", "occlusion").build().compare(text);
      System.out.println();
      System.out.print(c);
      new HtmlReport("Methods compared").addMethodComparison(c).write(Path.of("compare-report.html"));
      System.out.println("wrote compare-report.html");
    }
  }
}
