package ai.lantern.benchmarks;

import ai.lantern.core.ImageClassifier;
import ai.lantern.engine.pytorch.PyTorchImageClassifier;
import ai.lantern.explainers.image.ImageAttribution;
import ai.lantern.explainers.image.ImageIntegratedGradients;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Integrated Gradients on an image, 50 steps in batches of {@code internalBatchSize} ({@link #ig}),
 * against its floor: the same 50 images through the same model, forward and backward, in the same
 * batches ({@link #forwardBackward}). Their ratio is IG's overhead. {@code vit-base} (224×224,
 * random weights, HuggingFace's folder built natively) and {@code vit-base-ts} (its TorchScript
 * export) need {@code tools/fixtures/make_vit_base.py} first; {@code hf-vit-digits-ts} and
 * {@code digits-cnn} are committed fixtures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Dai.djl.offline=true"})
public class ImageIgBenchmark {
  static final int STEPS = 50;

  @Param({"hf-vit-digits-ts"})
  public String model;

  @Param({"10"})
  public int internalBatchSize;

  private PyTorchImageClassifier classifier;
  private ImageIntegratedGradients ig;
  private float[] pixels;
  private float[] batch;

  @Setup(Level.Trial)
  public void setUp() {
    Path dir = model.startsWith("vit-base") ? Path.of(System.getProperty("lantern.benchmark.models",
        "benchmarks/models"), model) : BenchmarkModels.path(model);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(dir.toAbsolutePath() + " is missing: generate it with "
          + "tools/fixtures/make_vit_base.py (needs python3-torch and ../shared/hf-reference)");
    }
    classifier = PyTorchImageClassifier.load(dir);
    ImageClassifier.ImageShape s = classifier.inputShape();
    pixels = new float[s.size()];
    java.util.SplittableRandom r = new java.util.SplittableRandom(1);
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = (float) (r.nextDouble() * 2 - 1);
    }
    ig = ImageIntegratedGradients.builder().setModel(classifier).optSteps(STEPS)
        .optInternalBatchSize(internalBatchSize).build();
    batch = new float[internalBatchSize * s.size()];
    for (int k = 0; k < internalBatchSize; k++) {
      System.arraycopy(pixels, 0, batch, k * s.size(), s.size());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    classifier.close();
  }

  @Benchmark
  public ImageAttribution ig() {
    return ig.explain(pixels, 0);
  }

  @Benchmark
  public float forwardBackward() {
    float sum = 0;
    for (int done = 0; done < STEPS; done += internalBatchSize) {
      sum += classifier.logitGradients(batch, internalBatchSize, 0).gradients()[0];
    }
    return sum;
  }
}
