package ai.lantern.benchmarks;

import ai.lantern.core.Explanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What one LIME explanation of the 40-word sentence costs: time, forward passes after
 * de-duplication, the share of time spent outside the model, and the peak memory of the
 * explanation itself (Java heap, and the process's resident set, which includes libtorch).
 * Run each sample count in a fresh JVM so that peaks do not carry over:
 *
 * <pre>benchmarks/run --main LimeCostReport MODEL SAMPLES [REPEATS] [WARMUP_SAMPLES]</pre>
 *
 * <p>The process's memory rises during its first tens of thousands of predictions (JIT code,
 * allocator arenas) and then stays flat ({@link PredictionMemoryReport}); a large warm-up makes
 * the peak that follows belong to the explanation.
 */
public final class LimeCostReport {
  private LimeCostReport() {}

  public static void main(String[] args) throws IOException {
    String model = args.length > 0 ? args[0] : "sst2-tiny";
    int samples = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
    int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int warmup = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    try (PyTorchTextClassifier classifier = PyTorchTextClassifier.load(BenchmarkModels.path(model))) {
      TimedClassifier timed = new TimedClassifier(classifier);
      LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(timed).optNumSamples(samples).build();
      LimeTextExplainer.builder().setClassifier(classifier).optNumSamples(warmup).build()
          .explain(BenchmarkModels.FORTY_WORDS, 1000); // warm-up: JIT, allocators
      System.gc();
      ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
      long rssBefore = resetPeakRss();
      for (int r = 0; r < repeats; r++) {
        timed.nanos = 0;
        timed.texts = 0;
        long t0 = System.nanoTime();
        Explanation e = lime.explain(BenchmarkModels.FORTY_WORDS, r);
        long total = System.nanoTime() - t0;
        System.out.printf("%s samples=%d seed=%d: %.0f ms, forward passes %d, inside the model %.0f ms, outside %.1f%%%n",
            model, samples, r, total / 1e6, e.diagnostics().forwardPasses(), timed.nanos / 1e6,
            100.0 * (total - timed.nanos) / total);
      }
      long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
          .filter(p -> p.getType() == MemoryType.HEAP).mapToLong(p -> p.getPeakUsage().getUsed()).sum();
      System.out.printf("%s samples=%d: peak heap used %.1f MiB; peak RSS %.1f MiB (%.1f MiB before the runs)%n",
          model, samples, heapPeak / 1048576.0, peakRss() / 1024.0, rssBefore / 1024.0);
    }
  }

  /** Resets the kernel's peak-RSS counter (Linux: write 5 to clear_refs); returns the RSS now, in KiB. */
  private static long resetPeakRss() throws IOException {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
    } catch (IOException e) {
      System.out.println("cannot reset the peak RSS (" + e.getMessage() + "); it includes model loading");
    }
    return statusKib("VmRSS:");
  }

  private static long peakRss() throws IOException {
    return statusKib("VmHWM:");
  }

  private static long statusKib(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
