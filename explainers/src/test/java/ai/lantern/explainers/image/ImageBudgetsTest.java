package ai.lantern.explainers.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.CancelledException;
import ai.lantern.core.Progress;
import ai.lantern.engine.pytorch.PyTorchImageClassifier;
import ai.lantern.engine.transformers.ImageProcessor;
import ai.lantern.explainers.lime.ImageLimeExplanation;
import ai.lantern.explainers.lime.LimeImageExplainer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Budgets, progress and cancellation of the image explainers, on a clock the test advances: a
 * deadline ends Integrated Gradients and NoiseTunnel with an error after the batch that passes it,
 * and LIME with the samples drawn so far, marked partial.
 */
class ImageBudgetsTest {
  private static PyTorchImageClassifier model;
  private static float[] pixels;
  private static int[] rgb;

  @BeforeAll
  static void load() {
    model = PyTorchImageClassifier.load(Path.of(System.getProperty("lantern.models.dir"), "planted-image"));
    var image = ImageProcessor.read(model.directory().resolve("patch.png"));
    pixels = model.processor().pixelValues(image);
    rgb = model.processor().rgbValues(image);
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** A clock that moves one second each time a batch reports progress. */
  private static final class SteppedClock {
    final AtomicLong now = new AtomicLong();
    final List<Progress> seen = new ArrayList<>();

    void onProgress(Progress p) {
      seen.add(p);
      now.addAndGet(Duration.ofSeconds(1).toNanos());
    }
  }

  @Test
  void integratedGradientsReportsEachBatchAndEndsWithAnErrorPastItsDeadline() {
    SteppedClock clock = new SteppedClock();
    ImageIntegratedGradients unlimited = ImageIntegratedGradients.builder().setModel(model).optSteps(20)
        .optInternalBatchSize(5).optTicker(clock.now::get).optProgressListener(clock::onProgress).build();
    unlimited.explain(pixels, null);
    assertEquals(List.of(5L, 10L, 15L, 20L), clock.seen.stream().map(Progress::done).toList());
    assertTrue(clock.seen.stream().allMatch(p -> p.total() == 20));

    SteppedClock late = new SteppedClock();
    ImageIntegratedGradients limited = ImageIntegratedGradients.builder().setModel(model).optSteps(20)
        .optInternalBatchSize(5).optDeadline(Duration.ofMillis(1500)).optTicker(late.now::get)
        .optProgressListener(late::onProgress).build();
    BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> limited.explain(pixels, null));
    assertEquals(10, e.done(), "two batches ran: the second started at 1 s, the third would start at 2 s");
    assertEquals(20, e.planned());
    assertTrue(e.getMessage().contains("passed its deadline of 1500 ms after 10 of 20 images"), e.getMessage());

    SteppedClock tunnel = new SteppedClock();
    NoiseTunnel nt = NoiseTunnel.builder().setIntegratedGradients(ImageIntegratedGradients.builder().setModel(model)
        .optSteps(5).optInternalBatchSize(5).optDeadline(Duration.ofMillis(2500)).optTicker(tunnel.now::get)
        .optProgressListener(tunnel::onProgress).build()).optSamples(10).optSamplesBatchSize(2).optSeed(1).build();
    BudgetExceededException n = assertThrows(BudgetExceededException.class, () -> nt.explain(pixels, null));
    assertEquals(15, n.done());
    assertEquals(50, n.planned(), "10 noisy copies of 5 steps");
    assertTrue(n.getMessage().startsWith("NoiseTunnel passed its deadline"), n.getMessage());

    BudgetExceededException passes = assertThrows(BudgetExceededException.class, () -> ImageIntegratedGradients
        .builder().setModel(model).optSteps(20).optMaxForwardPasses(10).build().explain(pixels, null));
    assertTrue(passes.getMessage().contains("needs 23 images through the model, over the budget of 10"),
        passes.getMessage());
    // 20 steps, the prediction and the convergence delta's two: 23 exactly fit, and are counted so.
    assertEquals(23, ImageIntegratedGradients.builder().setModel(model).optSteps(20).optMaxForwardPasses(23).build()
        .explain(pixels, null).forwardPasses());
    assertThrows(BudgetExceededException.class, () -> ImageIntegratedGradients.builder().setModel(model).optSteps(20)
        .optMaxForwardPasses(22).build().explain(pixels, null));

    // Without a batch size, a deadline still gets batches to be checked between.
    SteppedClock whole = new SteppedClock();
    BudgetExceededException unbatched = assertThrows(BudgetExceededException.class, () -> ImageIntegratedGradients
        .builder().setModel(model).optSteps(30).optDeadline(Duration.ofMillis(500)).optTicker(whole.now::get)
        .optProgressListener(whole::onProgress).build().explain(pixels, null));
    assertEquals(10, unbatched.done(), "batches of " + ImageIntegratedGradients.DEADLINE_BATCH);
  }

  @Test
  void limeStopsSamplingAtItsDeadlineAndFitsWhatItHasMarkedPartial() {
    SteppedClock clock = new SteppedClock();
    int[] segments = LimeImageExplainer.gridSegments(16, 16, 4);
    ImageLimeExplanation e = LimeImageExplainer.builder().optNumSamples(100).optBatchSize(10).optLabels(1)
        .optSeed(3).optDeadline(Duration.ofMillis(2500)).optTicker(clock.now::get)
        .optProgressListener(clock::onProgress).build()
        .explain(rgb, 16, 16, segments, model.labels(), model::probabilitiesOfRgb);
    assertTrue(e.partial());
    assertEquals(30, e.samples(), "three batches: the third ended at 3 s, past 2.5 s");
    assertEquals(List.of(10L, 20L, 30L), clock.seen.stream().map(Progress::done).toList());
    ImageLimeExplanation all = LimeImageExplainer.builder().optNumSamples(100).optBatchSize(10).optLabels(1)
        .optSeed(3).build().explain(rgb, 16, 16, segments, model.labels(), model::probabilitiesOfRgb);
    assertFalse(all.partial());
    assertEquals(100, all.samples());
    ImageLimeExplanation capped = LimeImageExplainer.builder().optNumSamples(100).optLabels(1).optSeed(3)
        .optMaxForwardPasses(40).build().explain(rgb, 16, 16, segments, model.labels(), model::probabilitiesOfRgb);
    assertTrue(capped.partial());
    assertEquals(40, capped.samples());
  }

  @Test
  void anInterruptedThreadStopsAtTheNextBatch() {
    Thread.currentThread().interrupt();
    try {
      CancelledException e = assertThrows(CancelledException.class, () -> ImageIntegratedGradients.builder()
          .setModel(model).optSteps(10).build().explain(pixels, null));
      assertTrue(e.getMessage().contains("cancelled after 0 of 10 images"), e.getMessage());
    } finally {
      Thread.interrupted();
    }
    Thread.currentThread().interrupt();
    try {
      assertThrows(CancelledException.class, () -> LimeImageExplainer.builder().optNumSamples(50).optLabels(1).build()
          .explain(rgb, 16, 16, LimeImageExplainer.gridSegments(16, 16, 4), model.labels(),
              model::probabilitiesOfRgb));
    } finally {
      Thread.interrupted();
    }
  }
}
