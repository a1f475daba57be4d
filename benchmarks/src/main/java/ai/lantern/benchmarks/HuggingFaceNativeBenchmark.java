package ai.lantern.benchmarks;

import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import java.util.Collections;
import java.util.List;
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
 * The natively built HuggingFace network against the TorchScript export of the same weights:
 * {@code bert-base-hf} (BERT-base-shaped {@code save_pretrained} folder) and {@code bert-base-hf-ts}
 * ({@code tools/export_hf_model.py} on it), both written by
 * {@code tools/fixtures/make_bert_base_hf.py}, which also prints the Python reference time of
 * Layer Integrated Gradients on the same text. Measured: a forward pass of 8 texts of 61 tokens,
 * and LIG with 50 Gauss-Legendre steps in one batch (Captum's default) on one of them.
 *
 * <pre>
 * benchmarks/run HuggingFaceNativeBenchmark -p model=bert-base-hf,bert-base-hf-ts
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 10)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class HuggingFaceNativeBenchmark {
  /** 59 words, 61 tokens with [CLS] and [SEP]; the text make_bert_base_hf.py times in Python. */
  static final String SIXTY_WORDS = "the film starts slowly and the first act drags but once the two leads "
      + "finally meet the story finds its heart with warm performances sharp dialogue and a score that lifts "
      + "every scene into something quietly wonderful and deeply moving even if the ending feels rushed and a "
      + "little too neat for a film that spent so long";

  @Param({"bert-base-hf", "bert-base-hf-ts"})
  public String model;

  private PyTorchTextClassifier classifier;
  private LayerIntegratedGradients lig;
  private final List<String> batch = Collections.nCopies(8, SIXTY_WORDS);

  @Setup(Level.Trial)
  public void setUp() {
    classifier = PyTorchTextClassifier.load(BenchmarkModels.path(model));
    lig = LayerIntegratedGradients.builder().setModel(classifier).optSteps(50).optInternalBatchSize(50).build();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    classifier.close();
  }

  @Benchmark
  public double[][] forward8() {
    return classifier.predictProbabilities(batch);
  }

  @Benchmark
  public IntegratedGradientsExplanation lig50() {
    return lig.explain(SIXTY_WORDS, 1);
  }
}
