package ai.lantern.reports;

import ai.lantern.core.Budget;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.Explanation;
import ai.lantern.core.QuestionAnsweringExplanation;
import ai.lantern.core.TokenClassificationExplanation;
import ai.lantern.core.TokenPrediction;
import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.Span;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetExplanation;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Explanations as JSON, and back. The schema is the command line's:
 * {@code {"method", "model", "prediction": {"label", "index", "probabilities": {label: p}},
 * "explanations": [{"label", "index", "probability", "features": [{"index", "text", "start",
 * "end", "score", "special"?, "occurrences"?, "sequence"?}], <quality measures by name>}],
 * "diagnostics":
 * {"samples", "forwardPasses", "evaluationPasses", "warnings", "elapsedMillis", "elapsedNanos", "seed", "partial",
 * "stop", "samplesPerSecond", "budget": {"deadlineMillis", "maxForwardPasses"}}}}; features in input
 * order, offsets as UTF-16 indices (end exclusive). {@link #read(String)} gives back a record equal
 * to the one written.
 */
public final class ExplanationJson {
  private static final Set<String> TARGET_FIELDS = Set.of("label", "index", "probability", "features", "words",
      "normalized");

  private ExplanationJson() {}

  /**
   * Pretty-printed, nulls kept, HTML characters not escaped.
   *
   * @return a new Gson with these settings, for the maps of this class
   */
  public static Gson gson() {
    return new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().serializeNulls().create();
  }

  /**
   * The JSON object of {@code e}; {@code model} names the model ({@code null} to leave it out).
   *
   * @param e the explanation; not null
   * @param model the model's name, or {@code null} to leave it out
   * @return a new map in the schema's order, of maps, lists, strings, numbers and booleans, for {@link #gson()}
   */
  public static Map<String, Object> toMap(Explanation e, String model) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("method", e.method());
    if (model != null) {
      json.put("model", model);
    }
    json.put("prediction", prediction(e.prediction()));
    List<Object> explanations = new ArrayList<>();
    for (TargetExplanation t : e.targets()) {
      explanations.add(target(t, "index"));
    }
    json.put("explanations", explanations);
    json.put("diagnostics", diagnostics(e.diagnostics()));
    return json;
  }

  private static Map<String, Object> diagnostics(Diagnostics d) {
    Map<String, Object> diagnostics = new LinkedHashMap<>();
    diagnostics.put("samples", d.samples());
    diagnostics.put("forwardPasses", d.forwardPasses());
    diagnostics.put("evaluationPasses", d.evaluationPasses());
    diagnostics.put("warnings", d.warnings());
    diagnostics.put("elapsedMillis", d.elapsed().toMillis());
    diagnostics.put("elapsedNanos", d.elapsed().toNanos());
    diagnostics.put("seed", d.seed());
    diagnostics.put("partial", d.partial());
    diagnostics.put("stop", d.stop().name().toLowerCase(Locale.ROOT));
    diagnostics.put("samplesPerSecond", d.samplesPerSecond());
    Map<String, Object> budget = new LinkedHashMap<>();
    budget.put("deadlineMillis", d.budget().deadline() == null ? null : d.budget().deadline().toMillis());
    budget.put("maxForwardPasses", d.budget().maxForwardPasses() == 0 ? null : d.budget().maxForwardPasses());
    diagnostics.put("budget", budget);
    return diagnostics;
  }

  /**
   * The JSON object of a token-classification result: {@code task}, {@code method},
   * {@code model}, {@code tokens} and {@code words} ({@code position}, {@code text}, {@code start},
   * {@code end}, {@code label}, {@code probability}), {@code entities} ({@code type}, {@code text},
   * {@code start}, {@code end}, {@code score}, {@code firstToken}, {@code lastToken}), and
   * {@code explanations}, one per explained token, as in {@link #toMap(Explanation, String)} with
   * {@code position} for {@code index}.
   *
   * @param e the token-classification result; not null
   * @param model the model's name, or {@code null} to leave it out
   * @return a new map in the order above, for {@link #gson()}
   */
  public static Map<String, Object> toMap(TokenClassificationExplanation e, String model) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task", "token-classification");
    json.put("method", e.method());
    if (model != null) {
      json.put("model", model);
    }
    json.put("text", e.text());
    json.put("tokens", e.tokens().stream().map(ExplanationJson::token).toList());
    json.put("words", e.words().stream().map(ExplanationJson::token).toList());
    json.put("entities", e.entities().stream().map(x -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", x.type());
      m.put("text", x.text());
      m.put("start", x.span().start());
      m.put("end", x.span().end());
      m.put("score", x.score());
      m.put("firstToken", x.firstToken());
      m.put("lastToken", x.lastToken());
      return m;
    }).toList());
    json.put("explanations", e.targets().stream().map(t -> target(t, "position")).toList());
    json.put("diagnostics", diagnostics(e.diagnostics()));
    return json;
  }

  /**
   * The JSON object of a question-answering result: {@code task}, {@code method}, {@code model},
   * {@code question}, {@code context}, {@code answer} ({@code text}, {@code start}, {@code end}
   * in the context, {@code score}, {@code window}, {@code windows}), and {@code explanations}:
   * {@code start} and {@code end}, each with {@code position}, {@code logit} and the features of
   * both texts ({@code sequence} 1 for the context).
   *
   * @param e the question-answering result; not null
   * @param model the model's name, or {@code null} to leave it out
   * @return a new map in the order above, for {@link #gson()}
   */
  public static Map<String, Object> toMap(QuestionAnsweringExplanation e, String model) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("task", "question-answering");
    json.put("method", e.method());
    if (model != null) {
      json.put("model", model);
    }
    json.put("question", e.question());
    json.put("context", e.context());
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("text", e.answer());
    answer.put("start", e.span().start());
    answer.put("end", e.span().end());
    answer.put("score", e.score());
    answer.put("window", e.window());
    answer.put("windows", e.windows());
    json.put("answer", answer);
    Map<String, Object> explanations = new LinkedHashMap<>();
    for (TargetExplanation t : List.of(e.start(), e.end())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("position", t.index());
      m.put("logit", t.modelValue());
      m.put("features", features(t.attributions()));
      new java.util.TreeMap<>(t.quality()).forEach(m::put);
      explanations.put(t.label(), m);
    }
    json.put("explanations", explanations);
    json.put("diagnostics", diagnostics(e.diagnostics()));
    return json;
  }

  private static Map<String, Object> token(TokenPrediction p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("position", p.position());
    m.put("text", p.token());
    m.put("start", p.span().start());
    m.put("end", p.span().end());
    m.put("label", p.label());
    m.put("probability", p.probability());
    return m;
  }

  private static Map<String, Object> target(TargetExplanation t, String indexName) {
    Map<String, Object> target = new LinkedHashMap<>();
    target.put("label", t.label());
    target.put(indexName, t.index());
    target.put("probability", t.modelValue());
    target.put("features", features(t.attributions()));
    new java.util.TreeMap<>(t.quality()).forEach(target::put);
    return target;
  }

  /**
   * The explanation as pretty-printed JSON, in the schema above; {@link #read(String)} reads it back.
   *
   * @param e the explanation; not null
   * @param model the model's name, or {@code null} to leave it out
   * @return the JSON text
   */
  public static String write(Explanation e, String model) {
    return gson().toJson(toMap(e, model));
  }

  /**
   * One line, for JSON-lines files.
   *
   * @param e the explanation; not null
   * @param model the model's name, or {@code null} to leave it out
   * @return the JSON text of {@link #write}, without line breaks (those in strings are escaped)
   */
  public static String writeLine(Explanation e, String model) {
    return new GsonBuilder().disableHtmlEscaping().serializeNulls().create().toJson(toMap(e, model));
  }

  /**
   * The JSON object of a prediction: {@code label}, {@code index} and {@code probabilities} by label.
   *
   * @param p the prediction; not null
   * @return a new map; the probabilities keep the model's label order
   */
  public static Map<String, Object> prediction(Prediction p) {
    Map<String, Object> probs = new LinkedHashMap<>();
    for (int i = 0; i < p.labels().size(); i++) {
      probs.put(p.labels().get(i), p.probabilities().get(i));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("label", p.label());
    json.put("index", p.index());
    json.put("probabilities", probs);
    return json;
  }

  /**
   * The JSON array of attributions, as in the schema above; optional fields only where they apply.
   *
   * @param attributions the attributions; not null
   * @return a new list of one map per attribution, in the given order
   */
  public static List<Object> features(List<FeatureAttribution> attributions) {
    List<Object> features = new ArrayList<>();
    for (FeatureAttribution a : attributions) {
      Map<String, Object> f = new LinkedHashMap<>();
      f.put("index", a.feature().index());
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
      if (a.feature().sequence() == 1) {
        f.put("sequence", 1); // the span indexes into the pair's second text
      }
      features.add(f);
    }
    return features;
  }

  /**
   * Reads a prediction object ({@code {"label", "index", "probabilities": {label: p}}}).
   *
   * @param json the JSON text, as {@link #prediction(Prediction)} writes it; not null
   * @return the prediction, its labels in the order of {@code probabilities}
   * @throws IllegalArgumentException if the JSON is not a prediction
   */
  public static Prediction readPrediction(String json) {
    try {
      return prediction(JsonParser.parseString(json).getAsJsonObject());
    } catch (JsonParseException | IllegalStateException | NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("not a Lantern prediction in JSON: " + e.getMessage(), e);
    }
  }

  private static Prediction prediction(JsonObject p) {
    List<String> labels = new ArrayList<>();
    List<Double> probs = new ArrayList<>();
    for (Map.Entry<String, JsonElement> e : p.getAsJsonObject("probabilities").entrySet()) {
      labels.add(e.getKey());
      probs.add(e.getValue().getAsDouble());
    }
    return new Prediction(labels, probs, p.get("index").getAsInt());
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @param json the JSON text of one explanation, from {@link #write} or {@link #writeLine}; not null
   * @return an explanation equal to the one written
   * @throws IllegalArgumentException naming the field, if the JSON is not an explanation
   */
  public static Explanation read(String json) {
    try {
      return read(JsonParser.parseString(json).getAsJsonObject());
    } catch (JsonParseException | IllegalStateException e) {
      throw new IllegalArgumentException("not a Lantern explanation in JSON: " + e.getMessage(), e);
    }
  }

  /** {@link #read(String)} on JSON already parsed, such as a data set row's {@code explanation} field. */
  static Explanation read(JsonObject o) {
    try {
      Prediction prediction = prediction(o.getAsJsonObject("prediction"));
      List<TargetExplanation> targets = new ArrayList<>();
      for (JsonElement te : o.getAsJsonArray("explanations")) {
        JsonObject t = te.getAsJsonObject();
        Map<String, Double> quality = new HashMap<>();
        for (Map.Entry<String, JsonElement> e : t.entrySet()) {
          if (!TARGET_FIELDS.contains(e.getKey()) && e.getValue().isJsonPrimitive()
              && e.getValue().getAsJsonPrimitive().isNumber()) {
            quality.put(e.getKey(), e.getValue().getAsDouble());
          }
        }
        targets.add(new TargetExplanation(t.get("index").getAsInt(), t.get("label").getAsString(),
            t.get("probability").getAsDouble(), readFeatures(t.getAsJsonArray("features")), quality));
      }
      JsonObject d = o.getAsJsonObject("diagnostics");
      JsonObject b = d.getAsJsonObject("budget");
      Budget budget = new Budget(b.get("deadlineMillis").isJsonNull() ? null
          : Duration.ofMillis(b.get("deadlineMillis").getAsLong()),
          b.get("maxForwardPasses").isJsonNull() ? 0 : b.get("maxForwardPasses").getAsLong());
      Duration elapsed = d.has("elapsedNanos") ? Duration.ofNanos(d.get("elapsedNanos").getAsLong())
          : Duration.ofMillis(d.get("elapsedMillis").getAsLong());
      Diagnostics diagnostics = new Diagnostics(d.get("samples").getAsLong(), d.get("forwardPasses").getAsLong(),
          elapsed, d.get("seed").isJsonNull() ? null : d.get("seed").getAsLong(),
          StopReason.valueOf(d.get("stop").getAsString().toUpperCase(Locale.ROOT)), budget,
          d.has("evaluationPasses") ? d.get("evaluationPasses").getAsLong() : 0,
          d.has("warnings") ? d.getAsJsonArray("warnings").asList().stream().map(JsonElement::getAsString).toList()
              : List.of());
      return new Explanation(o.get("method").getAsString(), prediction, targets, diagnostics);
    } catch (JsonParseException | IllegalStateException | NullPointerException | ClassCastException e) {
      throw new IllegalArgumentException("not a Lantern explanation in JSON: " + e.getMessage(), e);
    }
  }

  private static List<FeatureAttribution> readFeatures(JsonArray array) {
    List<FeatureAttribution> out = new ArrayList<>();
    for (JsonElement fe : array) {
      JsonObject f = fe.getAsJsonObject();
      List<Span> spans = new ArrayList<>();
      if (f.has("occurrences")) {
        for (JsonElement s : f.getAsJsonArray("occurrences")) {
          spans.add(new Span(s.getAsJsonArray().get(0).getAsInt(), s.getAsJsonArray().get(1).getAsInt()));
        }
      } else if (!f.get("start").isJsonNull()) {
        spans.add(new Span(f.get("start").getAsInt(), f.get("end").getAsInt()));
      }
      boolean special = f.has("special") && f.get("special").getAsBoolean();
      int sequence = f.has("sequence") ? f.get("sequence").getAsInt() : 0;
      out.add(new FeatureAttribution(new Feature(f.get("index").getAsInt(), f.get("text").getAsString(), spans,
          special, sequence), f.get("score").getAsDouble()));
    }
    return out;
  }
}
