package ai.lantern.examples;

import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.NoAnswerException;
import ai.lantern.core.QuestionAnsweringExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.tasks.QuestionAnsweringExplainer;
import ai.lantern.reports.HtmlReport;
import java.nio.file.Path;

/**
 * Extractive question answering (qa-tiny): the answer in a context longer than the model
 * accepts (cut into overlapping windows), what its start and end rest on, and a question the
 * context cannot answer.
 *
 * <pre>examples/run QuestionAnsweringExample</pre>
 */
public final class QuestionAnsweringExample {
  private QuestionAnsweringExample() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(System.getProperty("lantern.models.dir", "models"), "qa-tiny");
    String filler = "the film was long and the story was slow . ";
    String context = filler.repeat(6) + "the animal is polar bear . " + filler.repeat(3);
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      QuestionAnsweringExplainer qa = QuestionAnsweringExplainer.builder().setModel(model).build();
      QuestionAnsweringExplanation e = qa.explain("what is the animal ?", context);
      System.out.printf("answer: \"%s\" (%.3f), characters %d-%d of a %d-character context, window %d of %d%n",
          e.answer(), e.score(), e.span().start(), e.span().end(), context.length(), e.window() + 1, e.windows());
      System.out.println("\nthe start rests on:");
      e.start().byMagnitude().stream().limit(4).forEach(QuestionAnsweringExample::print);
      System.out.println("the end rests on:");
      e.end().byMagnitude().stream().limit(4).forEach(QuestionAnsweringExample::print);
      try {
        qa.answer("what is the color ?", "the city is tokyo .");
      } catch (NoAnswerException none) {
        System.out.println("\n" + none.getMessage());
      }
      new HtmlReport("Question answering").addAnswer(e).write(Path.of("qa-report.html"));
      System.out.println("\nreport: qa-report.html");
    }
  }

  private static void print(FeatureAttribution a) {
    System.out.printf("  %-8s %-8s %+.4f%n", a.feature().sequence() == 0 ? "question" : "context", a.text(), a.score());
  }
}
