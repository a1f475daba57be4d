package ai.lantern.explainers;

import com.google.gson.JsonArray;

/** JSON arrays of the golden files as Java arrays, for the tests of this module. */
public final class TestJson {
  private TestJson() {}

  /** A JSON object from the test resources ({@code /golden/lig/nli-tiny.json}). */
  public static com.google.gson.JsonObject read(String resource) {
    try (java.io.Reader r = new java.io.InputStreamReader(TestJson.class.getResourceAsStream(resource),
        java.nio.charset.StandardCharsets.UTF_8)) {
      return com.google.gson.JsonParser.parseReader(r).getAsJsonObject();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A fixture model package (models/NAME). */
  public static java.nio.file.Path model(String name) {
    return java.nio.file.Path.of(System.getProperty("lantern.models.dir"), name);
  }

  public static double[] doubles(JsonArray a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsDouble();
    }
    return out;
  }

  public static long[] longs(JsonArray a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }

  public static int[] ints(JsonArray a) {
    int[] out = new int[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsInt();
    }
    return out;
  }
}
