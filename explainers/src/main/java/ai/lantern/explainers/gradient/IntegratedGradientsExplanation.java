package ai.lantern.explainers.gradient;

import ai.lantern.core.Diagnostics;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.TargetExplanation;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Integrated Gradients attributions of one class for one text.
 *
 * @param prediction the model's prediction for the text
 * @param target the explained class index
 * @param label the explained class name
 * @param tokens one raw attribution per token, special tokens included (with a {@code null}
 *     span): the sum over the hidden dimension of (x − x′) × the integrated gradient
 * @param normalizedTokens the same divided by their L2 norm over all tokens (transformers-interpret's
 *     convention)
 * @param words one attribution per word, the sum of its pieces' raw attributions, with the word's
 *     span in the original text
 * @param fx the explained value for the text
 * @param fBaseline the explained value for the baseline
 * @param convergenceDelta {@code sum(tokens) − (fx − fBaseline)}: zero when the integral is exact
 * @param diagnostics the steps integrated (as samples), forward passes, time, and why it stopped
 */
public record IntegratedGradientsExplanation(
    Prediction prediction, int target, String label, List<FeatureAttribution> tokens,
    List<FeatureAttribution> normalizedTokens, List<FeatureAttribution> words, double fx, double fBaseline,
    double convergenceDelta, Diagnostics diagnostics) {

  /**
   * Copies the three attribution lists, so that the record stays immutable.
   *
   * @param prediction the model's prediction for the text; not {@code null}
   * @param target the explained class index
   * @param label the explained class name
   * @param tokens one raw attribution per token, special tokens included; not {@code null}
   * @param normalizedTokens {@code tokens} divided by their L2 norm; not {@code null}
   * @param words one attribution per word, the sum of its pieces; not {@code null}
   * @param fx the explained value for the text
   * @param fBaseline the explained value for the baseline
   * @param convergenceDelta {@code sum(tokens) − (fx − fBaseline)}
   * @param diagnostics the cost of the integration and why it stopped
   * @throws NullPointerException if {@code prediction}, a list or an element of one is {@code null}
   */
  public IntegratedGradientsExplanation {
    Objects.requireNonNull(prediction, "prediction");
    tokens = List.copyOf(tokens);
    normalizedTokens = List.copyOf(normalizedTokens);
    words = List.copyOf(words);
  }

  /**
   * The L2 norm the normalised scores were divided by (0 when every attribution is 0).
   *
   * @return the square root of the sum of the squared raw token scores
   */
  public double norm() {
    double s = 0;
    for (FeatureAttribution a : tokens) {
      s += a.score() * a.score();
    }
    return Math.sqrt(s);
  }

  /**
   * The common explanation form with word attributions (sums of pieces), normalised or raw.
   *
   * @param normalized whether word scores are divided by {@link #norm()} (the tokens' L2 norm, not the words')
   * @return a {@code lig} explanation with one target; its quality holds the delta, fx and fBaseline
   */
  public Explanation asWordExplanation(boolean normalized) {
    double n = normalized && norm() > 0 ? norm() : 1;
    List<FeatureAttribution> scaled = words.stream().map(w -> new FeatureAttribution(w.feature(), w.score() / n))
        .toList();
    TargetExplanation t = new TargetExplanation(target, label, fx, scaled,
        Map.of("convergenceDelta", convergenceDelta, "fx", fx, "fBaseline", fBaseline));
    return new Explanation("lig", prediction, List.of(t), diagnostics);
  }

  /**
   * The common explanation form: token attributions, normalised or raw, with the delta as quality.
   *
   * @param normalized whether to use {@link #normalizedTokens()} rather than the raw {@link #tokens()}
   * @return a {@code lig} explanation with one target; its quality holds the delta, fx and fBaseline
   */
  public Explanation asExplanation(boolean normalized) {
    TargetExplanation t = new TargetExplanation(target, label, fx, normalized ? normalizedTokens : tokens,
        Map.of("convergenceDelta", convergenceDelta, "fx", fx, "fBaseline", fBaseline));
    return new Explanation("lig", prediction, List.of(t), diagnostics);
  }
}
