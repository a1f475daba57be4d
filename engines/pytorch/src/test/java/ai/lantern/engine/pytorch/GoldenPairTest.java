package ai.lantern.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.lantern.core.TextPair;
import ai.lantern.core.spi.TokenizedText;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sentence pairs against PyTorch (tools/fixtures/make_fixtures.py, pair-tiny). */
class GoldenPairTest {

  @Test
  void pairEncodingAndProbabilitiesMatchPyTorch() {
    Path dir = Fixtures.model("pair-tiny");
    JsonObject golden = Fixtures.golden("pair-tiny");
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      assertEquals(List.of("MATCH"), model.labels());
      List<TextPair> pairs = new ArrayList<>();
      for (JsonElement c : golden.getAsJsonArray("pairs")) {
        pairs.add(new TextPair(c.getAsJsonObject().get("text").getAsString(), c.getAsJsonObject().get("pair").getAsString()));
      }
      double[][] p = model.predictPairs(pairs);
      int i = 0;
      for (JsonElement c : golden.getAsJsonArray("pairs")) {
        JsonObject o = c.getAsJsonObject();
        TokenizedText t = model.tokenize(pairs.get(i));
        assertArrayEquals(GoldenPredictionTest.longs(o.getAsJsonArray("ids")), t.ids().ids(), pairs.get(i).toString());
        assertArrayEquals(GoldenPredictionTest.longs(o.getAsJsonArray("types")), t.ids().typeIds(), pairs.get(i).toString());
        assertArrayEquals(GoldenPredictionTest.doubles(o.getAsJsonArray("probabilities")), p[i], 1e-4, pairs.get(i).toString());
        for (int k = 0; k < t.size(); k++) {
          if (t.spans().get(k) != null && !t.tokens().get(k).equals("[UNK]")) {
            String piece = t.tokens().get(k).replace("##", "");
            // BertNormalizer: lower case, accents stripped (NFD without combining marks).
            String covered = java.text.Normalizer.normalize(t.spans().get(k).of(t.source(k)).toLowerCase(java.util.Locale.ROOT),
                java.text.Normalizer.Form.NFD).replaceAll("\\p{Mn}", "");
            assertEquals(piece, covered, "span of " + t.tokens().get(k));
          }
        }
        i++;
      }
    }
  }
}
