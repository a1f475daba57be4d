package ai.lantern.core;

import java.util.List;

/**
 * An image classifier over preprocessed pixel values: {@code channels × height × width} floats
 * per image, row-major, as its image processor makes them ({@code pixel_values} of HuggingFace).
 * Engine-neutral; reading and preprocessing image files is the engine module's work.
 */
public interface ImageClassifier extends AutoCloseable {
  /**
   * The class names, by index.
   *
   * @return the labels, unmodifiable
   */
  List<String> labels();

  /**
   * The input shape.
   *
   * @return channels, height, width of one image's pixel values
   */
  ImageShape inputShape();

  /**
   * The logits of a batch.
   *
   * @param pixelValues {@code count × C × H × W} values
   * @param count the images in the batch, at least 1
   * @return one row of logits per image
   * @throws IllegalArgumentException if the length does not match
   */
  double[][] logits(float[] pixelValues, int count);

  /**
   * The probabilities of a batch: the softmax of the logits.
   *
   * @param pixelValues {@code count × C × H × W} values
   * @param count the images in the batch, at least 1
   * @return one row of probabilities per image
   * @throws IllegalArgumentException if the length does not match
   */
  default double[][] probabilities(float[] pixelValues, int count) {
    double[][] l = logits(pixelValues, count);
    for (double[] row : l) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : row) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int i = 0; i < row.length; i++) {
        row[i] = Math.exp(row[i] - max);
        sum += row[i];
      }
      for (int i = 0; i < row.length; i++) {
        row[i] /= sum;
      }
    }
    return l;
  }

  /**
   * Whether {@link #logitGradients} works (a model loaded for gradients).
   *
   * @return true when gradients are available
   */
  boolean isGradientReady();

  /**
   * One logit of each image of a batch, and its gradient with respect to the pixel values.
   *
   * @param pixelValues {@code count × C × H × W} values
   * @param count the images in the batch, at least 1
   * @param target the class whose logit is differentiated
   * @return the logits of {@code target} and the gradients, {@code count × C × H × W}
   * @throws IllegalArgumentException if the length does not match or the target is out of range
   * @throws UnsupportedOperationException if the model gives no gradients
   */
  PixelGradients logitGradients(float[] pixelValues, int count, int target);

  /** Frees the model. */
  @Override
  void close();

  /**
   * The shape of one image's pixel values.
   *
   * @param channels colour channels (3 for RGB)
   * @param height rows
   * @param width columns
   */
  record ImageShape(int channels, int height, int width) {
    /**
     * The values per image.
     *
     * @return {@code channels × height × width}
     */
    public int size() {
      return channels * height * width;
    }
  }

  /**
   * Target logits and their gradients.
   *
   * @param values the target's logit per image
   * @param gradients the gradients, {@code count × C × H × W}
   */
  record PixelGradients(double[] values, float[] gradients) {}
}
