package ai.lantern.explainers.lime;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Golden files written by tools/golden/lime_golden.py. */
final class Golden {
  private Golden() {}

  static JsonObject read(String name) {
    try (Reader r = new InputStreamReader(Golden.class.getResourceAsStream("/golden/lime/" + name + ".json"),
        StandardCharsets.UTF_8)) {
      return JsonParser.parseReader(r).getAsJsonObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
