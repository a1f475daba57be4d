package ai.lantern.core;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Several explanation methods on the same input and class, over the same features: each method's
 * explanation (with its faithfulness and cost in its quality and diagnostics) and how far each
 * pair of methods agrees.
 *
 * @param text the explained text
 * @param topK how many of the strongest features {@link Agreement#topKOverlap()} compares
 * @param methods one entry per method, in the order asked
 * @param agreements one entry per pair of methods
 */
public record Comparison(String text, int topK, List<Method> methods, List<Agreement> agreements) {
  /**
   * Copies the lists.
   *
   * @param text the explained text; not null
   * @param topK how many of the strongest features {@link Agreement#topKOverlap()} compares
   * @param methods one entry per method, in the order asked; not null
   * @param agreements one entry per pair of methods; not null
   */
  public Comparison {
    Objects.requireNonNull(text, "text");
    methods = List.copyOf(methods);
    agreements = List.copyOf(agreements);
  }

  /**
   * One method's result.
   *
   * @param name the method ({@code lime}, {@code lig}, {@code kernel-shap}, {@code partition-shap},
   *     {@code occlusion})
   * @param explanation its explanation of the compared class, one score per shared feature
   */
  public record Method(String name, Explanation explanation) {
    /**
     * Checks that both components are present.
     *
     * @param name the method's name; not null
     * @param explanation its explanation of the compared class; not null
     */
    public Method {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(explanation, "explanation");
    }

    /**
     * The explanation of the compared class.
     *
     * @return the first (and only) target of {@link #explanation()}
     */
    public TargetExplanation target() {
      return explanation.targets().get(0);
    }

    /**
     * A quality measure by name, NaN when the method did not report it.
     *
     * @param name the measure ({@code comprehensiveness}, {@code sufficiency}, {@code score}…)
     * @return its value for the compared class, or NaN
     */
    public double quality(String name) {
      return target().quality().getOrDefault(name, Double.NaN);
    }
  }

  /**
   * How far two methods agree.
   *
   * @param first the name of one method
   * @param second the name of the other
   * @param kendallTau Kendall's τ-b between their scores over all features (ties corrected; NaN
   *     when either gives every feature the same score)
   * @param topKOverlap the share of the {@code topK} features with the largest |score| that both
   *     rank there
   */
  public record Agreement(String first, String second, double kendallTau, double topKOverlap) {}

  /** A table for people: each method's top features, faithfulness and cost, then the agreements. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    for (Method m : methods) {
      Diagnostics d = m.explanation().diagnostics();
      s.append(String.format(Locale.ROOT, "%-15s comprehensiveness %6.3f  sufficiency %6.3f  %6d passes %7d ms  top:",
          m.name(), m.quality("comprehensiveness"), m.quality("sufficiency"), d.forwardPasses(), d.elapsed().toMillis()));
      m.target().byMagnitude().stream().limit(topK)
          .forEach(a -> s.append(String.format(Locale.ROOT, " %s(%+.3f)", a.text(), a.score())));
      s.append('\n');
    }
    for (Agreement a : agreements) {
      s.append(String.format(Locale.ROOT, "%s vs %s: Kendall tau %.3f, top-%d overlap %.2f%n", a.first(), a.second(),
          a.kendallTau(), topK, a.topKOverlap()));
    }
    return s.toString();
  }
}
