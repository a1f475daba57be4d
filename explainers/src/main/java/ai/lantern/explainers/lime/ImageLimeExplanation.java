package ai.lantern.explainers.lime;

import ai.lantern.core.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * LIME's explanation of an image: per explained class, a weight per superpixel.
 *
 * @param prediction the model's prediction for the image
 * @param width the image's width
 * @param height the image's height
 * @param image the explained image, {@code height × width × 3} values 0..255, channels last
 * @param segments the superpixel of each pixel, {@code height × width}, labels 0..superpixels−1
 * @param explanations one per explained class, most probable first
 * @param samples the perturbed images, the original included
 * @param seed the seed of the draws
 * @param elapsed the time the explanation took
 * @param partial whether a deadline or a forward-pass limit ended the sampling early, so that
 *     {@code samples} is below the number asked for
 */
public record ImageLimeExplanation(Prediction prediction, int width, int height, int[] image, int[] segments,
    List<LabelWeights> explanations, int samples, long seed, Duration elapsed, boolean partial) {
  /**
   * One explained class.
   *
   * @param index the class's index
   * @param label the class's name
   * @param weights the surrogate's coefficient of each superpixel, by superpixel
   * @param order the superpixels by |weight|, largest first (ties in superpixel order)
   * @param intercept the surrogate's intercept
   * @param score the surrogate's weighted R²
   * @param localPrediction the surrogate at the original image
   */
  public record LabelWeights(int index, String label, double[] weights, int[] order, double intercept, double score,
      double localPrediction) {}

  /**
   * An image and a mask of superpixels, as lime's {@code get_image_and_mask}.
   *
   * @param image {@code height × width × 3} values, channels last
   * @param mask per pixel: 1 (kept, or positive), −1 (negative), 0 (not shown)
   */
  public record ImageAndMask(double[] image, int[] mask) {}

  /**
   * lime's {@code get_image_and_mask}.
   *
   * @param label the explained class's index
   * @param positiveOnly show the superpixels with positive weights
   * @param negativeOnly show those with negative weights
   * @param hideRest black out the other pixels
   * @param numFeatures how many superpixels (5 in lime)
   * @param minWeight the smallest |weight| shown (0 in lime)
   * @return the image and mask
   * @throws IllegalArgumentException if both only-flags are set or the class was not explained
   */
  public ImageAndMask imageAndMask(int label, boolean positiveOnly, boolean negativeOnly, boolean hideRest,
      int numFeatures, double minWeight) {
    if (positiveOnly && negativeOnly) {
      throw new IllegalArgumentException("positiveOnly and negativeOnly cannot both be set");
    }
    LabelWeights w = explanations.stream().filter(e -> e.index() == label).findFirst().orElseThrow(
        () -> new IllegalArgumentException("class " + label + " was not explained; explained: "
            + explanations.stream().map(LabelWeights::index).toList()));
    double[] out = new double[image.length];
    if (!hideRest) {
      for (int i = 0; i < image.length; i++) {
        out[i] = image[i];
      }
    }
    int[] mask = new int[segments.length];
    List<Integer> chosen = new ArrayList<>();
    if (positiveOnly || negativeOnly) {
      for (int s : w.order()) {
        double v = w.weights()[s];
        if (positiveOnly ? v > 0 && v > minWeight : v < 0 && Math.abs(v) > minWeight) {
          chosen.add(s);
        }
        if (chosen.size() == numFeatures) {
          break;
        }
      }
      for (int p = 0; p < segments.length; p++) {
        if (chosen.contains(segments[p])) {
          mask[p] = 1;
          for (int c = 0; c < 3; c++) {
            out[p * 3 + c] = image[p * 3 + c];
          }
        }
      }
      return new ImageAndMask(out, mask);
    }
    int max = 0;
    for (int v : image) {
      max = Math.max(max, v);
    }
    for (int k = 0; k < Math.min(numFeatures, w.order().length); k++) {
      int s = w.order()[k];
      double v = w.weights()[s];
      if (Math.abs(v) < minWeight) {
        continue;
      }
      for (int p = 0; p < segments.length; p++) {
        if (segments[p] == s) {
          mask[p] = v < 0 ? -1 : 1;
          for (int c = 0; c < 3; c++) {
            out[p * 3 + c] = image[p * 3 + c];
          }
          out[p * 3 + (v < 0 ? 0 : 1)] = max;
        }
      }
    }
    return new ImageAndMask(out, mask);
  }
}
