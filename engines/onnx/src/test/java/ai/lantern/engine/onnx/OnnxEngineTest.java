package ai.lantern.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.LanternException;
import ai.lantern.core.Task;
import ai.lantern.core.TextPair;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ONNX exports (tools/fixtures/make_onnx_fixtures.py) against the PyTorch engine on the folder
 * they were exported from: the same probabilities within 1e-4, the same LIME explanations, every
 * feature kind; gradient methods refused by name.
 */
class OnnxEngineTest {
  static final List<String> TEXTS = List.of("a charming and often affecting journey", "this movie was terrible",
      "I don't know, it's 3,520,031 times better than 10.5% of films", "Café crème, naïve résumé 💖 👍🏽",
      "東京 is great!!! ???", "good  movie ", "", "it was — honestly — worth £5\nand more");

  @TempDir Path tmp;

  static Path folder(String name) {
    Path dir = Path.of(System.getProperty("lantern.models.dir"), name);
    assertTrue(Files.isDirectory(dir), "fixture " + dir + " is missing: run tools/fixtures/make_onnx_fixtures.py");
    return dir;
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf-bert-sst2", "hf-roberta-sst2"})
  void probabilitiesAndLimeEqualThePyTorchEngine(String name) {
    try (OnnxTextClassifier onnx = OnnxTextClassifier.load(folder(name + "-onnx"));
        PyTorchTextClassifier torch = PyTorchTextClassifier.load(folder(name))) {
      assertEquals(torch.labels(), onnx.labels());
      double[][] a = onnx.predictProbabilities(TEXTS);
      double[][] b = torch.predictProbabilities(TEXTS);
      for (int i = 0; i < TEXTS.size(); i++) {
        assertArrayEquals(b[i], a[i], 1e-4, TEXTS.get(i));
      }
      List<TextPair> pairs = List.of(new TextPair("a fine film", "I liked it"));
      assertArrayEquals(torch.predictPairs(pairs)[0], onnx.predictPairs(pairs)[0], 1e-4);
      for (LimeTextExplainer.Features features : LimeTextExplainer.Features.values()) {
        Explanation x = lime(onnx, features).explain(TEXTS.get(2), 7);
        Explanation y = lime(torch, features).explain(TEXTS.get(2), 7);
        List<FeatureAttribution> fx = x.targets().get(0).attributions();
        List<FeatureAttribution> fy = y.targets().get(0).attributions();
        assertEquals(fy.size(), fx.size(), features.name());
        for (int i = 0; i < fx.size(); i++) {
          assertEquals(fy.get(i).feature(), fx.get(i).feature(), features.name());
          assertEquals(fy.get(i).score(), fx.get(i).score(), 1e-4, features + " " + fx.get(i).text());
        }
      }
      assertFalse(onnx.isGradientReady());
      LanternException e = assertThrows(LanternException.class, onnx::embeddingGradients);
      assertTrue(e.getMessage().contains("ONNX Runtime computes no gradients"), e.getMessage());
    }
  }

  private static LimeTextExplainer lime(TransformerTextClassifier model, LimeTextExplainer.Features features) {
    return LimeTextExplainer.builder().setClassifier(model).optFeatures(features).optNumSamples(300).build();
  }

  @Test
  void questionAnsweringStacksStartAndEndLogits() {
    try (OnnxTextClassifier onnx = OnnxTextClassifier.load(folder("hf-bert-qa-onnx"));
        PyTorchTextClassifier torch = PyTorchTextClassifier.load(folder("hf-bert-qa"))) {
      assertEquals(Task.QUESTION_ANSWERING, onnx.task());
      List<TokenIds> inputs = new ArrayList<>();
      inputs.add(torch.tokenize(new TextPair("what is the color ?", "the color is red . the city is paris .")).ids());
      inputs.add(torch.tokenize(new TextPair("what is the city ?", "the city is tokyo .")).ids());
      double[][][] a = onnx.predictTokenLogits(inputs);
      double[][][] b = torch.predictTokenLogits(inputs);
      for (int s = 0; s < a.length; s++) {
        for (int t = 0; t < a[s].length; t++) {
          assertArrayEquals(b[s][t], a[s][t], 1e-4, "sequence " + s + " token " + t);
        }
      }
    }
  }

  private Path copy(String name) throws IOException {
    Path target = tmp.resolve(name);
    Files.createDirectories(target);
    try (Stream<Path> files = Files.list(folder(name))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.copy(f, target.resolve(f.getFileName()));
      }
    }
    return target;
  }

  @Test
  void logitsOfTheWrongShapeAreRefusedAtLoad() throws IOException {
    Path dir = copy("hf-bert-sst2-onnx");
    String config = Files.readString(dir.resolve("config.json"));
    Files.writeString(dir.resolve("config.json"), config.replace("\"1\": \"POSITIVE\"", "\"1\": \"POSITIVE\", \"2\": \"X\"")
        .replace("\"POSITIVE\": 1", "\"POSITIVE\": 1, \"X\": 2"));
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> OnnxTextClassifier.load(dir).close());
    assertTrue(e.getMessage().contains("model.onnx") && e.getMessage().contains("[batch, 3]")
        && e.getMessage().contains("(1, 2)"), e.getMessage());
  }

  @Test
  void aFileThatIsNotOnnxIsRefused() throws IOException {
    Path dir = copy("hf-bert-sst2-onnx");
    Files.writeString(dir.resolve("model.onnx"), "not a model");
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> OnnxTextClassifier.load(dir).close());
    assertTrue(e.getMessage().contains("model.onnx") && e.getMessage().contains("ONNX"), e.getMessage());
  }

  @Test
  void aFolderWithoutOnnxSaysHowToGetOne() {
    InvalidModelException e = assertThrows(InvalidModelException.class,
        () -> OnnxTextClassifier.load(folder("hf-bert-sst2")).close());
    assertTrue(e.getMessage().contains("no model.onnx") && e.getMessage().contains("PyTorchTextClassifier"),
        e.getMessage());
  }

  @Test
  void thePyTorchEngineSendsOnnxToTheOnnxEngine() {
    InvalidModelException e = assertThrows(InvalidModelException.class,
        () -> PyTorchTextClassifier.load(folder("hf-bert-sst2-onnx")).close());
    assertTrue(e.getMessage().contains("OnnxTextClassifier"), e.getMessage());
  }
}
