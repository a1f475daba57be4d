package ai.lantern.explainers.lime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.lantern.engine.pytorch.PyTorchImageClassifier;
import ai.lantern.engine.transformers.ImageProcessor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Properties of LIME for images on the digits CNN: the batch size changes nothing, the same seed
 * gives the same weights on any thread, and another seed gives other samples.
 */
class LimeImagePropertiesTest {
  private static PyTorchImageClassifier model;
  private static int[] rgb;
  private static final int[] SEGMENTS = LimeImageExplainer.gridSegments(32, 32, 8);

  @BeforeAll
  static void load() {
    model = PyTorchImageClassifier.load(Path.of(System.getProperty("lantern.models.dir"), "digits-cnn"));
    rgb = model.processor().rgbValues(ImageProcessor.read(model.directory().resolve("digit-0-7.png")));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static double[] weights(boolean numpy, long seed, int batchSize) {
    return LimeImageExplainer.builder().optNumSamples(200).optBatchSize(batchSize).optLabels(7).optSeed(seed)
        .optNumpyCompatible(numpy).build().explain(rgb, 32, 32, SEGMENTS, model.labels(), model::probabilitiesOfRgb)
        .explanations().get(0).weights();
  }

  @ParameterizedTest(name = "numpy-compatible {0}")
  @ValueSource(booleans = {false, true})
  void theBatchSizeChangesNothing(boolean numpy) {
    double[] reference = weights(numpy, 5, 10);
    for (int batch : new int[] {1, 7, 64, 200}) {
      assertArrayEquals(reference, weights(numpy, 5, batch), 1e-6, "batches of " + batch);
    }
  }

  @Test
  void theSameSeedGivesTheSameWeightsOnAnyThreadAndAnotherSeedOtherSamples() throws Exception {
    double[] here = weights(false, 11, 10);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<double[]>> there = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        there.add(pool.submit(() -> weights(false, 11, 10)));
      }
      for (Future<double[]> f : there) {
        assertArrayEquals(here, f.get(), 0.0);
      }
    } finally {
      pool.shutdown();
    }
    LimeImageExplainer a = LimeImageExplainer.builder().optNumSamples(50).optSeed(11).build();
    LimeImageExplainer b = LimeImageExplainer.builder().optNumSamples(50).optSeed(12).build();
    assertFalse(Arrays.deepEquals(a.draw(16), b.draw(16)), "seeds 11 and 12 drew the same rows");
    assertEquals(16, a.draw(16)[0].length);
  }
}
