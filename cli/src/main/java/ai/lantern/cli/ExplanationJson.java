package ai.lantern.cli;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import java.util.List;
import java.util.Map;

/**
 * The command line's JSON: {@link ai.lantern.reports.ExplanationJson}'s schema, with the extras of
 * Integrated Gradients.
 */
final class ExplanationJson {
  private ExplanationJson() {}

  /**
   * Integrated Gradients: token features (special tokens flagged, with null offsets) followed by
   * {@code "words"}; normalised scores unless {@code raw}; the convergence delta in the
   * explanation and in the diagnostics.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> of(IntegratedGradientsExplanation e, String model, boolean raw) {
    Map<String, Object> json = ai.lantern.reports.ExplanationJson.toMap(e.asExplanation(!raw), model);
    Map<String, Object> target = (Map<String, Object>) ((List<Object>) json.get("explanations")).get(0);
    double norm = e.norm();
    List<FeatureAttribution> words = raw || norm == 0 ? e.words() : e.words().stream()
        .map(w -> new FeatureAttribution(w.feature(), w.score() / norm)).toList();
    target.put("words", ai.lantern.reports.ExplanationJson.features(words));
    target.put("normalized", !raw);
    ((Map<String, Object>) json.get("diagnostics")).put("convergenceDelta", e.convergenceDelta());
    return json;
  }

  /** Comprehensiveness and sufficiency (measured on words) into the first explanation and diagnostics. */
  @SuppressWarnings("unchecked")
  static void addFaithfulness(Map<String, Object> json, Map<String, Double> quality, long passes) {
    Map<String, Object> target = (Map<String, Object>) ((List<Object>) json.get("explanations")).get(0);
    target.put("comprehensiveness", quality.get("comprehensiveness"));
    target.put("sufficiency", quality.get("sufficiency"));
    ((Map<String, Object>) json.get("diagnostics")).put("evaluationPasses", passes);
  }

  static Map<String, Object> of(Explanation e, String model) {
    return ai.lantern.reports.ExplanationJson.toMap(e, model);
  }
}
