package ai.lantern.core;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The explanation of one explained output (a class, a label, an answer's start position…).
 *
 * @param index the explained class index
 * @param label the explained class name
 * @param modelValue the model's value for this target on the original input (a probability, or
 *     a logit when logits are explained)
 * @param attributions one score per feature, in input order
 * @param quality the method's own measures of how trustworthy this explanation is, by name:
 *     LIME reports {@code intercept}, {@code score} (weighted R² of the surrogate) and
 *     {@code localPrediction}; Integrated Gradients reports {@code convergenceDelta}; the typed
 *     views {@link #surrogate()}, {@link #faithfulness()}, {@link #shapley()} and
 *     {@link #convergenceDelta()} read them
 */
public record TargetExplanation(
    int index, String label, double modelValue, List<FeatureAttribution> attributions,
    Map<String, Double> quality) {
  /**
   * Checks the label and copies the attributions and the quality measures.
   *
   * @param index the explained class index
   * @param label the explained class name; not null
   * @param modelValue the model's value for this target on the original input
   * @param attributions one score per feature, in input order; not null
   * @param quality the method's own measures, by name; not null, no null value
   */
  public TargetExplanation {
    Objects.requireNonNull(label, "label");
    attributions = List.copyOf(attributions);
    quality = Map.copyOf(quality);
  }

  /**
   * LIME's surrogate fit, when the method was LIME.
   *
   * @return the fit, or empty when {@link #quality()} has no {@code score}
   */
  public java.util.Optional<Quality.Surrogate> surrogate() {
    return Quality.surrogate(quality);
  }

  /**
   * Comprehensiveness and sufficiency, when they were measured.
   *
   * @return both measures, or empty when {@link #quality()} has no {@code comprehensiveness}
   */
  public java.util.Optional<Quality.Faithfulness> faithfulness() {
    return Quality.faithfulness(quality);
  }

  /**
   * The base value and exactness of Shapley values, when the method was KernelSHAP or Partition SHAP.
   *
   * @return both, or empty when {@link #quality()} has no {@code baseValue}
   */
  public java.util.Optional<Quality.Shapley> shapley() {
    return Quality.shapley(quality);
  }

  /**
   * Integrated Gradients' convergence delta, when the method integrated gradients.
   *
   * @return the delta, or empty when {@link #quality()} has no {@code convergenceDelta}
   */
  public java.util.OptionalDouble convergenceDelta() {
    return Quality.convergenceDelta(quality);
  }

  /**
   * Attributions sorted by decreasing absolute score (input order among equals).
   *
   * @return a new list of all the attributions, the strongest first
   */
  public List<FeatureAttribution> byMagnitude() {
    return attributions.stream()
        .sorted(Comparator.comparingDouble((FeatureAttribution a) -> -Math.abs(a.score())))
        .toList();
  }

  /** For people: the class and its five strongest features, e.g. {@code why POSITIVE: love +0.184, …}. */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder("why ").append(label).append(':');
    List<FeatureAttribution> top = byMagnitude();
    for (int i = 0; i < Math.min(5, top.size()); i++) {
      s.append(i == 0 ? " " : ", ").append(top.get(i).text())
          .append(String.format(java.util.Locale.ROOT, " %+.3f", top.get(i).score()));
    }
    if (top.size() > 5) {
      s.append(", … (").append(top.size()).append(" features)");
    }
    return s.toString();
  }
}
