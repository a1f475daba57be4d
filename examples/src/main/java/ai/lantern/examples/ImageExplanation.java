package ai.lantern.examples;

import ai.lantern.core.Prediction;
import ai.lantern.engine.pytorch.PyTorchImageClassifier;
import ai.lantern.engine.transformers.ImageProcessor;
import ai.lantern.explainers.image.ImageAttribution;
import ai.lantern.explainers.image.ImageIntegratedGradients;
import ai.lantern.explainers.image.NoiseTunnel;
import ai.lantern.explainers.lime.ImageLimeExplanation;
import ai.lantern.explainers.lime.LimeImageExplainer;
import ai.lantern.explainers.lime.Slic;
import ai.lantern.reports.ImageViews;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An image classifier explained three ways: HuggingFace's ViT folder {@code hf-vit-digits}
 * (loaded as {@code save_pretrained} wrote it, built natively) on a handwritten 7, with Integrated
 * Gradients, NoiseTunnel (SmoothGrad) and LIME on SLIC superpixels; the overlay view is written
 * as {@code image-explanation.png}. Pass your own model folder and image as arguments.
 *
 * <pre>examples/run ImageExplanation [MODEL_FOLDER [IMAGE]]</pre>
 */
public final class ImageExplanation {
  private ImageExplanation() {}

  public static void main(String[] args) throws IOException {
    Path models = Path.of(System.getProperty("lantern.models.dir", "models"));
    Path folder = args.length > 0 ? Path.of(args[0]) : models.resolve("hf-vit-digits");
    Path file = args.length > 1 ? Path.of(args[1]) : models.resolve("digits-cnn").resolve("digit-0-7.png");

    try (PyTorchImageClassifier model = PyTorchImageClassifier.load(folder)) {
      BufferedImage image = ImageProcessor.read(file);
      Prediction p = model.predict(image);
      System.out.printf("%s %.4f   (%s, %s)%n", p.label(), p.probability(), folder.getFileName(), file.getFileName());

      // Integrated Gradients on the pixel values: 50 steps, 10 scaled images per pass.
      int[] rgb = model.processor().rgbValues(image); // the image at the model's size, resized once
      float[] pixels = model.processor().pixelValues(rgb);
      ImageIntegratedGradients ig = ImageIntegratedGradients.builder().setModel(model).optInternalBatchSize(10)
          .build();
      ImageAttribution a = ig.explain(pixels, null);
      System.out.printf("%nIntegrated Gradients for %s: %d images through the model, convergence delta %.1e%n",
          a.label(), a.forwardPasses(), a.convergenceDelta());
      printTopPixels(a.channelSum());

      // SmoothGrad: IG (5 steps) averaged over 10 noisy copies; the seed makes it reproducible.
      ImageAttribution smooth = NoiseTunnel.builder().setIntegratedGradients(ImageIntegratedGradients.builder()
          .setModel(model).optSteps(5).build()).optSeed(7).build().explain(pixels, null);
      System.out.printf("%nNoiseTunnel (smoothgrad), %d images:%n", smooth.forwardPasses());
      printTopPixels(smooth.channelSum());

      // LIME on SLIC superpixels of the image at the model's size.
      int h = model.inputShape().height();
      int w = model.inputShape().width();
      ImageLimeExplanation lime = LimeImageExplainer.builder().optNumSamples(500).optSeed(3).build()
          .explain(rgb, h, w, Slic.builder().optNSegments(16).optStartLabel(0).build(),
              model.labels(), model::probabilitiesOfRgb);
      ImageLimeExplanation.LabelWeights top = lime.explanations().get(0);
      System.out.printf("%nLIME for %s on %d SLIC superpixels (R² %.3f); the three with the largest |weight|:%n",
          top.label(), top.weights().length, top.score());
      for (int k = 0; k < 3; k++) {
        System.out.printf("  superpixel %d  %+.4f%n", top.order()[k], top.weights()[top.order()[k]]);
      }

      Path out = Path.of("image-explanation.png");
      ImageViews.writePng(ImageViews.render(model.processor().displayed(rgb), a.channelSum(),
          ImageViews.View.OVERLAY, ImageViews.Sign.ALL, 10, true), out);
      System.out.println("\nwrote " + out.toAbsolutePath());
    }
  }

  private static void printTopPixels(double[][] map) {
    int w = map[0].length;
    Integer[] order = new Integer[map.length * w];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, (x, y) -> Double.compare(Math.abs(map[y / w][y % w]), Math.abs(map[x / w][x % w])));
    for (int k = 0; k < 3; k++) {
      int i = order[k];
      System.out.printf("  pixel (row %d, column %d)  %+.4f%n", i / w, i % w, map[i / w][i % w]);
    }
  }
}
