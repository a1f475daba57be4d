package ai.lantern.engine.pytorch;

import ai.lantern.engine.transformers.ModelPackage;
import static ai.lantern.engine.pytorch.GoldenPredictionTest.doubles;
import static ai.lantern.engine.pytorch.GoldenPredictionTest.longs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.Probabilities;
import ai.lantern.core.TargetOutput;
import ai.lantern.core.Task;
import ai.lantern.core.TextPair;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.core.spi.TokenizedText;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HuggingFace folders written by {@code save_pretrained} (tools/fixtures/make_hf_fixtures.py),
 * loaded natively, against HuggingFace's eager modules: token ids from its slow tokenizers,
 * logits within 1e-4 through the token path and through the embedding path that gradients use.
 */
class HuggingFaceFolderTest {
  static Path folder(String name) {
    Path dir = Fixtures.modelsDir().resolve(name);
    assertTrue(Files.isDirectory(dir), "fixture " + dir + " is missing: run tools/fixtures/make_hf_fixtures.py");
    return dir;
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf-bert-sst2", "hf-distilbert-sst2", "hf-roberta-sst2", "hf-bert-ner", "hf-bert-qa",
      "hf-bert-sst2-fp16-sharded", "hf-bert-sst2-bf16", "hf-xlmr-sst2", "hf-deberta-sst2", "hf-bert-multilabel",
      "hf-electra-sst2"})
  void idsAndLogitsEqualHuggingFace(String name) {
    assertEqualsHuggingFace(name, name, ModelPackage.Format.HUGGINGFACE);
  }

  /** tools/export_hf_model.py on HuggingFace's own classes: the TorchScript package equals the eager model. */
  @ParameterizedTest
  @ValueSource(strings = {"hf-roberta-sst2", "hf-distilbert-sst2", "hf-bert-qa", "hf-xlmr-sst2", "hf-bert-ner",
      "hf-deberta-sst2"})
  void theExporterOnHuggingFaceClassesEqualsHuggingFace(String name) {
    assertEqualsHuggingFace(name + "-ts", name, ModelPackage.Format.TORCHSCRIPT);
  }

  private static void assertEqualsHuggingFace(String name, String reference, ModelPackage.Format format) {
    JsonObject golden = Fixtures.golden("hf/" + reference);
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(folder(name))) {
      assertEquals(format, model.modelPackage().format());
      assertEquals(golden.get("max_length").getAsInt(), model.maxLength(), name);
      JsonArray cases = golden.getAsJsonArray("cases");
      assertTrue(cases.size() >= 10, name + " has " + cases.size() + " golden cases");
      List<TokenIds> inputs = new ArrayList<>();
      for (JsonElement ce : cases) {
        JsonObject c = ce.getAsJsonObject();
        String text = c.get("text").getAsString();
        TokenizedText t = c.has("pair") && !c.get("pair").isJsonNull()
            ? model.tokenize(new TextPair(text, c.get("pair").getAsString())) : model.tokenize(text);
        String what = name + " " + t.text() + (c.has("pair") ? " / " + c.get("pair") : "");
        assertArrayEquals(longs(c.getAsJsonArray("ids")), t.ids().ids(), what + ": token ids");
        assertArrayEquals(longs(c.getAsJsonArray("type_ids")), t.ids().typeIds(), what + ": token types");
        inputs.add(new TokenIds(longs(c.getAsJsonArray("ids")), longs(c.getAsJsonArray("type_ids"))));
      }
      float[][] outputs = model.predictRawLogits(inputs);
      for (int i = 0; i < inputs.size(); i++) {
        JsonObject c = cases.get(i).getAsJsonObject();
        double[] want = flatten(c.getAsJsonArray("logits"));
        assertArrayEquals(want, toDoubles(outputs[i]), 1e-4, name + " logits of " + c.get("text"));
      }
      if (model.task() == Task.SEQUENCE_CLASSIFICATION || model.task() == Task.MULTI_LABEL) {
        // The public paths, tokenising themselves: texts, and pairs where the golden case has one.
        for (JsonElement ce : cases) {
          JsonObject c = ce.getAsJsonObject();
          String text = c.get("text").getAsString();
          double[] p = c.has("pair") && !c.get("pair").isJsonNull()
              ? model.predictPairs(List.of(new TextPair(text, c.get("pair").getAsString())))[0]
              : model.predictProbabilities(List.of(text))[0];
          double[] logits = doubles(c.getAsJsonArray("logits"));
          assertArrayEquals(model.task() == Task.MULTI_LABEL ? Arrays.stream(logits).map(l -> 1 / (1 + Math.exp(-l))).toArray()
              : Probabilities.softmax(logits), p, 1e-5, text);
        }
      }
      assertEmbeddingPathAgrees(model, inputs.get(0), outputs[0]);
    }
  }

  /** {@code truncation_side: left} in tokenizer_config.json: a long text keeps its end, as HuggingFace cuts it. */
  @Test
  void truncationOnTheLeftKeepsTheEnd(@TempDir Path tmp) throws Exception {
    Path dir = Fixtures.copy("hf-bert-sst2", tmp.resolve("left"));
    Path config = dir.resolve("tokenizer_config.json");
    Files.writeString(config, Files.readString(config).replaceFirst("\\{", "{\"truncation_side\": \"left\", "));
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      text.append("word").append(i).append(" is here . ");
    }
    text.append("and the ending is wonderful");
    try (PyTorchTextClassifier left = PyTorchTextClassifier.load(dir);
        PyTorchTextClassifier right = PyTorchTextClassifier.load(folder("hf-bert-sst2"))) {
      TokenizedText whole = right.tokenizeWhole(text.toString());
      TokenizedText cut = left.tokenize(text.toString());
      assertEquals(left.maxLength(), cut.size());
      assertTrue(cut.truncated());
      long[] all = whole.ids().ids();
      long[] want = new long[left.maxLength()];
      want[0] = all[0];
      System.arraycopy(all, all.length - left.maxLength() + 1, want, 1, left.maxLength() - 2);
      want[want.length - 1] = all[all.length - 1];
      assertArrayEquals(want, cut.ids().ids());
      assertEquals("wonderful", cut.spans().get(cut.size() - 2).of(text.toString()));
      assertArrayEquals(Probabilities.softmax(left.predictRawLogits(List.of(cut.ids()))[0]),
          left.predictProbabilities(List.of(text.toString()))[0], 1e-6);
      assertEquals(right.maxLength(), right.tokenize(text.toString()).size());
      assertEquals(all[1], right.tokenize(text.toString()).ids().id(1), "the default still keeps the start");
    }
  }

  /** The logits through embed + forward-from-embeddings (what gradient methods run) equal the plain forward. */
  private static void assertEmbeddingPathAgrees(PyTorchTextClassifier model, TokenIds ids, float[] outputs) {
    EmbeddingGradients g = model.embeddingGradients();
    float[] x = g.embed(ids);
    int classes = model.labels().size();
    boolean perToken = model.task() == Task.TOKEN_CLASSIFICATION || model.task() == Task.QUESTION_ANSWERING;
    int position = perToken ? ids.length() - 2 : -1;
    for (int c = 0; c < classes; c++) {
      EmbeddingGradients.Result r = g.valuesAndGradients(ids, x, 1, position, c, TargetOutput.LOGIT);
      double want = perToken ? outputs[position * classes + c] : outputs[c];
      assertEquals(want, r.values()[0], 1e-5, "class " + c + " through the embeddings");
      assertEquals(x.length, r.gradients().length);
    }
  }

  private static double[] flatten(JsonArray logits) {
    List<Double> out = new ArrayList<>();
    for (JsonElement e : logits) {
      if (e.isJsonArray()) {
        for (JsonElement v : e.getAsJsonArray()) {
          out.add(v.getAsDouble());
        }
      } else {
        out.add(e.getAsDouble());
      }
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] toDoubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
