package ai.lantern.engine.pytorch;

import ai.lantern.engine.transformers.TextEncoder;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Java against PyTorch: probabilities computed by the eager Python model (not the traced file)
 * and token ids from an independent Python WordPiece implementation, written by
 * tools/fixtures/make_fixtures.py.
 */
class GoldenPredictionTest {

  @ParameterizedTest
  @ValueSource(strings = {"sst2-tiny", "agnews-tiny", "planted-tiny", "multilabel-tiny"})
  void probabilitiesAndTokenIdsMatchPyTorch(String name) {
    Path dir = Fixtures.model(name);
    JsonObject golden = Fixtures.golden(name);
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      List<String> labels = new ArrayList<>();
      golden.getAsJsonArray("labels").forEach(l -> labels.add(l.getAsString()));
      assertEquals(labels, model.labels());
      assertEquals(golden.get("max_length").getAsInt(), model.maxLength());

      List<String> texts = new ArrayList<>();
      for (JsonElement c : golden.getAsJsonArray("cases")) {
        texts.add(c.getAsJsonObject().get("text").getAsString());
      }
      double[][] batch = model.predictProbabilities(texts);
      TextEncoder encoder = new TextEncoder(model.modelPackage().tokenizer(), model.maxLength());
      int i = 0;
      for (JsonElement c : golden.getAsJsonArray("cases")) {
        JsonObject expected = c.getAsJsonObject();
        String text = texts.get(i);
        assertArrayEquals(longs(expected.getAsJsonArray("ids")), encoder.encode(text).ids(), "token ids of: " + text);
        assertArrayEquals(doubles(expected.getAsJsonArray("probabilities")), batch[i], 1e-4, "batch: " + text);
        double[] single = model.predictProbabilities(List.of(text))[0];
        assertArrayEquals(doubles(expected.getAsJsonArray("probabilities")), single, 1e-4, "single: " + text);
        i++;
      }
      encoder.close();
    }
  }

  static double[] doubles(JsonArray a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsDouble();
    }
    return out;
  }

  static long[] longs(JsonArray a) {
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).getAsLong();
    }
    return out;
  }
}
