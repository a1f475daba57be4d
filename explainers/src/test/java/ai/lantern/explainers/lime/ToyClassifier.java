package ai.lantern.explainers.lime;

import ai.lantern.core.TextClassifier;
import com.google.gson.JsonObject;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The word-weight classifier of tools/golden/lime_golden.py: P(POSITIVE) = sigmoid(bias + the
 * weights of the distinct known words present, lower-cased). Counts the texts it is asked about.
 */
final class ToyClassifier {
  final AtomicLong calls = new AtomicLong();
  final AtomicLong texts = new AtomicLong();
  private final Map<String, Double> weights = new java.util.HashMap<>();
  private final double bias;

  ToyClassifier(JsonObject golden) {
    golden.getAsJsonObject("toyWeights").entrySet().forEach(e -> weights.put(e.getKey(), e.getValue().getAsDouble()));
    bias = golden.get("toyBias").getAsDouble();
  }

  TextClassifier classifier() {
    return TextClassifier.of(List.of("NEGATIVE", "POSITIVE"), batch -> {
      calls.incrementAndGet();
      texts.addAndGet(batch.size());
      double[][] out = new double[batch.size()][];
      for (int i = 0; i < out.length; i++) {
        Set<String> words = new HashSet<>();
        for (String w : batch.get(i).split("\\W+")) {
          if (!w.isEmpty()) {
            words.add(w.toLowerCase(Locale.ROOT));
          }
        }
        double z = bias;
        for (String w : words) {
          z += weights.getOrDefault(w, 0.0);
        }
        double p = 1 / (1 + Math.exp(-z));
        out[i] = new double[] {1 - p, p};
      }
      return out;
    });
  }
}
