package ai.lantern.explainers.pick;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.lantern.core.Budget;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.Explanation;
import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.Span;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetExplanation;
import ai.lantern.explainers.TestJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SP-LIME against lime's greedy pick, re-implemented in tools/golden/sp_lime_golden.py. */
class SubmodularPickTest {
  private static Explanation explanation(JsonElement labels) {
    List<TargetExplanation> targets = new ArrayList<>();
    int label = 0;
    for (JsonElement l : labels.getAsJsonArray()) {
      List<FeatureAttribution> a = new ArrayList<>();
      for (JsonElement pair : l.getAsJsonArray()) {
        String word = pair.getAsJsonArray().get(0).getAsString();
        a.add(new FeatureAttribution(Feature.of(a.size(), word, new Span(0, word.length())),
            pair.getAsJsonArray().get(1).getAsDouble()));
      }
      targets.add(new TargetExplanation(label, "L" + label, 0.5, a, Map.of()));
      label++;
    }
    return new Explanation("lime", Prediction.of(List.of("L0", "L1", "L2"), new double[] {0.5, 0.3, 0.2}), targets,
        new Diagnostics(1, 1, Duration.ZERO, 0L, StopReason.COMPLETED, Budget.UNLIMITED));
  }

  @Test
  void picksWhatLimePicks() {
    int checked = 0;
    for (JsonElement ce : TestJson.read("/golden/sp_lime.json").getAsJsonArray("cases")) {
      JsonObject c = ce.getAsJsonObject();
      List<Explanation> explanations = new ArrayList<>();
      c.getAsJsonArray("explanations").forEach(e -> explanations.add(explanation(e)));
      SubmodularPick.Pick p = SubmodularPick.pick(explanations, c.get("budget").getAsInt());
      assertEquals(c.getAsJsonArray("features").asList().stream().map(JsonElement::getAsString).toList(), p.features());
      assertArrayEquals(TestJson.doubles(c.getAsJsonArray("importance")), p.importance(), 1e-12);
      assertEquals(c.getAsJsonArray("picked").asList().stream().map(JsonElement::getAsInt).toList(), p.picked());
      checked++;
    }
    assertEquals(5, checked);
    assertThrows(IllegalArgumentException.class, () -> SubmodularPick.pick(List.of(), 2));
  }
}
