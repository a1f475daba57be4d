package ai.lantern.cli;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Span;
import ai.lantern.core.TargetExplanation;
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
      List<Object> features = new ArrayList<>();
      for (FeatureAttribution a : t.attributions()) {
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
      target.put("features", features);
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
    json.put("diagnostics", diagnostics);
    return json;
  }
}
