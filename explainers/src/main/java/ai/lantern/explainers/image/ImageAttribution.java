package ai.lantern.explainers.image;

import ai.lantern.core.ImageClassifier.ImageShape;
import ai.lantern.core.Prediction;
import java.time.Duration;

/**
 * Attributions of one image's pixel values to one class's logit.
 *
 * @param method {@code ig}, or {@code ig-smoothgrad}, {@code ig-smoothgrad_sq}, {@code ig-vargrad}
 * @param prediction the model's prediction for the image
 * @param target the explained class's index
 * @param shape channels, height and width of the pixel values
 * @param attributions one value per pixel value, channel by channel, row-major
 * @param convergenceDelta the sum of the attributions minus (f(x) − f(baseline)); NaN for NoiseTunnel
 * @param steps integration steps per input
 * @param forwardPasses images sent through the model: the scaled inputs (forward and backward), the
 *     prediction, and for the convergence delta the input and the baseline (forward only)
 * @param elapsed the time the explanation took
 */
public record ImageAttribution(String method, Prediction prediction, int target, ImageShape shape,
    float[] attributions, double convergenceDelta, int steps, long forwardPasses, Duration elapsed) {
  /**
   * The explained class's name.
   *
   * @return the label of {@link #target()}
   */
  public String label() {
    return prediction.labels().get(target);
  }

  /**
   * The attributions summed over the channels, as the views show them.
   *
   * @return {@code [height][width]}
   */
  public double[][] channelSum() {
    double[][] m = new double[shape.height()][shape.width()];
    int plane = shape.height() * shape.width();
    for (int c = 0; c < shape.channels(); c++) {
      for (int y = 0; y < shape.height(); y++) {
        for (int x = 0; x < shape.width(); x++) {
          m[y][x] += attributions[c * plane + y * shape.width() + x];
        }
      }
    }
    return m;
  }
}
