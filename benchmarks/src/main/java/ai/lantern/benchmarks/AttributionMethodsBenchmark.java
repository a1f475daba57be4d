package ai.lantern.benchmarks;

import ai.lantern.core.Explanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.occlusion.Occlusion;
import ai.lantern.explainers.shapley.KernelShap;
import ai.lantern.explainers.shapley.PartitionShap;
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
 * Time of one explanation of the 40-word review by each perturbation method with its defaults
 * (whole-word features, faithfulness off; {@code faithful} adds it). Agreement between the methods
 * comes from {@link MethodAgreementReport}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class AttributionMethodsBenchmark {
  @Param({"sst2-tiny"})
  public String model;

  @Param({"lime", "kernel-shap", "partition-shap", "occlusion", "occlusion-faithful"})
  public String method;

  private PyTorchTextClassifier classifier;
  private PerturbationExplainer explainer;

  @Setup(Level.Trial)
  public void setUp() {
    classifier = PyTorchTextClassifier.builder().setModelPath(BenchmarkModels.path(model)).optThreads(1).build();
    PerturbationExplainer.Features f = PerturbationExplainer.Features.WHOLE_WORD;
    explainer = switch (method) {
      case "lime" -> LimeTextExplainer.builder().setClassifier(classifier).optFeatures(f).optFaithfulness(false)
          .build();
      case "kernel-shap" -> KernelShap.builder().setClassifier(classifier).optFeatures(f).optFaithfulness(false)
          .build();
      case "partition-shap" -> PartitionShap.builder().setClassifier(classifier).optFeatures(f)
          .optFaithfulness(false).build();
      case "occlusion" -> Occlusion.builder().setClassifier(classifier).optFeatures(f).optFaithfulness(false).build();
      case "occlusion-faithful" -> Occlusion.builder().setClassifier(classifier).optFeatures(f).build();
      default -> throw new IllegalArgumentException(method);
    };
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    classifier.close();
  }

  @Benchmark
  public Explanation explain() {
    return explainer.explain(BenchmarkModels.FORTY_WORDS);
  }
}
