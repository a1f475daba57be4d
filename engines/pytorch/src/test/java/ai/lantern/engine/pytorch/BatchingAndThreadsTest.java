package ai.lantern.engine.pytorch;

import ai.lantern.engine.transformers.TextEncoder;
import ai.lantern.engine.transformers.EncodedText;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.lantern.core.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchingAndThreadsTest {
  private static final String[] WORDS = ("the a movie film was is great terrible boring charming funny dull "
      + "and but not very quite story actors plot ending music loved hated , . !").split(" ");
  private static PyTorchTextClassifier model;

  @BeforeAll
  static void load() {
    model = PyTorchTextClassifier.builder().setModelPath(Fixtures.model("sst2-tiny")).optMaxBatchSize(16).build();
  }

  @AfterAll
  static void close() {
    if (model != null) {
      model.close();
    }
  }

  /** Texts of 0 to 60 words, so that batches mix very different lengths. */
  static List<String> mixedTexts(int n, long seed) {
    Random r = new Random(seed);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      int words = r.nextInt(61);
      for (int w = 0; w < words; w++) {
        sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
      }
      texts.add(sb.toString().trim());
    }
    return texts;
  }

  @Test
  void batchOf64MixedLengthsEqualsSinglePredictions() {
    List<String> texts = mixedTexts(64, 1);
    double[][] batched = model.predictProbabilities(texts);
    for (int i = 0; i < texts.size(); i++) {
      double[] single = model.predictProbabilities(List.of(texts.get(i)))[0];
      assertArrayEquals(single, batched[i], 1e-5, "text #" + i + ": " + texts.get(i));
    }
  }

  @Test
  void eightThreadsEqualSequentialResults() throws Exception {
    List<String> texts = mixedTexts(50, 2);
    List<Prediction> sequential = texts.stream().map(model::predict).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Prediction>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> texts.stream().map(model::predict).toList()));
      }
      for (Future<List<Prediction>> f : futures) {
        List<Prediction> got = f.get();
        for (int i = 0; i < texts.size(); i++) {
          assertEquals(sequential.get(i).index(), got.get(i).index());
          assertArrayEquals(probs(sequential.get(i)), probs(got.get(i)), 1e-6, "text #" + i);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void emptyAndWhitespaceTextsAreTheEmptySequence() {
    // Identical rows of one batch may differ in the last float32 bits (GEMM blocking).
    double[][] p = model.predictProbabilities(List.of("", "   ", "\t\n"));
    assertArrayEquals(p[0], p[1], 1e-6);
    assertArrayEquals(p[0], p[2], 1e-6);
  }

  @Test
  void emptyListGivesNoRows() {
    assertEquals(0, model.predictProbabilities(List.of()).length);
  }

  @Test
  void nullTextIsNamed() {
    List<String> texts = new ArrayList<>(List.of("fine"));
    texts.add(null);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.predictProbabilities(texts));
    assertEquals("text #1 is null", e.getMessage());
  }

  @Test
  void longTextIsTruncatedToTheModelMaximum() {
    String longText = String.join(" ", java.util.Collections.nCopies(700, "good"));
    TextEncoder encoder = new TextEncoder(model.modelPackage().tokenizer(), model.maxLength());
    EncodedText e = encoder.encode(longText);
    encoder.close();
    assertEquals(512, e.length());
    assertEquals(702, e.fullLength());
    assertEquals(true, e.truncated());
    assertEquals(2, model.predictProbabilities(List.of(longText))[0].length);
  }

  private static double[] probs(Prediction p) {
    return p.probabilities().stream().mapToDouble(Double::doubleValue).toArray();
  }
}
