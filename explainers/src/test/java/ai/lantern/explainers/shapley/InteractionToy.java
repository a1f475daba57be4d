package ai.lantern.explainers.shapley;

import ai.lantern.core.TextClassifier;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The classifier of tools/golden/shapley_golden.py: P(POSITIVE) = sigmoid(bias + the weights of
 * the distinct lower-cased words present + a bonus per listed pair of words both present).
 */
final class InteractionToy {
  final AtomicLong texts = new AtomicLong();
  private final Map<String, Double> weights = new HashMap<>();
  private final List<Object[]> pairs = new java.util.ArrayList<>();
  private final double bias;

  InteractionToy(JsonObject golden) {
    golden.getAsJsonObject("weights").entrySet().forEach(e -> weights.put(e.getKey(), e.getValue().getAsDouble()));
    for (JsonElement p : golden.getAsJsonArray("pairs")) {
      pairs.add(new Object[] {p.getAsJsonArray().get(0).getAsString(), p.getAsJsonArray().get(1).getAsString(),
          p.getAsJsonArray().get(2).getAsDouble()});
    }
    bias = golden.get("bias").getAsDouble();
  }

  double positive(String text) {
    Set<String> words = new HashSet<>();
    for (String w : text.split("\\W+")) {
      if (!w.isEmpty()) {
        words.add(w.toLowerCase(Locale.ROOT));
      }
    }
    double z = bias;
    for (String w : words) {
      z += weights.getOrDefault(w, 0.0);
    }
    for (Object[] p : pairs) {
      if (words.contains((String) p[0]) && words.contains((String) p[1])) {
        z += (Double) p[2];
      }
    }
    return 1 / (1 + Math.exp(-z));
  }

  TextClassifier classifier() {
    return TextClassifier.of(List.of("NEGATIVE", "POSITIVE"), batch -> {
      texts.addAndGet(batch.size());
      double[][] out = new double[batch.size()][];
      for (int i = 0; i < out.length; i++) {
        double p = positive(batch.get(i));
        out[i] = new double[] {1 - p, p};
      }
      return out;
    });
  }
}
