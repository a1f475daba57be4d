package ai.lantern.engine.pytorch;

import static ai.lantern.engine.pytorch.GoldenPredictionTest.doubles;
import static ai.lantern.engine.pytorch.GoldenPredictionTest.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.LanternException;
import ai.lantern.core.TargetOutput;
import ai.lantern.core.Task;
import ai.lantern.core.TextPair;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.core.spi.TokenizedText;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NLI pairs, token classification and question answering against PyTorch's eager models
 * (tools/fixtures/make_task_fixtures.py): token ids from the independent Python WordPiece,
 * logits within 1e-4, through {@code forward} and through {@code forward_embeds}.
 */
class GoldenTokenTasksTest {
  @TempDir Path tmp;

  @Test
  void nliPairLogitsAndProbabilitiesMatchPyTorch() {
    JsonObject golden = Fixtures.golden("nli-tiny");
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(Fixtures.model("nli-tiny"))) {
      assertEquals(List.of("CONTRADICTION", "NEUTRAL", "ENTAILMENT"), model.labels());
      assertEquals(Task.SEQUENCE_CLASSIFICATION, model.task());
      List<TextPair> pairs = new ArrayList<>();
      for (JsonElement c : golden.getAsJsonArray("pairs")) {
        pairs.add(new TextPair(c.getAsJsonObject().get("text").getAsString(), c.getAsJsonObject().get("pair").getAsString()));
      }
      double[][] logits = model.predictPairLogits(pairs);
      double[][] probabilities = model.predictPairs(pairs);
      int i = 0;
      for (JsonElement c : golden.getAsJsonArray("pairs")) {
        JsonObject o = c.getAsJsonObject();
        assertArrayEquals(longs(o.getAsJsonArray("ids")), model.tokenize(pairs.get(i)).ids().ids(), pairs.get(i).toString());
        assertArrayEquals(doubles(o.getAsJsonArray("logits")), logits[i], 1e-4, pairs.get(i).toString());
        assertArrayEquals(doubles(o.getAsJsonArray("probabilities")), probabilities[i], 1e-4, pairs.get(i).toString());
        i++;
      }
    }
  }

  @Test
  void tokenClassificationLogitsMatchPyTorch() {
    JsonObject golden = Fixtures.golden("ner-tiny");
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(Fixtures.model("ner-tiny"))) {
      assertEquals(Task.TOKEN_CLASSIFICATION, model.task());
      assertEquals(List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC"), model.labels());
      List<TokenIds> inputs = new ArrayList<>();
      for (JsonElement c : golden.getAsJsonArray("cases")) {
        TokenizedText t = model.tokenize(c.getAsJsonObject().get("text").getAsString());
        assertArrayEquals(longs(c.getAsJsonObject().getAsJsonArray("ids")), t.ids().ids(), t.text());
        inputs.add(t.ids());
      }
      double[][][] logits = model.predictTokenLogits(inputs);
      assertGolden(golden, logits);
      assertForwardEmbedsAgrees(model, inputs.get(0), logits[0], TargetOutput.LOGIT);
    }
  }

  @Test
  void questionAnsweringLogitsMatchPyTorch() {
    JsonObject golden = Fixtures.golden("qa-tiny");
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(Fixtures.model("qa-tiny"))) {
      assertEquals(Task.QUESTION_ANSWERING, model.task());
      assertEquals(List.of("start", "end"), model.labels());
      List<TokenIds> inputs = new ArrayList<>();
      for (JsonElement c : golden.getAsJsonArray("cases")) {
        JsonObject o = c.getAsJsonObject();
        TokenizedText t = model.tokenize(new TextPair(o.get("text").getAsString(), o.get("pair").getAsString()));
        assertArrayEquals(longs(o.getAsJsonArray("ids")), t.ids().ids(), t.text());
        assertArrayEquals(longs(o.getAsJsonArray("types")), t.ids().typeIds(), t.text());
        inputs.add(t.ids());
      }
      double[][][] logits = model.predictTokenLogits(inputs);
      assertGolden(golden, logits);
      assertForwardEmbedsAgrees(model, inputs.get(1), logits[1], TargetOutput.LOGIT);
    }
  }

  private static void assertGolden(JsonObject golden, double[][][] logits) {
    int i = 0;
    for (JsonElement c : golden.getAsJsonArray("cases")) {
      JsonArray rows = c.getAsJsonObject().getAsJsonArray("logits");
      assertEquals(rows.size(), logits[i].length, "rows of case " + i);
      for (int k = 0; k < rows.size(); k++) {
        assertArrayEquals(doubles(rows.get(k).getAsJsonArray()), logits[i][k], 1e-4, "case " + i + " token " + k);
      }
      i++;
    }
  }

  /** The gradient path's value at each position equals {@code forward}'s logit there. */
  private static void assertForwardEmbedsAgrees(PyTorchTextClassifier model, TokenIds ids, double[][] logits,
      TargetOutput output) {
    EmbeddingGradients g = model.embeddingGradients();
    float[] x = g.embed(ids);
    for (int position = 0; position < ids.length(); position++) {
      for (int target = 0; target < logits[position].length; target++) {
        EmbeddingGradients.Result r = g.valuesAndGradients(ids, x, 1, position, target, output);
        assertEquals(logits[position][target], r.values()[0], 1e-4, "position " + position + " output " + target);
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.valuesAndGradients(ids, x, 1, -1, 0, output));
    assertTrue(e.getMessage().contains("position -1"), e.getMessage());
  }

  @Test
  void perSequenceMethodsRefuseTokenModels() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(Fixtures.model("ner-tiny"))) {
      LanternException e = assertThrows(LanternException.class, () -> model.predictProbabilities(List.of("john")));
      assertTrue(e.getMessage().contains("token-classification") && e.getMessage().contains("TokenClassificationExplainer"),
          e.getMessage());
    }
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(Fixtures.model("sst2-tiny"))) {
      LanternException e = assertThrows(LanternException.class,
          () -> model.predictTokenLogits(List.of(model.tokenize("good").ids())));
      assertTrue(e.getMessage().contains("sequence classifier"), e.getMessage());
    }
  }

  @Test
  void unknownTaskIsRefusedByName() throws IOException {
    Path pkg = Fixtures.copy("ner-tiny", tmp.resolve("pkg"));
    Path config = pkg.resolve("config.json");
    Files.writeString(config, Files.readString(config).replace("\"token-classification\"", "\"ner\""));
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> PyTorchTextClassifier.load(pkg).close());
    assertTrue(e.getMessage().contains("lantern.task") && e.getMessage().contains("\"ner\""), e.getMessage());
  }

  @Test
  void questionAnsweringNeedsTwoOutputs() throws IOException {
    Path pkg = Fixtures.copy("qa-tiny", tmp.resolve("pkg"));
    Path config = pkg.resolve("config.json");
    String text = Files.readString(config);
    Files.writeString(config, text.replace("\"1\": \"end\"", "\"1\": \"end\", \"2\": \"other\"")
        .replace("\"end\": 1", "\"end\": 1, \"other\": 2"));
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> PyTorchTextClassifier.load(pkg).close());
    assertTrue(e.getMessage().contains("two outputs per token"), e.getMessage());
  }
}
