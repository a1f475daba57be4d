package ai.lantern.examples;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.util.List;
import java.util.Locale;

/**
 * LIME over a plain Java function: no DJL, no model file. Anything that maps texts to
 * probabilities can be explained: a REST client, a Tribuo model, a rule set.
 *
 * <pre>examples/run FunctionExplanation</pre>
 */
public final class FunctionExplanation {
  private FunctionExplanation() {}

  public static void main(String[] args) {
    // A tiny "spam filter": the more of these words, the more likely SPAM.
    List<String> spammy = List.of("free", "winner", "click", "prize");
    TextClassifier filter = TextClassifier.of(List.of("HAM", "SPAM"), texts -> texts.stream().map(t -> {
      long hits = spammy.stream().filter(w -> t.toLowerCase(Locale.ROOT).contains(w)).count();
      double spam = 1 - Math.pow(0.35, hits);
      return new double[] {1 - spam, spam};
    }).toArray(double[][]::new));

    Explanation e = LimeTextExplainer.builder().setClassifier(filter).optNumSamples(1000).build()
        .explain("Click now: you are a winner of a free cruise", 7);

    System.out.printf("%s (%.3f)%n", e.prediction().label(), e.prediction().probability());
    for (FeatureAttribution a : e.targets().get(0).byMagnitude()) {
      System.out.printf("  %-8s %+.4f  at %s%n", a.text(), a.score(), a.span());
    }
  }
}
