package ai.lantern.examples;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.reports.HtmlReport;
import java.nio.file.Path;

/**
 * A 4-class topic model (agnews-tiny): why it predicted one topic, and what speaks for a topic it
 * did not predict.
 *
 * <pre>examples/run TopicExplanation</pre>
 */
public final class TopicExplanation {
  private TopicExplanation() {}

  public static void main(String[] args) throws Exception {
    Path model = Path.of(System.getProperty("lantern.models.dir", "models"), "agnews-tiny");
    String text = "The team's owner sold the stadium to a bank after profits fell for the third quarter";

    try (PyTorchTextClassifier classifier = PyTorchTextClassifier.load(model)) {
      // Explain the predicted topic and one it did not predict.
      String predicted = classifier.predict(text).label();
      String other = predicted.equals("Business") ? "Sports" : "Business";
      LimeTextExplainer lime = LimeTextExplainer.builder()
          .setClassifier(classifier)
          .optLabels(predicted, other)
          .optNumFeatures(6)
          .build();
      Explanation e = lime.explain(text);

      System.out.printf("predicted: %s (%.3f)%n", e.prediction().label(), e.prediction().probability());
      for (TargetExplanation t : e.targets()) {
        System.out.printf("%nwhat speaks for and against %s (p = %.3f):%n", t.label(), t.modelValue());
        for (FeatureAttribution a : t.byMagnitude()) {
          System.out.printf("  %-10s %+.4f%n", a.text(), a.score());
        }
      }
      new HtmlReport("Topic explanation").add(text, e).write(Path.of("topic-report.html"));
      System.out.println("\nreport: topic-report.html");
    }
  }
}
