package ai.lantern.core;

import java.util.List;
import java.util.Objects;

/**
 * Why a model predicted what it did for one input: the prediction, one
 * {@link TargetExplanation} per explained class, and diagnostics.
 *
 * @param method the method's name ({@code lime}, {@code lig}, …)
 * @param prediction the model's prediction for the original input
 * @param targets the explained outputs
 * @param diagnostics cost and provenance
 */
public record Explanation(
    String method, Prediction prediction, List<TargetExplanation> targets, Diagnostics diagnostics) {
  /**
   * Checks the components and copies {@code targets}.
   *
   * @param method the method's name ({@code lime}, {@code lig}, …); not null
   * @param prediction the model's prediction for the original input; not null
   * @param targets the explained outputs; not null
   * @param diagnostics cost and provenance; not null
   */
  public Explanation {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(prediction, "prediction");
    Objects.requireNonNull(diagnostics, "diagnostics");
    targets = List.copyOf(targets);
  }

  /**
   * The explanation of class {@code label}.
   *
   * @param label the class name, as in {@link Prediction#labels()}
   * @return the first target explaining that class
   * @throws IllegalArgumentException listing the explained labels, if it was not explained
   */
  public TargetExplanation target(String label) {
    return targets.stream().filter(t -> t.label().equals(label)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("label '" + label + "' was not explained; explained: "
            + targets.stream().map(TargetExplanation::label).toList()));
  }

  /**
   * For people: the method, the prediction, each explained class with its five strongest
   * features, and the cost, e.g. {@code lime: POSITIVE 0.964; why POSITIVE: love +0.184, you
   * +0.136, I -0.058; 5000 samples, 16 forward passes, 52 ms}.
   */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(method).append(": ").append(prediction.label())
        .append(String.format(java.util.Locale.ROOT, " %.3f", prediction.probability()));
    for (TargetExplanation t : targets) {
      s.append("; ").append(t);
    }
    s.append("; ").append(diagnostics.samples()).append(" samples, ").append(diagnostics.forwardPasses())
        .append(" forward passes, ").append(diagnostics.elapsed().toMillis()).append(" ms");
    if (diagnostics.partial()) {
      s.append(" (partial: ").append(diagnostics.stop().name().toLowerCase(java.util.Locale.ROOT)).append(')');
    }
    return s.toString();
  }
}
