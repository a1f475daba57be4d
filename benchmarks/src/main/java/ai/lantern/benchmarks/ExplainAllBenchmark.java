package ai.lantern.benchmarks;

import ai.lantern.core.Explanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.util.List;
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

/** Texts explained per second by {@code explainAll} (LIME, 500 samples, sst2-tiny) on 1 and 2 threads. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class ExplainAllBenchmark {
  static final int TEXTS = 16;

  @Param({"1", "2"})
  public int threads;

  private PyTorchTextClassifier model;
  private LimeTextExplainer lime;
  private List<String> texts;

  @Setup(Level.Trial)
  public void setUp() {
    model = PyTorchTextClassifier.load(BenchmarkModels.path("sst2-tiny"));
    lime = LimeTextExplainer.builder().setClassifier(model).optNumSamples(500).build();
    texts = PredictionThroughputBenchmark.texts(TEXTS, 8, 30, 7);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    model.close();
  }

  @Benchmark
  @OperationsPerInvocation(TEXTS)
  public List<Explanation> explainAll() {
    return lime.explainAll(texts, threads);
  }
}
