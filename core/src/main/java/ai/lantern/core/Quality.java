package ai.lantern.core;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The typed views of a {@link TargetExplanation}'s quality measures: what each method says about
 * how far to trust it. {@link TargetExplanation#quality()} keeps every measure by name (for JSON and
 * methods yet to come); these records are what code reads.
 */
public final class Quality {
  private Quality() {}

  /**
   * How well LIME's linear surrogate fits the model around the input.
   *
   * @param r2 the weighted R² of the surrogate on the samples
   * @param intercept the surrogate's intercept
   * @param localPrediction the surrogate's value for the whole input
   */
  public record Surrogate(double r2, double intercept, double localPrediction) {}

  /**
   * ferret's faithfulness measures (area over the perturbation curve).
   *
   * @param comprehensiveness the mean drop when the top features are removed: higher is better
   * @param sufficiency the mean drop when only they are kept: lower is better
   */
  public record Faithfulness(double comprehensiveness, double sufficiency) {}

  /**
   * What a Shapley method knows of its values.
   *
   * @param baseValue the model's value with every feature hidden; the values sum to the model's
   *     value minus this
   * @param exact whether they are the exact Shapley (or Owen) values rather than estimates
   */
  public record Shapley(double baseValue, boolean exact) {}

  static Optional<Surrogate> surrogate(Map<String, Double> q) {
    return q.containsKey("score") ? Optional.of(new Surrogate(q.get("score"), q.getOrDefault("intercept", Double.NaN),
        q.getOrDefault("localPrediction", Double.NaN))) : Optional.empty();
  }

  static Optional<Faithfulness> faithfulness(Map<String, Double> q) {
    return q.containsKey("comprehensiveness") ? Optional.of(new Faithfulness(q.get("comprehensiveness"),
        q.getOrDefault("sufficiency", Double.NaN))) : Optional.empty();
  }

  static Optional<Shapley> shapley(Map<String, Double> q) {
    return q.containsKey("baseValue") ? Optional.of(new Shapley(q.get("baseValue"), q.getOrDefault("exact", 0.0) == 1))
        : Optional.empty();
  }

  static OptionalDouble convergenceDelta(Map<String, Double> q) {
    return q.containsKey("convergenceDelta") ? OptionalDouble.of(q.get("convergenceDelta")) : OptionalDouble.empty();
  }
}
