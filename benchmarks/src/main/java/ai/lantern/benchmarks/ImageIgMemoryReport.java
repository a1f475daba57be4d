package ai.lantern.benchmarks;

import ai.lantern.engine.pytorch.PyTorchImageClassifier;
import ai.lantern.explainers.image.ImageAttribution;
import ai.lantern.explainers.image.ImageIntegratedGradients;
import ai.lantern.explainers.image.NoiseTunnel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Peak resident memory (the process's high-water mark) of one Integrated Gradients or NoiseTunnel
 * explanation, so that runs with more steps or samples but the same batch sizes can be compared:
 * memory should follow the batch sizes, not steps × samples. Run once per setting (a fresh JVM each).
 *
 * <pre>benchmarks/run --main ImageIgMemoryReport MODEL STEPS INTERNAL_BATCH [NT_SAMPLES NT_BATCH]</pre>
 */
public final class ImageIgMemoryReport {
  private ImageIgMemoryReport() {}

  /**
   * Runs one explanation and prints its cost.
   *
   * @param args model, steps, internal batch size, and optionally NoiseTunnel samples and their batch size
   * @throws Exception if the model cannot be loaded
   */
  public static void main(String[] args) throws Exception {
    String name = args[0];
    int steps = Integer.parseInt(args[1]);
    int batch = Integer.parseInt(args[2]);
    Path dir = name.startsWith("vit-base") ? Path.of(System.getProperty("lantern.benchmark.models", "benchmarks/models"),
        name) : BenchmarkModels.path(name);
    try (PyTorchImageClassifier model = PyTorchImageClassifier.load(dir)) {
      float[] pixels = new float[model.inputShape().size()];
      java.util.SplittableRandom r = new java.util.SplittableRandom(1);
      for (int i = 0; i < pixels.length; i++) {
        pixels[i] = (float) (r.nextDouble() * 2 - 1);
      }
      long before = kb("VmHWM:");
      ImageIntegratedGradients ig = ImageIntegratedGradients.builder().setModel(model).optSteps(steps)
          .optInternalBatchSize(batch).build();
      long t0 = System.nanoTime();
      ImageAttribution a;
      String what;
      if (args.length > 3) {
        int samples = Integer.parseInt(args[3]);
        int ntBatch = Integer.parseInt(args[4]);
        a = NoiseTunnel.builder().setIntegratedGradients(ig).optSamples(samples).optSamplesBatchSize(ntBatch)
            .optStdev(0.2).build().explain(pixels, 0);
        what = String.format("NoiseTunnel %d samples in batches of %d, IG %d steps in batches of %d", samples,
            ntBatch, steps, batch);
      } else {
        a = ig.explain(pixels, 0);
        what = String.format("IG %d steps in batches of %d", steps, batch);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("%s on %s: %d images forward and backward, %d ms; peak RSS %d MB (after loading %d MB)%n",
          what, name, a.forwardPasses(), ms, kb("VmHWM:") / 1024, before / 1024);
    }
  }

  private static long kb(String field) throws java.io.IOException {
    return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith(field))
        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(-1L);
  }
}
