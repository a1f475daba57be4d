package ai.lantern.explainers.lime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.explainers.TestJson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** numpy's default_rng normal draws, written by tools/golden/segmentation_golden.py. */
class NumpyGeneratorTest {
  @Test
  void drawsEqualNumpys() {
    JsonObject golden = TestJson.read("/golden/segmentation.json");
    for (JsonElement e : golden.getAsJsonArray("normal")) {
      JsonObject c = e.getAsJsonObject();
      long seed = c.get("seed").getAsLong();
      int count = c.get("count").getAsInt();
      double scale = c.get("scale").getAsDouble();
      NumpyGenerator normal = new NumpyGenerator(seed);
      check(c.getAsJsonObject("normal"), count, scale, () -> normal.normal(scale), "normal, seed " + seed);
      NumpyGenerator standard = new NumpyGenerator(seed);
      int tails = check(c.getAsJsonObject("standard"), count, 1.0, standard::standardNormal, "standard, seed " + seed);
      assertTrue(tails > 0, "the golden draws of seed " + seed + " reach the ziggurat's tail");
    }
  }

  /** @return how many draws lie beyond the ziggurat's base layer */
  private static int check(JsonObject want, int count, double scale, DoubleSupplier draw, String what) {
    double[] got = new double[count];
    double sum = 0;
    int beyond = 0;
    for (int i = 0; i < count; i++) {
      got[i] = draw.getAsDouble();
      sum += got[i];
    }
    double[] first = TestJson.doubles(want.getAsJsonArray("first"));
    for (int i = 0; i < first.length; i++) {
      assertClose(first[i], got[i], what + " draw " + i);
    }
    double[] last = TestJson.doubles(want.getAsJsonArray("last"));
    for (int i = 0; i < last.length; i++) {
      assertClose(last[i], got[count - last.length + i], what + " draw " + (count - last.length + i));
    }
    for (JsonElement t : want.getAsJsonArray("tail")) {
      JsonArray pair = t.getAsJsonArray();
      int i = pair.get(0).getAsInt();
      assertClose(pair.get(1).getAsDouble(), got[i], what + " tail draw " + i);
      if (Math.abs(got[i]) > ZigguratTables.R * scale) {
        beyond++;
      }
    }
    assertEquals(want.get("sum").getAsDouble(), sum, Math.abs(sum) * 1e-12 + 1e-300, what + " sum");
    return beyond;
  }

  private static void assertClose(double want, double got, String what) {
    // Exact so far; the tail path's log1p and the wedge test's exp are libm calls, hence the margin.
    assertEquals(want, got, Math.abs(want) * 1e-15, what);
  }

  @Test
  void negativeSeedsAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new NumpyGenerator(-1));
  }
}
