package ai.lantern.engine.pytorch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.TargetOutput;
import ai.lantern.core.spi.TokenIds;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One natively built network serves several threads: predictions and gradients computed on 4
 * threads at once equal those of one thread bit for bit, and no native array outlives its call.
 */
class NativeNetworkThreadsTest {
  private static final List<String> TEXTS = List.of("a charming and often affecting journey",
      "this movie was terrible and boring", "I don't know, it's fine", "Café crème 💖", "",
      "the plot is thin but the actors are wonderful and the music is great");

  private record Outcome(double[][] probabilities, double[] values, float[] gradients) {}

  private static Outcome work(PyTorchTextClassifier model) {
    double[][] p = model.predictProbabilities(TEXTS);
    EmbeddingGradients g = model.embeddingGradients();
    TokenIds ids = model.tokenize(TEXTS.get(0)).ids();
    float[] x = g.embed(ids, ids, ids);
    EmbeddingGradients.Result r = g.valuesAndGradients(ids, x, 3, 1, TargetOutput.PROBABILITY);
    return new Outcome(p, r.values(), r.gradients());
  }

  @ParameterizedTest
  @ValueSource(strings = {"hf-bert-sst2", "hf-deberta-sst2"})
  void fourThreadsEqualOneBitForBit(String name) throws Exception {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.builder()
        .setModelPath(HuggingFaceFolderTest.folder(name)).optMaxBatchSize(4).build()) {
      NativeNetwork network = model.nativeNetwork();
      Outcome alone = work(model);
      int held = network.managedArrays();
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Outcome>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          futures.add(pool.submit(() -> work(model)));
        }
        for (Future<Outcome> f : futures) {
          Outcome o = f.get();
          for (int t = 0; t < TEXTS.size(); t++) {
            assertArrayEquals(alone.probabilities()[t], o.probabilities()[t], 0.0, TEXTS.get(t));
          }
          assertArrayEquals(alone.values(), o.values(), 0.0);
          assertArrayEquals(alone.gradients(), o.gradients(), 0.0f);
        }
      } finally {
        pool.shutdown();
      }
      assertEquals(held, network.managedArrays(), "native arrays left behind by 8 calls on 4 threads");
    }
  }

  /**
   * Gradients stay right while the garbage collector runs: no tensor that autograd keeps for the
   * backward pass may live in a Java buffer that the collector can free (a scalar factor made by
   * {@code NDArray.div(Number)} once did, and one gradient in a few came back as garbage).
   */
  @ParameterizedTest
  @ValueSource(strings = {"hf-roberta-sst2", "hf-distilbert-sst2", "hf-deberta-sst2"})
  void gradientsSurviveGarbageCollection(String name) throws Exception {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(HuggingFaceFolderTest.folder(name))) {
      EmbeddingGradients g = model.embeddingGradients();
      TokenIds ids = model.tokenize(TEXTS.get(5)).ids();
      float[] x = g.embed(ids, ids);
      float[] want = g.valuesAndGradients(ids, x, 2, 1, TargetOutput.PROBABILITY).gradients();
      java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
      Thread collector = new Thread(() -> {
        while (!done.get()) {
          System.gc();
        }
      });
      collector.start();
      try {
        for (int i = 0; i < 60; i++) {
          assertArrayEquals(want, g.valuesAndGradients(ids, x, 2, 1, TargetOutput.PROBABILITY).gradients(), 0.0f,
              "call " + i);
        }
      } finally {
        done.set(true);
        collector.join();
      }
    }
  }
}
