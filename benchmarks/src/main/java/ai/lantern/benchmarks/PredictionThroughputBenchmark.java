package ai.lantern.benchmarks;

import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.models.EmbeddedModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Texts classified per second by {@link PyTorchTextClassifier} on the embedded sst2-tiny model,
 * for several batch sizes. Each invocation classifies the same 96 texts of 5 to 40 words; the
 * score is in texts per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class PredictionThroughputBenchmark {
  static final int TEXTS = 96;
  private static final String[] WORDS = ("the a movie film was is great terrible boring charming funny dull and "
      + "but not very quite story actors plot ending music loved hated , . ! it this that with of").split(" ");

  @Param({"1", "8", "32"})
  public int batchSize;

  private PyTorchTextClassifier model;
  private List<String> texts;

  @Setup(Level.Trial)
  public void setUp() {
    model = PyTorchTextClassifier.builder().setModelPath(EmbeddedModels.path(EmbeddedModels.SST2_TINY))
        .optMaxBatchSize(batchSize).build();
    texts = texts(TEXTS, 5, 40, 42);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    model.close();
  }

  @Benchmark
  @OperationsPerInvocation(TEXTS)
  public double[][] predict() {
    return model.predictProbabilities(texts);
  }

  /** Seeded texts of {@code minWords}..{@code maxWords} words. */
  static List<String> texts(int n, int minWords, int maxWords, long seed) {
    Random r = new Random(seed);
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      int words = minWords + r.nextInt(maxWords - minWords + 1);
      StringBuilder sb = new StringBuilder();
      for (int w = 0; w < words; w++) {
        sb.append(w == 0 ? "" : " ").append(WORDS[r.nextInt(WORDS.length)]);
      }
      out.add(sb.toString());
    }
    return out;
  }
}
