package ai.lantern.benchmarks;

import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resident memory across a long run of predictions: prints the RSS every few rounds, so that
 * native growth (a leak, or allocator fragmentation) shows as a trend.
 *
 * <pre>benchmarks/run --main PredictionMemoryReport [ROUNDS] [TEXTS_PER_ROUND] [MAX_BATCH]</pre>
 */
public final class PredictionMemoryReport {
  private PredictionMemoryReport() {}

  public static void main(String[] args) throws IOException {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int perRound = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int batch = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    try (PyTorchTextClassifier model = PyTorchTextClassifier.builder()
        .setModelPath(BenchmarkModels.path("sst2-tiny")).optMaxBatchSize(batch).build()) {
      for (int r = 0; r < rounds; r++) {
        List<String> texts = PredictionThroughputBenchmark.texts(perRound, 1, 60, r);
        model.predictProbabilities(texts);
        if (r % (rounds / 10) == 0 || r == rounds - 1) {
          System.out.printf("round %d: %d texts so far, RSS %.1f MiB%n", r, (long) (r + 1) * perRound, rssKib() / 1024.0);
        }
      }
    }
  }

  static long rssKib() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
