package ai.lantern.explainers.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.CancelledException;
import ai.lantern.core.CostEstimate;
import ai.lantern.core.Explanation;
import ai.lantern.core.Progress;
import ai.lantern.core.StopReason;
import ai.lantern.core.TextClassifier;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BudgetsAndCancellationTest {
  static final String FORTY_WORDS = "the film starts slowly and the first act drags but once the two leads finally "
      + "meet the story finds its heart with warm performances sharp dialogue and a score that lifts every scene "
      + "into something quietly wonderful and deeply moving";
  private static final Path MODELS = Path.of(System.getProperty("lantern.models.dir"));
  private static PyTorchTextClassifier sst2;
  /** Median time of one engine batch (32 perturbed texts of the sentence), after warm-up. */
  private static long batchNanos;

  @BeforeAll
  static void load() {
    sst2 = PyTorchTextClassifier.load(MODELS.resolve("sst2-tiny"));
    LimeTextExplainer.builder().setClassifier(sst2).optNumSamples(2000).build().explain(FORTY_WORDS, 99);
    List<String> batch = new ArrayList<>();
    String[] words = FORTY_WORDS.split(" ");
    for (int i = 0; i < 32; i++) {
      batch.add(String.join(" ", Arrays.copyOfRange(words, i % 5, words.length - i % 7)));
    }
    long[] t = new long[7];
    for (int i = 0; i < t.length; i++) {
      long t0 = System.nanoTime();
      sst2.predictProbabilities(batch);
      t[i] = System.nanoTime() - t0;
    }
    Arrays.sort(t);
    batchNanos = t[t.length / 2];
  }

  @AfterAll
  static void close() {
    sst2.close();
  }

  /**
   * The deadline holds within one model call, on a clock the test drives: each text the model is
   * asked about costs exactly 1 ms of it, so what the deadline does cannot depend on how busy the
   * machine is. The same run gives the same samples every time.
   */
  @Test
  void limeDeadlineHoldsWithinOneModelCallOnAClockTheTestDrives() {
    Duration deadline = Duration.ofMillis(200);
    AtomicLong clock = new AtomicLong();
    long[] longestCall = {0};
    TextClassifier timed = TextClassifier.of(sst2.labels(), texts -> {
      clock.addAndGet(texts.size() * 1_000_000L);
      longestCall[0] = Math.max(longestCall[0], texts.size() * 1_000_000L);
      return sst2.predictProbabilities(texts);
    });
    LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(timed).optNumSamples(5000)
        .optDeadline(deadline).optTicker(clock::get).build();
    long[] samples = new long[2];
    for (int r = 0; r < samples.length; r++) {
      long t0 = clock.get();
      Explanation e = lime.explain(FORTY_WORDS, 7);
      long elapsed = clock.get() - t0;
      assertEquals(StopReason.DEADLINE, e.diagnostics().stop());
      assertTrue(e.diagnostics().partial());
      assertTrue(e.diagnostics().samples() < 5000 && e.diagnostics().samples() >= 50, "" + e.diagnostics());
      assertTrue(elapsed <= deadline.toNanos() + longestCall[0], "elapsed " + elapsed / 1e6 + " ms of the test's "
          + "clock; longest call " + longestCall[0] / 1e6 + " ms");
      assertEquals(elapsed, e.diagnostics().elapsed().toNanos(), "elapsed is read on the same clock");
      samples[r] = e.diagnostics().samples();
    }
    assertEquals(samples[0], samples[1], "same seed, same clock: same samples");
  }

  @Test
  void limeForwardPassLimitGivesAPartialExplanation() {
    Explanation e = LimeTextExplainer.builder().setClassifier(sst2).optNumSamples(5000).optMaxForwardPasses(300)
        .build().explain(FORTY_WORDS);
    assertEquals(StopReason.FORWARD_PASS_LIMIT, e.diagnostics().stop());
    assertEquals(300, e.diagnostics().forwardPasses());
    assertTrue(e.diagnostics().samples() >= 300, "duplicates are free: " + e.diagnostics().samples());
  }

  @Test
  void tooLittleBudgetIsADedicatedException() {
    BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> LimeTextExplainer.builder()
        .setClassifier(sst2).optMaxForwardPasses(10).build().explain(FORTY_WORDS));
    assertTrue(e.getMessage().contains("ran out after") && e.getMessage().contains("minSamples"), e.getMessage());
    assertEquals(10, e.forwardPasses());
    assertTrue(e.done() < 50);
  }

  @Test
  void ligForwardPassLimitLowersTheStepCount() {
    IntegratedGradientsExplanation e = LayerIntegratedGradients.builder().setModel(sst2).optMaxForwardPasses(20)
        .build().explain("a charming and often affecting journey");
    // one pass finds the predicted class, two evaluate the text and the baseline
    assertEquals(17, e.diagnostics().samples());
    assertEquals(20, e.diagnostics().forwardPasses());
    assertEquals(StopReason.FORWARD_PASS_LIMIT, e.diagnostics().stop());
    assertTrue(Math.abs(e.convergenceDelta()) < 0.05 * Math.abs(e.fx() - e.fBaseline()));
    BudgetExceededException ex = assertThrows(BudgetExceededException.class, () -> LayerIntegratedGradients.builder()
        .setModel(sst2).optMaxForwardPasses(5).build().explain("a charming journey"));
    assertTrue(ex.getMessage().contains("leaves room for 2 of 50 integration steps"), ex.getMessage());
  }

  @Test
  void ligDeadlineChoosesFewerStepsOrFails() {
    LayerIntegratedGradients generous = LayerIntegratedGradients.builder().setModel(sst2)
        .optDeadline(Duration.ofSeconds(30)).build();
    assertEquals(StopReason.COMPLETED, generous.explain(FORTY_WORDS).diagnostics().stop());
    assertThrows(BudgetExceededException.class, () -> LayerIntegratedGradients.builder().setModel(sst2)
        .optDeadline(Duration.ofNanos(1)).build().explain(FORTY_WORDS));
  }

  @Test
  void cancellationStopsWithinABatch() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      AtomicLong ended = new AtomicLong();
      LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(sst2).optNumSamples(200_000)
          .optBatchSize(64).build();
      Future<Explanation> f = pool.submit(() -> {
        try {
          return lime.explain(FORTY_WORDS);
        } finally {
          ended.set(System.nanoTime());
        }
      });
      Thread.sleep(300);
      long cancelled = System.nanoTime();
      f.cancel(true);
      while (ended.get() == 0) {
        Thread.sleep(1);
      }
      long latency = ended.get() - cancelled;
      assertTrue(latency <= 2 * batchNanos + 20_000_000L, "stopped " + latency / 1e6 + " ms after the cancel; "
          + "one batch takes " + batchNanos / 1e6 + " ms");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aHundredCancelledRunsDoNotGrowNativeMemory() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(sst2).optNumSamples(200_000).build();
    try {
      // The first tens of cancelled runs in a process grow RSS while allocators and JIT warm up
      // (about 12 MiB over 50 runs here), then it stays flat: measure after that.
      for (int i = 0; i < 50; i++) {
        cancelOnce(pool, lime, i);
      }
      long before = rssKib();
      for (int i = 0; i < 100; i++) {
        cancelOnce(pool, lime, i);
      }
      long growth = rssKib() - before;
      assertTrue(growth < 20 * 1024, "RSS grew by " + growth / 1024 + " MiB over 100 cancelled runs");
    } finally {
      pool.shutdownNow();
    }
  }

  private static void cancelOnce(ExecutorService pool, LimeTextExplainer lime, int i) throws Exception {
    Future<Explanation> f = pool.submit(() -> lime.explain(FORTY_WORDS, i));
    Thread.sleep(5 + i % 20);
    f.cancel(true);
    pool.submit(() -> { }).get(); // the single worker is free again: the run has ended
    assertTrue(f.isCancelled());
  }

  private static long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    throw new IllegalStateException("no VmRSS");
  }

  @Test
  void cancelledRunsThrowCancelledException() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Exception> f = pool.submit(() -> {
        Thread.currentThread().interrupt();
        try {
          LimeTextExplainer.builder().setClassifier(sst2).build().explain(FORTY_WORDS);
          return null;
        } catch (CancelledException e) {
          return e;
        }
      });
      assertTrue(f.get() instanceof CancelledException);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void retainedMemoryDoesNotGrowWithTheNumberOfSamples() {
    long small = peakRetainedHeap(2_000);
    long large = peakRetainedHeap(20_000);
    assertTrue(Math.abs(large - small) < 2 * 1024 * 1024, "peak retained heap " + small / 1024 + " KiB at 2,000 "
        + "samples, " + large / 1024 + " KiB at 20,000");
  }

  /** The most heap that stays live during an explanation, sampled after a GC at every model call. */
  private static long peakRetainedHeap(int samples) {
    long[] peak = {0};
    Runtime rt = Runtime.getRuntime();
    TextClassifier probe = TextClassifier.of(List.of("NO", "YES"), texts -> {
      System.gc();
      peak[0] = Math.max(peak[0], rt.totalMemory() - rt.freeMemory());
      return texts.stream().map(t -> new double[] {0.5, 0.5}).toArray(double[][]::new);
    });
    LimeTextExplainer.builder().setClassifier(probe).optNumSamples(samples).optBatchSize(512).build()
        .explain(FORTY_WORDS);
    return peak[0];
  }

  @Test
  void explainAllOnTwoThreadsEqualsSequential() {
    List<String> texts = new ArrayList<>();
    String[] words = FORTY_WORDS.split(" ");
    for (int i = 0; i < 100; i++) {
      texts.add(String.join(" ", Arrays.copyOfRange(words, i % 20, Math.min(words.length, i % 20 + 3 + i % 17))));
    }
    LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(sst2).optNumSamples(200).build();
    List<Explanation> parallel = lime.explainAll(texts, 2);
    for (int i = 0; i < texts.size(); i++) {
      Explanation one = lime.explain(texts.get(i));
      assertEquals(one.targets(), parallel.get(i).targets(), texts.get(i));
      assertEquals(one.prediction().label(), parallel.get(i).prediction().label());
    }
  }

  @Test
  void progressIsReportedUpToTheEnd() {
    List<Progress> seen = new ArrayList<>();
    LimeTextExplainer.builder().setClassifier(sst2).optNumSamples(1000).optProgressListener(seen::add).build()
        .explain(FORTY_WORDS);
    assertTrue(seen.size() >= 3);
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(seen.get(i).done() > seen.get(i - 1).done());
    }
    assertEquals(1000, seen.get(seen.size() - 1).done());
    assertEquals(1.0, seen.get(seen.size() - 1).fraction(), 0.0);
  }

  @Test
  void estimatesAreCloseToWhatRuns() {
    LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(sst2).build();
    CostEstimate c = lime.estimate(FORTY_WORDS);
    long actual = lime.explain(FORTY_WORDS).diagnostics().forwardPasses();
    assertEquals(actual, c.forwardPasses(), 0.03 * actual, c.basis());
    assertEquals(16, lime.estimate("I love you, I like you").forwardPasses(), 0.5);
    LayerIntegratedGradients lig = LayerIntegratedGradients.builder().setModel(sst2).build();
    assertEquals(lig.explain(FORTY_WORDS).diagnostics().forwardPasses(), lig.estimate(FORTY_WORDS).forwardPasses());
  }

  @Test
  void earlyStoppingSavesSamplesAndKeepsTheAnswer() {
    try (PyTorchTextClassifier planted = PyTorchTextClassifier.load(MODELS.resolve("planted-tiny"))) {
      Explanation e = LimeTextExplainer.builder().setClassifier(planted).optEarlyStopping(3, 3).build()
          .explain("the story was long but the zebra made it worth the time");
      assertEquals(StopReason.CONVERGED, e.diagnostics().stop());
      assertTrue(e.diagnostics().samples() < 5000, "samples " + e.diagnostics().samples());
      assertEquals("zebra", e.targets().get(0).byMagnitude().get(0).text());
    }
  }
}
