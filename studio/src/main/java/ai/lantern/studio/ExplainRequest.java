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
 */
record ExplainRequest(String model, String text, String method, int samples, int steps, int maxEvals,
    int numFeatures, String label, long seed, Duration deadline) {
  static final List<String> METHODS = List.of("lime", "kernel-shap", "partition-shap", "occlusion", "lig");

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
    return new ExplainRequest(model, text, method, samples, steps, maxEvals, numFeatures, label, seed, deadline);
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
