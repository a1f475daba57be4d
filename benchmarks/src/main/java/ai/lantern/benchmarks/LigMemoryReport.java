package ai.lantern.benchmarks;

import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak resident memory of one Layer Integrated Gradients explanation (50 steps, the 40-word
 * sentence) for a given internal batch size. Run each size in a fresh JVM:
 *
 * <pre>benchmarks/run --main LigMemoryReport MODEL INTERNAL_BATCH_SIZE</pre>
 */
public final class LigMemoryReport {
  private LigMemoryReport() {}

  public static void main(String[] args) throws IOException {
    String model = args.length > 0 ? args[0] : "sst2-tiny";
    int batch = args.length > 1 ? Integer.parseInt(args[1]) : 50;
    try (PyTorchTextClassifier classifier = PyTorchTextClassifier.load(BenchmarkModels.path(model))) {
      LayerIntegratedGradients lig = LayerIntegratedGradients.builder().setModel(classifier)
          .optInternalBatchSize(batch).build();
      LayerIntegratedGradients.builder().setModel(classifier).optSteps(2).optInternalBatchSize(1).build()
          .explain("warm up", 1);
      long before = status("VmRSS:");
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      long t0 = System.nanoTime();
      IntegratedGradientsExplanation e = lig.explain(BenchmarkModels.FORTY_WORDS, 1);
      System.out.printf("%s internalBatchSize=%d: %.0f ms, delta %.2e, peak RSS %.1f MiB (%.1f MiB before, +%.1f)%n",
          model, batch, (System.nanoTime() - t0) / 1e6, e.convergenceDelta(), status("VmHWM:") / 1024.0,
          before / 1024.0, (status("VmHWM:") - before) / 1024.0);
    }
  }

  private static long status(String field) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith(field)) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
