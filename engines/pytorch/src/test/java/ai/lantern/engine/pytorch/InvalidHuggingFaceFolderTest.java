package ai.lantern.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.InvalidModelException;
import ai.lantern.engine.transformers.ModelPackage;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken HuggingFace folder fails at load with a message naming the file, the tensor or field, and the value. */
class InvalidHuggingFaceFolderTest {
  @TempDir Path tmp;

  private Path folder() {
    HuggingFaceFolderTest.folder("hf-bert-sst2");
    return Fixtures.copy("hf-bert-sst2", tmp.resolve("bert"));
  }

  private static InvalidModelException loadFails(Path dir, String... parts) {
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> PyTorchTextClassifier.load(dir).close());
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
    }
    return e;
  }

  /** Rewrites the safetensors header of {@code file}, keeping its data. */
  private static void editHeader(Path file, Consumer<JsonObject> edit) throws IOException {
    editHeader(file, edit, new byte[0]);
  }

  /** Rewrites the header and appends {@code extra} bytes to the data. */
  private static void editHeader(Path file, Consumer<JsonObject> edit, byte[] extra) throws IOException {
    byte[] all = Files.readAllBytes(file);
    long length = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    JsonObject header = JsonParser.parseString(new String(all, 8, (int) length, StandardCharsets.UTF_8))
        .getAsJsonObject();
    edit.accept(header);
    byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
    int padded = (json.length + 7) / 8 * 8;
    ByteBuffer out = ByteBuffer.allocate(8 + padded + all.length - 8 - (int) length + extra.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded).put(json);
    for (int i = json.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    out.put(all, 8 + (int) length, all.length - 8 - (int) length).put(extra);
    Files.write(file, out.array());
  }

  private static void editConfig(Path dir, Consumer<JsonObject> edit) throws IOException {
    Path config = dir.resolve("config.json");
    JsonObject json = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
    edit.accept(json);
    Files.writeString(config, json.toString());
  }

  @Test
  void truncatedWeights() throws IOException {
    Path dir = folder();
    Path file = dir.resolve("model.safetensors");
    byte[] all = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(all, all.length / 2));
    loadFails(dir, "model.safetensors", "data_offsets", "truncated");
  }

  @Test
  void weightFileTooShortForAHeader() throws IOException {
    Path dir = folder();
    Files.write(dir.resolve("model.safetensors"), new byte[] {1, 2, 3});
    loadFails(dir, "model.safetensors", "3 bytes", "too short");
  }

  @Test
  void headerLengthBeyondTheFile() throws IOException {
    Path dir = folder();
    Files.write(dir.resolve("model.safetensors"), ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN)
        .putLong(1_000_000).array());
    loadFails(dir, "model.safetensors", "1000000-byte header", "not a safetensors file");
  }

  @Test
  void headerThatLiesAboutAShape() throws IOException {
    Path dir = folder();
    editHeader(dir.resolve("model.safetensors"), h -> {
      JsonArray shape = new JsonArray();
      shape.add(3);
      shape.add(32);
      h.getAsJsonObject("classifier.weight").add("shape", shape);
    });
    loadFails(dir, "model.safetensors", "classifier.weight", "[3, 32]", "bytes");
  }

  @Test
  void overlappingTensors() throws IOException {
    Path dir = folder();
    editHeader(dir.resolve("model.safetensors"), h -> {
      JsonArray a = h.getAsJsonObject("classifier.bias").getAsJsonArray("data_offsets");
      JsonArray b = h.getAsJsonObject("classifier.weight").getAsJsonArray("data_offsets");
      long begin = b.get(0).getAsLong();
      JsonArray moved = new JsonArray();
      moved.add(begin);
      moved.add(begin + (a.get(1).getAsLong() - a.get(0).getAsLong()));
      h.getAsJsonObject("classifier.bias").add("data_offsets", moved);
    });
    loadFails(dir, "model.safetensors", "overlap", "classifier");
  }

  @Test
  void missingTensor() throws IOException {
    Path dir = folder();
    editHeader(dir.resolve("model.safetensors"), h -> h.remove("classifier.bias"));
    loadFails(dir, "no tensor classifier.bias", "config.json");
  }

  @Test
  void tensorShapeDisagreesWithConfig() throws IOException {
    Path dir = folder();
    editConfig(dir, c -> {
      JsonObject id2label = new JsonObject();
      JsonObject label2id = new JsonObject();
      for (int i = 0; i < 3; i++) {
        id2label.addProperty(Integer.toString(i), "C" + i);
        label2id.addProperty("C" + i, i);
      }
      c.add("id2label", id2label);
      c.add("label2id", label2id);
    });
    loadFails(dir, "classifier.weight", "has shape [2, 32]", "config.json implies [3, 32]");
  }

  @Test
  void unsupportedDtype() throws IOException {
    Path dir = folder();
    editHeader(dir.resolve("model.safetensors"), h -> h.getAsJsonObject("classifier.bias").addProperty("dtype", "F8_E4M3"));
    loadFails(dir, "classifier.bias", "dtype F8_E4M3", "supported");
  }

  @Test
  void onlyAPickleCheckpoint() throws IOException {
    Path dir = folder();
    Files.move(dir.resolve("model.safetensors"), dir.resolve("pytorch_model.bin"));
    loadFails(dir, "pytorch_model.bin", "model.safetensors", "safe_serialization=True");
  }

  @Test
  void onnxOnly() throws IOException {
    Path dir = folder();
    Files.move(dir.resolve("model.safetensors"), dir.resolve("model.onnx"));
    loadFails(dir, "ONNX");
  }

  @Test
  void unsupportedModelType() throws IOException {
    Path dir = folder();
    editConfig(dir, c -> c.addProperty("model_type", "gpt2"));
    loadFails(dir, "config.json", "model_type \"gpt2\"", "bert, roberta", "tools/export_hf_model.py");
  }

  @Test
  void unsupportedHead() throws IOException {
    Path dir = folder();
    editConfig(dir, c -> {
      JsonArray a = new JsonArray();
      a.add("BertForMaskedLM");
      c.add("architectures", a);
    });
    loadFails(dir, "config.json", "BertForMaskedLM", "ForSequenceClassification");
  }

  @Test
  void unsupportedActivation() throws IOException {
    Path dir = folder();
    editConfig(dir, c -> c.addProperty("hidden_act", "swiglu"));
    loadFails(dir, "config.json", "hidden_act is \"swiglu\"", "gelu_new");
  }

  @Test
  void tokenizerLargerThanTheEmbeddingTable() throws IOException {
    Path dir = folder();
    Files.writeString(dir.resolve("vocab.txt"), "extra1\nextra2\n", java.nio.file.StandardOpenOption.APPEND);
    loadFails(dir, "vocab.txt", "30523", "30522 rows");
  }

  @Test
  void bpeWithoutMerges() throws IOException {
    Path dir = folder();
    Files.delete(dir.resolve("vocab.txt"));
    Files.writeString(dir.resolve("vocab.json"), "{\"<s>\": 0}");
    loadFails(dir, "vocab.json but no merges.txt");
  }

  @Test
  void noTokenizerAtAll() throws IOException {
    Path dir = folder();
    Files.delete(dir.resolve("vocab.txt"));
    loadFails(dir, "tokenizer.json not found in", "vocab.txt");
  }

  @Test
  void shardIndexNamingAMissingShard() throws IOException {
    Path dir = folder();
    Files.writeString(dir.resolve("model.safetensors.index.json"),
        "{\"metadata\": {}, \"weight_map\": {\"classifier.bias\": \"model-00002-of-00002.safetensors\"}}");
    loadFails(dir, "model-00002-of-00002.safetensors not found");
  }

  @Test
  void aStrayTorchFileBesideTheWeightsIsNotTakenForTheModel() throws IOException {
    Path dir = folder();
    Files.writeString(dir.resolve("optimizer.pt"), "not TorchScript");
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      assertEquals(ModelPackage.Format.HUGGINGFACE, model.modelPackage().format());
    }
  }

  @Test
  void extraTensorsAreIgnored() throws IOException {
    Path dir = folder();
    Path file = dir.resolve("model.safetensors");
    long dataBytes = Files.size(file) - 8 - ByteBuffer.wrap(Files.readAllBytes(file), 0, 8)
        .order(ByteOrder.LITTLE_ENDIAN).getLong();
    editHeader(file, h -> h.add("unused.extra", JsonParser.parseString("{\"dtype\": \"F32\", \"shape\": [2], "
        + "\"data_offsets\": [" + dataBytes + ", " + (dataBytes + 8) + "]}")), new byte[8]);
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      assertEquals(2, model.predictProbabilities(java.util.List.of("fine"))[0].length);
    }
  }
}
