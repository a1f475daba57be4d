package ai.lantern.examples;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.tasks.PairClassificationExplainer;
import ai.lantern.explainers.text.SubwordPerturber;
import ai.lantern.reports.HtmlReport;
import java.nio.file.Path;

/**
 * A cross-encoder (pair-tiny, one logit: do both texts name the same topic?): why two texts
 * match, with Integrated Gradients and with LIME.
 *
 * <pre>examples/run SentencePairExample</pre>
 */
public final class SentencePairExample {
  private SentencePairExample() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(System.getProperty("lantern.models.dir", "models"), "pair-tiny");
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      PairClassificationExplainer pairs = PairClassificationExplainer.of(model);

      IntegratedGradientsExplanation match = pairs.explain("the zebra was tired", "a tiger slept");
      System.out.printf("\"the zebra was tired\" / \"a tiger slept\": MATCH %.4f%n", match.prediction().probability());
      print(match.words());

      // A non-match is not explained here: the all-[PAD] baseline is itself a non-match, so
      // Integrated Gradients (which distributes F(text) - F(baseline)) has nothing to share out.

      // LIME removes whole words of both texts together; the surrogate sees all of them at once.
      // Without either trigger the pair no longer matches, so both weigh heavily.
      LimeTextExplainer lime = LimeTextExplainer.builder().optNumSamples(1000).optNumFeatures(4).build();
      Explanation e = pairs.explainWithLime("the zebra was tired", "a tiger slept", lime, 0,
          SubwordPerturber.Granularity.WHOLE_WORD);
      System.out.printf("%nLIME, %d forward passes, surrogate R² %.3f:%n", e.diagnostics().forwardPasses(),
          e.targets().get(0).quality().get("score"));
      print(e.targets().get(0).byMagnitude());

      new HtmlReport("Sentence pair").addPair("the zebra was tired", "a tiger slept", e)
          .write(Path.of("pair-report.html"));
      System.out.println("\nreport: pair-report.html");
    }
  }

  private static void print(java.util.List<FeatureAttribution> attributions) {
    for (FeatureAttribution a : attributions) {
      System.out.printf("  %-5s %-8s %+.4f%n", a.feature().sequence() == 0 ? "text" : "pair", a.text(), a.score());
    }
  }
}
