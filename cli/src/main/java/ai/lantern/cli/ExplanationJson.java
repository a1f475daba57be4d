package ai.lantern.cli;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Span;
import ai.lantern.core.TargetExplanation;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line's JSON schema for an explanation, shared by every method:
 * {@code {"method", "model", "prediction", "explanations": [{"label", "index", "features":
 * [{"text", "start", "end", "score"}], <quality measures>}], "diagnostics"}}; features in input
 * order, offsets as UTF-16 indices into the input (end exclusive).
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
    Map<String, Object> json = of(e.asExplanation(!raw), model);
    Map<String, Object> target = (Map<String, Object>) ((List<Object>) json.get("explanations")).get(0);
    double norm = e.norm();
    List<FeatureAttribution> words = raw || norm == 0 ? e.words() : e.words().stream()
        .map(w -> new FeatureAttribution(w.feature(), w.score() / norm)).toList();
    target.put("words", features(words));
    target.put("normalized", !raw);
    target.put("fx", e.fx());
    target.put("fBaseline", e.fBaseline());
    ((Map<String, Object>) json.get("diagnostics")).put("convergenceDelta", e.convergenceDelta());
    return json;
  }

  private static List<Object> features(List<FeatureAttribution> attributions) {
    List<Object> features = new ArrayList<>();
    for (FeatureAttribution a : attributions) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("text", a.text());
      Span span = a.span();
      f.put("start", span == null ? null : span.start());
      f.put("end", span == null ? null : span.end());
      f.put("score", a.score());
      if (a.feature().spans().size() > 1) {
        f.put("occurrences", a.feature().spans().stream().map(s -> List.of(s.start(), s.end())).toList());
      }
      if (a.feature().special()) {
        f.put("special", true);
      }
      features.add(f);
    }
    return features;
  }

  static Map<String, Object> of(Explanation e, String model) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("method", e.method());
    json.put("model", model);
    json.put("prediction", Main.predictionJson(e.prediction()));
    List<Object> explanations = new ArrayList<>();
    for (TargetExplanation t : e.targets()) {
      Map<String, Object> target = new LinkedHashMap<>();
      target.put("label", t.label());
      target.put("index", t.index());
      target.put("probability", t.modelValue());
      target.put("features", features(t.attributions()));
      for (String q : List.of("intercept", "score", "localPrediction", "convergenceDelta")) {
        if (t.quality().containsKey(q)) {
          target.put(q, t.quality().get(q));
        }
      }
      explanations.add(target);
    }
    json.put("explanations", explanations);
    Map<String, Object> diagnostics = new LinkedHashMap<>();
    diagnostics.put("samples", e.diagnostics().samples());
    diagnostics.put("forwardPasses", e.diagnostics().forwardPasses());
    diagnostics.put("elapsedMillis", e.diagnostics().elapsed().toMillis());
    diagnostics.put("seed", e.diagnostics().seed());
    diagnostics.put("partial", e.diagnostics().partial());
    diagnostics.put("stop", e.diagnostics().stop().name().toLowerCase(java.util.Locale.ROOT));
    diagnostics.put("samplesPerSecond", e.diagnostics().samplesPerSecond());
    Map<String, Object> budget = new LinkedHashMap<>();
    budget.put("deadlineMillis", e.diagnostics().budget().deadline() == null ? null
        : e.diagnostics().budget().deadline().toMillis());
    budget.put("maxForwardPasses", e.diagnostics().budget().maxForwardPasses() == 0 ? null
        : e.diagnostics().budget().maxForwardPasses());
    diagnostics.put("budget", budget);
    json.put("diagnostics", diagnostics);
    return json;
  }
}
