package ai.lantern.benchmarks;

import ai.lantern.core.Explanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time of one LIME explanation (word features, lime's defaults) of a 40-word sentence. For
 * {@code bert-base}, generate the model first: {@code /usr/bin/python3 tools/fixtures/make_bert_base.py}.
 * Forward passes, the share of time outside the model and peak memory come from
 * {@link LimeCostReport}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class LimeBenchmark {
  @Param({"sst2-tiny"})
  public String model;

  @Param({"5000"})
  public int samples;

  @Param({"32"})
  public int maxBatchSize;

  private PyTorchTextClassifier classifier;
  private LimeTextExplainer lime;

  @Setup(Level.Trial)
  public void setUp() {
    classifier = PyTorchTextClassifier.builder().setModelPath(BenchmarkModels.path(model))
        .optMaxBatchSize(maxBatchSize).build();
    lime = LimeTextExplainer.builder().setClassifier(classifier).optNumSamples(samples).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    classifier.close();
  }

  @Benchmark
  public Explanation explain() {
    return lime.explain(BenchmarkModels.FORTY_WORDS);
  }
}
