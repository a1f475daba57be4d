package ai.lantern.examples;

import ai.lantern.core.EntitySpan;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TokenClassificationExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.tasks.TokenClassificationExplainer;
import ai.lantern.reports.HtmlReport;
import java.nio.file.Path;

/**
 * Token classification (ner-tiny: people and places, BIO tags): the entities of a text and, for
 * every entity token, which tokens decided its tag. Results are keyed by token position, so the
 * two "paris" keep an explanation each.
 *
 * <pre>examples/run NamedEntityExample</pre>
 */
public final class NamedEntityExample {
  private NamedEntityExample() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(System.getProperty("lantern.models.dir", "models"), "ner-tiny");
    String text = "svetlana flew from paris to new york, then back to paris";
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      TokenClassificationExplanation e = TokenClassificationExplainer.builder().setModel(model).build().explain(text);
      for (EntitySpan x : e.entities()) {
        System.out.printf("%-4s %-12s characters %d-%d  (%.3f)%n", x.type(), x.text(), x.span().start(),
            x.span().end(), x.score());
      }
      for (TargetExplanation t : e.targets()) {
        var top = t.byMagnitude().get(0);
        System.out.printf("token %2d %-10s %-6s  top attribution: %s (%+.3f)%n", t.index(),
            e.tokens().stream().filter(p -> p.position() == t.index()).findFirst().orElseThrow().token(), t.label(),
            top.text(), top.score());
      }
      new HtmlReport("Named entities").addTokens(e).write(Path.of("ner-report.html"));
      System.out.println("\nreport: ner-report.html");
    }
  }
}
