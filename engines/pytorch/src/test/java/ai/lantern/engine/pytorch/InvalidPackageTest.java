package ai.lantern.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.InvalidModelException;
import ai.lantern.core.ModelOutputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every broken package fails with a message that names the file, the field and the value. */
class InvalidPackageTest {
  @TempDir Path tmp;

  private static void assertMessage(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
    }
  }

  private Path broken() {
    return Fixtures.copy("planted-tiny", tmp.resolve("pkg"));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void editConfig(Path pkg, String from, String to) throws IOException {
    Path config = pkg.resolve("config.json");
    String text = Files.readString(config);
    assertTrue(text.contains(from), "fixture config lacks " + from);
    write(config, text.replace(from, to));
  }

  private static InvalidModelException loadFails(Path dir) {
    return assertThrows(InvalidModelException.class, () -> PyTorchTextClassifier.load(dir).close());
  }

  @Test
  void missingDirectory() {
    assertMessage(loadFails(tmp.resolve("nowhere")), "nowhere", "does not exist");
  }

  @Test
  void fileInsteadOfDirectory() throws IOException {
    Path f = tmp.resolve("file.txt");
    write(f, "x");
    assertMessage(loadFails(f), "file.txt", "is a file, not a directory");
  }

  @Test
  void missingModel() throws IOException {
    Path pkg = broken();
    Files.delete(pkg.resolve("model.pt"));
    assertMessage(loadFails(pkg), "no model.pt in");
  }

  @Test
  void missingTokenizer() throws IOException {
    Path pkg = broken();
    Files.delete(pkg.resolve("tokenizer.json"));
    assertMessage(loadFails(pkg), "tokenizer.json not found in");
  }

  @Test
  void malformedTokenizerJson() throws IOException {
    Path pkg = broken();
    write(pkg.resolve("tokenizer.json"), "{\"model\": {\"type\": \"WordPiece\", ");
    assertMessage(loadFails(pkg), "tokenizer.json", "is not valid JSON");
  }

  @Test
  void tokenizerJsonThatIsNotATokenizer() throws IOException {
    Path pkg = broken();
    write(pkg.resolve("tokenizer.json"), "{\"hello\": 1}");
    assertMessage(loadFails(pkg), "tokenizer.json", "field model is missing");
  }

  @Test
  void tokenizerJsonRejectedByHuggingFace() throws IOException {
    Path pkg = broken();
    write(pkg.resolve("tokenizer.json"), "{\"model\": {\"type\": \"NoSuchModel\"}}");
    assertMessage(loadFails(pkg), "tokenizer.json", "could not be loaded by HuggingFace tokenizers");
  }

  @Test
  void missingConfig() throws IOException {
    Path pkg = broken();
    Files.delete(pkg.resolve("config.json"));
    assertMessage(loadFails(pkg), "config.json not found in");
  }

  @Test
  void malformedConfig() throws IOException {
    Path pkg = broken();
    write(pkg.resolve("config.json"), "{\"id2label\": {\"0\": \"A\"");
    assertMessage(loadFails(pkg), "config.json", "is not valid JSON");
  }

  @Test
  void labelsMissing() throws IOException {
    Path pkg = broken();
    write(pkg.resolve("config.json"), "{\"model_type\": \"bert\"}");
    assertMessage(loadFails(pkg), "config.json", "id2label is missing");
  }

  @Test
  void aTokenizerWhoseIdsRunPastTheEmbeddingTableIsRefusedAtLoad() throws IOException {
    Path pkg = broken();
    Path tokenizer = pkg.resolve("tokenizer.json");
    String json = Files.readString(tokenizer);
    assertTrue(json.contains("\"added_tokens\":["));
    write(tokenizer, json.replace("\"added_tokens\":[", "\"added_tokens\":[{\"id\":40000,\"content\":\"[EXTRA]\","
        + "\"single_word\":false,\"lstrip\":false,\"rstrip\":false,\"normalized\":false,\"special\":true},"));
    assertMessage(loadFails(pkg), "tokenizer.json", "gives token ids up to 40000", "fails on id 40000",
        "belongs to a model with a larger vocabulary");
  }

  @Test
  void symbolicLinkLoopsAndDirectoriesInPlaceOfFilesAreNamedAsSuch() throws IOException {
    Path loop = tmp.resolve("loop");
    Files.createSymbolicLink(loop, loop);
    assertMessage(loadFails(loop), "loop", "is a symbolic link that loops back on itself");
    Path dangling = tmp.resolve("dangling");
    Files.createSymbolicLink(dangling, tmp.resolve("gone"));
    assertMessage(loadFails(dangling), "dangling", "is a symbolic link to a missing target");
    Path pkg = broken();
    Files.delete(pkg.resolve("config.json"));
    Files.createDirectory(pkg.resolve("config.json"));
    assertMessage(loadFails(pkg), "config.json is a directory, not a file");
  }

  @Test
  void aTokenizerThatReachesAFractionOfTheEmbeddingTableIsSaidAtLoad() throws IOException {
    Path pkg = broken();
    Path tokenizer = pkg.resolve("tokenizer.json");
    com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(Files.readString(tokenizer))
        .getAsJsonObject();
    com.google.gson.JsonObject vocab = json.getAsJsonObject("model").getAsJsonObject("vocab");
    com.google.gson.JsonObject small = new com.google.gson.JsonObject();
    vocab.entrySet().stream().filter(e -> e.getValue().getAsLong() < 1000).forEach(e -> small.add(e.getKey(),
        e.getValue()));
    json.getAsJsonObject("model").add("vocab", small);
    write(tokenizer, json.toString());
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(pkg)) {
      assertEquals(1, model.loadWarnings().size(), model.loadWarnings().toString());
      assertMessage(new RuntimeException(model.loadWarnings().get(0)), "gives token ids up to 999",
          "more than twice the rows the tokenizer can reach");
    }
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(Fixtures.model("planted-tiny"))) {
      assertEquals(java.util.List.of(), model.loadWarnings(), "a tokenizer that fits says nothing");
    }
  }

  @Test
  void labelsWithTerminalEscapesAreRefused() throws IOException {
    Path pkg = broken();
    // ESC [2J clears a terminal; ESC ]0; sets its title.
    editConfig(pkg, "\"2\": \"BETA\"", "\"2\": \"BE\\u001b[2JTA\"");
    assertMessage(loadFails(pkg), "config.json", "id2label[2]", "control character U+001B at position 2");
  }

  @Test
  void labelsGivenAsAListAreNamedAsSuch() throws IOException {
    Path pkg = broken();
    write(pkg.resolve("config.json"), "{\"model_type\": \"bert\", \"id2label\": [\"NONE\", \"ALPHA\", \"BETA\"]}");
    assertMessage(loadFails(pkg), "config.json", "id2label is a list", "must be an object mapping every class index");
  }

  @Test
  void labelIndexNotANumber() throws IOException {
    Path pkg = broken();
    editConfig(pkg, "\"2\": \"BETA\"", "\"two\": \"BETA\"");
    assertMessage(loadFails(pkg), "config.json", "id2label key 'two' is not a class index");
  }

  @Test
  void labelIndexGap() throws IOException {
    Path pkg = broken();
    editConfig(pkg, "\"2\": \"BETA\"", "\"3\": \"BETA\"");
    assertMessage(loadFails(pkg), "config.json", "index 2 is missing");
  }

  @Test
  void label2idInconsistent() throws IOException {
    Path pkg = broken();
    editConfig(pkg, "\"BETA\": 2", "\"BETA\": 0");
    assertMessage(loadFails(pkg), "config.json", "label2id disagrees with id2label", "BETA");
  }

  @Test
  void unsupportedProblemType() throws IOException {
    Path pkg = broken();
    editConfig(pkg, "single_label_classification", "regression");
    assertMessage(loadFails(pkg), "config.json", "problem_type 'regression'");
  }

  @Test
  void fewerLabelsThanLogits() throws IOException {
    Path pkg = broken();
    editConfig(pkg, ",\n    \"2\": \"BETA\"", "");
    editConfig(pkg, ",\n    \"BETA\": 2", "");
    assertMessage(loadFails(pkg), "model.pt", "does not match config.json", "[batch, 2]", "(1, 3)");
  }

  @Test
  void corruptModelFile() throws IOException {
    Path pkg = broken();
    byte[] bytes = Files.readAllBytes(pkg.resolve("model.pt"));
    Files.write(pkg.resolve("model.pt"), java.util.Arrays.copyOf(bytes, bytes.length / 3));
    assertMessage(loadFails(pkg), "model.pt", "is not a TorchScript model");
  }

  @Test
  void textFileAsModel() throws IOException {
    Path pkg = broken();
    write(pkg.resolve("model.pt"), "definitely not a model");
    assertMessage(loadFails(pkg), "model.pt", "is not a TorchScript model");
  }

  @Test
  void stateDictInsteadOfTorchScript() throws IOException {
    Path pkg = broken();
    Files.copy(Fixtures.resource("broken/state-dict.pt"), pkg.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
    assertMessage(loadFails(pkg), "model.pt", "is not a TorchScript model");
  }

  @Test
  void aModelWithAFixedBatchSizeIsNamedAsSuch() throws IOException {
    Path pkg = broken();
    Files.copy(Fixtures.resource("broken/fixed-batch.pt"), pkg.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
    assertMessage(loadFails(pkg), "model.pt", "returned 8 rows of logits", "for a batch of 1 texts",
        "fixed batch size");
  }

  @Test
  void nanLogitsAreReportedWithTheText() {
    Path pkg = broken();
    try (PyTorchTextClassifier model = loadWith(pkg, "broken/nan-logits.pt")) {
      ModelOutputException e = assertThrows(ModelOutputException.class,
          () -> model.predictProbabilities(List.of("fine", "a [MASK] here")));
      assertMessage(e, "NaN", "text #1", "a [MASK] here");
    }
  }

  /** A djl-convert folder: <name>.pt whose forward takes (input_ids, attention_mask) only. */
  @Test
  void djlConvertFolderWithTwoInputsLoads() throws IOException {
    Path pkg = tmp.resolve("converted");
    Files.createDirectories(pkg);
    Files.copy(Fixtures.model("sst2-tiny").resolve("tokenizer.json"), pkg.resolve("tokenizer.json"));
    write(pkg.resolve("config.json"), "{\"id2label\": {\"0\": \"OTHER\", \"1\": \"LOVE\"}}");
    Files.copy(Fixtures.resource("broken/two-inputs.pt"), pkg.resolve("distilbert.pt"));
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(pkg)) {
      assertEquals("LOVE", model.predict("I love love you").label());
      assertEquals("OTHER", model.predict("I like you").label());
      double[] p = model.predictProbabilities(List.of("love love")).clone()[0];
      assertEquals(1 / (1 + Math.exp(0.5 - 2)), p[1], 1e-6);
      assertEquals(false, model.isGradientReady());
    }
  }

  @Test
  void builderSettingsAreValidated() {
    assertMessage(assertThrows(IllegalArgumentException.class, () -> PyTorchTextClassifier.builder().build()),
        "setModelPath");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> PyTorchTextClassifier.builder()
        .setModelPath(Fixtures.model("planted-tiny")).optMaxBatchSize(0).build()), "maxBatchSize", "0");
    assertMessage(assertThrows(IllegalArgumentException.class, () -> PyTorchTextClassifier.builder()
        .setModelPath(Fixtures.model("planted-tiny")).optMaxLength(65).build()), "maxLength", "2..64");
  }

  @Test
  void closedClassifierRefusesCalls() {
    PyTorchTextClassifier model = PyTorchTextClassifier.load(Fixtures.model("planted-tiny"));
    model.close();
    model.close();
    assertThrows(IllegalStateException.class, () -> model.predict("zebra"));
  }

  /** The package with another model.pt, which has only forward: its config must not claim more. */
  private static PyTorchTextClassifier loadWith(Path pkg, String modelResource) {
    try {
      Files.copy(Fixtures.resource(modelResource), pkg.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
      Path config = pkg.resolve("config.json");
      Files.writeString(config, Files.readString(config).replaceAll("\"methods\": \\[[^\\]]*\\],", ""));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return PyTorchTextClassifier.load(pkg);
  }
}
