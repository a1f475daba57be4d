package ai.lantern.examples;

import ai.lantern.core.Explanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.models.EmbeddedModels;
import ai.lantern.reports.HtmlReport;
import java.nio.file.Path;
import java.util.List;

/**
 * Does the prediction change when only one word of a template changes? The sentiment of
 * "you are {}" for several values, the largest gap, and the explanations side by side.
 *
 * <pre>examples/run BiasProbe</pre>
 */
public final class BiasProbe {
  private BiasProbe() {}

  public static void main(String[] args) throws Exception {
    List<String> values = List.of("white", "black", "asian", "latin");
    List<String> texts = values.stream().map(v -> "you are " + v).toList();

    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(EmbeddedModels.path(EmbeddedModels.SST2_TINY))) {
      LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(model).optLabels("NEGATIVE").build();
      List<Explanation> explanations = lime.explainAll(texts, 2);

      double lowest = 1;
      double highest = 0;
      for (int i = 0; i < texts.size(); i++) {
        double negative = explanations.get(i).prediction().probability("NEGATIVE");
        System.out.printf("%-16s P(NEGATIVE) = %.4f%n", texts.get(i), negative);
        lowest = Math.min(lowest, negative);
        highest = Math.max(highest, negative);
      }
      System.out.printf("largest gap: %.4f%n", highest - lowest);
      new HtmlReport("Bias probe: you are {}").addComparison("P(NEGATIVE) by value", values, texts, explanations)
          .write(Path.of("probe-report.html"));
      System.out.println("report: probe-report.html");
    }
  }
}
