package ai.lantern.benchmarks;

import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.TargetOutput;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
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
 * Layer Integrated Gradients with 50 steps on the 40-word sentence ({@link #lig}), against the
 * floor it cannot beat: one batch of 50 forward and backward passes of the same shape through the
 * same model ({@link #forwardBackward}). Their ratio is LIG's overhead. For {@code bert-base},
 * generate the model first: {@code /usr/bin/python3 tools/fixtures/make_bert_base.py}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class LigBenchmark {
  static final int STEPS = 50;

  @Param({"sst2-tiny"})
  public String model;

  @Param({"50"})
  public int internalBatchSize;

  private PyTorchTextClassifier classifier;
  private LayerIntegratedGradients lig;
  private EmbeddingGradients gradients;
  private TokenIds ids;
  private float[] path;

  @Setup(Level.Trial)
  public void setUp() {
    classifier = PyTorchTextClassifier.load(BenchmarkModels.path(model));
    lig = LayerIntegratedGradients.builder().setModel(classifier).optSteps(STEPS)
        .optInternalBatchSize(internalBatchSize).build();
    gradients = classifier.embeddingGradients();
    ids = classifier.tokenize(BenchmarkModels.FORTY_WORDS).ids();
    float[] x = gradients.embed(ids);
    path = new float[STEPS * x.length];
    for (int k = 0; k < STEPS; k++) {
      System.arraycopy(x, 0, path, k * x.length, x.length);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    classifier.close();
  }

  @Benchmark
  public IntegratedGradientsExplanation lig() {
    return lig.explain(BenchmarkModels.FORTY_WORDS, 1);
  }

  @Benchmark
  public EmbeddingGradients.Result forwardBackward() {
    return gradients.valuesAndGradients(ids, path, STEPS, 1, TargetOutput.PROBABILITY);
  }
}
