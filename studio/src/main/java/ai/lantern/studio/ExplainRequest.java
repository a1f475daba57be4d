package ai.lantern.studio;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * An explanation request, checked: every field named in its error.
 *
 * @param model the model's id
 * @param text the text
 * @param method lime, kernel-shap, partition-shap, occlusion or lig
 * @param samples LIME's or KernelSHAP's samples, or 0 for the default
 * @param steps LIG's steps, or 0 for the default
 * @param maxEvals Partition SHAP's evaluations, or 0 for the default
 * @param numFeatures LIME's features per explanation, or 0 for the default
 * @param label the class to explain, or null for the predicted one
 * @param seed the seed of the sampling
 * @param deadline the run's time limit, already capped by the operator's
 * @param task sequence, pair or zero-shot
 * @param pair the second text of a pair, or null
 * @param candidateLabels the candidates of zero-shot classification, or empty
 * @param template zero-shot's hypothesis template, or null for the default
 */
record ExplainRequest(String model, String text, String method, int samples, int steps, int maxEvals,
    int numFeatures, String label, long seed, Duration deadline, String task, String pair,
    List<String> candidateLabels, String template) {
  static final List<String> METHODS = List.of("lime", "kernel-shap", "partition-shap", "occlusion", "lig");
  static final List<String> TASKS = List.of("sequence", "pair", "zero-shot");

  /** The same request for another label (the model's own spelling of it). */
  ExplainRequest withLabel(String newLabel) {
    return new ExplainRequest(model, text, method, samples, steps, maxEvals, numFeatures, newLabel, seed, deadline,
        task, pair, candidateLabels, template);
  }

  static ExplainRequest parse(JsonObject o, int maxText, Duration maxDeadline) {
    String model = string(o, "model", true);
    String text = string(o, "text", true);
    if (text.isBlank()) {
      throw new IllegalArgumentException("text: empty; type a text to explain");
    }
    if (text.length() > maxText) {
      throw new TooLargeException("text: " + text.length() + " characters, the limit is " + maxText);
    }
    String method = o.has("method") ? string(o, "method", false) : "lime";
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("method: '" + method + "' is not one of " + METHODS);
    }
    int samples = integer(o, "samples", 2, 100_000);
    int steps = integer(o, "steps", 2, 10_000);
    int maxEvals = integer(o, "maxEvals", 2, 100_000);
    int numFeatures = integer(o, "numFeatures", 1, 10_000);
    String label = o.has("label") && !o.get("label").isJsonNull() && !o.get("label").getAsString().isEmpty()
        ? string(o, "label", false) : null;
    long seed = o.has("seed") ? integer(o, "seed", 0, Integer.MAX_VALUE) : 0;
    Duration deadline = maxDeadline;
    if (o.has("deadlineMs") && !o.get("deadlineMs").isJsonNull()) {
      long ms = integer(o, "deadlineMs", 1, Integer.MAX_VALUE);
      deadline = Duration.ofMillis(Math.min(ms, maxDeadline.toMillis()));
    }
    String task = o.has("task") && !o.get("task").isJsonNull() ? string(o, "task", false) : "sequence";
    if (!TASKS.contains(task)) {
      throw new IllegalArgumentException("task: '" + task + "' is not one of " + TASKS);
    }
    String pair = o.has("pair") && !o.get("pair").isJsonNull() ? string(o, "pair", false) : null;
    if (task.equals("pair") != (pair != null)) {
      throw new IllegalArgumentException(task.equals("pair") ? "pair: missing; the pair task needs the second text"
          : "pair: only the pair task takes a second text");
    }
    if (pair != null && (pair.isBlank() || text.length() + pair.length() > maxText)) {
      if (pair.isBlank()) {
        throw new IllegalArgumentException("pair: empty; type the second text");
      }
      throw new TooLargeException("text and pair: " + (text.length() + pair.length()) + " characters, the limit is "
          + maxText);
    }
    List<String> candidates = List.of();
    String template = null;
    if (task.equals("zero-shot")) {
      if (!o.has("candidateLabels") || !o.get("candidateLabels").isJsonArray()) {
        throw new IllegalArgumentException("candidateLabels: a list of labels is needed for zero-shot");
      }
      java.util.LinkedHashSet<String> set = new java.util.LinkedHashSet<>();
      o.getAsJsonArray("candidateLabels").forEach(e -> {
        if (!e.isJsonPrimitive()) {
          throw new IllegalArgumentException("candidateLabels: strings are needed, got " + e);
        }
        if (!e.getAsString().isBlank()) {
          set.add(e.getAsString().strip());
        }
      });
      if (set.isEmpty() || set.size() > 20) {
        throw new IllegalArgumentException("candidateLabels: 1 to 20 distinct labels are needed, got " + set.size());
      }
      candidates = List.copyOf(set);
      template = o.has("template") && !o.get("template").isJsonNull() ? string(o, "template", false) : null;
      if (template != null && (template.indexOf("{}") < 0 || template.indexOf("{}") != template.lastIndexOf("{}"))) {
        throw new IllegalArgumentException("template: must contain {} exactly once, got '" + template + "'");
      }
      if (label != null) {
        throw new IllegalArgumentException("label: zero-shot explains every candidate label; leave label out");
      }
    } else if (o.has("candidateLabels") || o.has("template")) {
      throw new IllegalArgumentException("candidateLabels and template belong to the zero-shot task");
    }
    return new ExplainRequest(model, text, method, samples, steps, maxEvals, numFeatures, label, seed, deadline, task,
        pair, candidates, template);
  }

  static String string(JsonObject o, String field, boolean required) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      if (required) {
        throw new IllegalArgumentException(field + ": missing");
      }
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new IllegalArgumentException(field + ": a string is needed, got " + e);
    }
    return e.getAsString();
  }

  /** An optional whole number in min..max; 0 when absent. */
  static int integer(JsonObject o, String field, int min, int max) {
    JsonElement e = o.get(field);
    if (e == null || e.isJsonNull()) {
      return 0;
    }
    double v;
    try {
      v = e.getAsDouble();
    } catch (RuntimeException ex) {
      throw new IllegalArgumentException(field + ": a number is needed, got " + e);
    }
    if (v != Math.rint(v) || v < min || v > max) {
      throw new IllegalArgumentException(field + ": a whole number in " + min + ".." + max + " is needed, got " + e);
    }
    return (int) v;
  }

  /** A request past a size limit: 413. */
  static final class TooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }
}
