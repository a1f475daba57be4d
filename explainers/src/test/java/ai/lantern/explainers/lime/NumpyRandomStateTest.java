package ai.lantern.explainers.lime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.Test;

/** Draws equal numpy 1.24's legacy RandomState for several seeds and sizes (golden values). */
class NumpyRandomStateTest {

  @Test
  void matchesNumpyDrawForDraw() {
    int checked = 0;
    for (JsonElement e : Golden.read("numpy_random").getAsJsonArray("cases")) {
      JsonObject c = e.getAsJsonObject();
      long seed = c.get("seed").getAsLong();
      NumpyRandomState rs = new NumpyRandomState(seed);
      if (c.has("raw32")) {
        long[] expected = Golden.longs(c.getAsJsonArray("raw32"));
        for (long v : expected) {
          org.junit.jupiter.api.Assertions.assertEquals(v, rs.nextUint32(), "seed " + seed);
        }
        checked++;
        continue;
      }
      int d = c.get("features").getAsInt();
      int n = c.get("samples").getAsInt();
      long[] sizes = rs.randint(1, d + 1, n - 1);
      assertArrayEquals(Golden.longs(c.getAsJsonArray("sizes")), sizes, "sizes, seed " + seed + ", d " + d);
      for (int i = 0; i < sizes.length; i++) {
        assertArrayEquals(Golden.ints(c.getAsJsonArray("choices").get(i).getAsJsonArray()),
            rs.choiceWithoutReplacement(d, (int) sizes[i]), "row " + (i + 1) + ", seed " + seed + ", d " + d);
      }
      checked++;
    }
    org.junit.jupiter.api.Assertions.assertEquals(30, checked);
  }

  @Test
  void rejectsSeedsNumpyRejects() {
    assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(-1));
    assertThrows(IllegalArgumentException.class, () -> new NumpyRandomState(1L << 32));
  }
}
