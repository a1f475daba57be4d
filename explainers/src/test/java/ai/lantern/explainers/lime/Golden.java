package ai.lantern.explainers.lime;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/** Golden files written by tools/golden/lime_golden.py. */
final class Golden {
  private Golden() {}

  static JsonObject read(String name) {
    return ai.lantern.explainers.TestJson.read("/golden/lime/" + name + ".json");
  }

  static long[] longs(JsonArray a) {
    return ai.lantern.explainers.TestJson.longs(a);
  }

  static int[] ints(JsonArray a) {
    return ai.lantern.explainers.TestJson.ints(a);
  }

  static double[] doubles(JsonArray a) {
    return ai.lantern.explainers.TestJson.doubles(a);
  }
}
