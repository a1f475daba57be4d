package ai.lantern.engine.transformers;

import ai.lantern.core.ImageClassifier;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.Prediction;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An image classifier with HuggingFace's preprocessing, whatever engine runs it: the labels, the
 * {@link ImageProcessor} of {@code preprocessor_config.json}, predictions of decoded images, and
 * the batches of 0..255 images LIME perturbs. Engines supply the logits (and the gradients, where
 * they have them).
 */
public abstract class TransformerImageClassifier implements ImageClassifier {
  private final List<String> labels;
  private final ImageProcessor processor;
  private final Path directory;

  /**
   * Creates the shared part.
   *
   * @param labels the class names by index
   * @param processor the image processor
   * @param directory the folder the model was loaded from
   */
  protected TransformerImageClassifier(List<String> labels, ImageProcessor processor, Path directory) {
    this.labels = List.copyOf(labels);
    this.processor = processor;
    this.directory = directory;
  }

  /**
   * Whether a folder's {@code config.json} says it is an image classifier: Lantern's
   * {@code lantern.task} {@code image-classification}, or a HuggingFace {@code architectures}
   * entry ending in {@code ForImageClassification}.
   *
   * @param dir a model folder
   * @return true for an image classifier; false for anything else, unreadable files included
   */
  public static boolean declaresImageClassification(Path dir) {
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      return false;
    }
    try {
      JsonObject o = Json.readObject(config);
      if (o.has("lantern") && o.get("lantern").isJsonObject() && o.getAsJsonObject("lantern").has("task")
          && "image-classification".equals(o.getAsJsonObject("lantern").get("task").getAsString())) {
        return true;
      }
      if (o.has("architectures") && o.get("architectures").isJsonArray()) {
        for (JsonElement a : o.getAsJsonArray("architectures")) {
          if (a.isJsonPrimitive() && a.getAsString().endsWith("ForImageClassification")) {
            return true;
          }
        }
      }
      return false;
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The class names of {@code config.json}'s {@code id2label}, by index, checked as a text model's
   * are (every index 0..n−1, printable, distinct, agreeing with {@code label2id}).
   *
   * @param config the parsed file
   * @param file its path, named in errors
   * @return the labels
   * @throws InvalidModelException naming the file, if {@code id2label} is missing or malformed
   */
  public static List<String> labels(JsonObject config, Path file) {
    return List.copyOf(ModelPackage.readLabels(config, file));
  }


  /**
   * The model's image processor.
   *
   * @return the processor of {@code preprocessor_config.json}
   */
  public ImageProcessor processor() {
    return processor;
  }

  /**
   * The folder the model was loaded from.
   *
   * @return the folder
   */
  public Path directory() {
    return directory;
  }

  /**
   * Predicts an image's class.
   *
   * @param image a decoded image, any size (the processor resizes it)
   * @return the prediction
   */
  public Prediction predict(BufferedImage image) {
    return Prediction.of(labels, probabilities(processor.pixelValues(image), 1)[0]);
  }

  /**
   * The probabilities of images given as 0..255 values at the model's size (what LIME perturbs),
   * preprocessed straight into one batch.
   *
   * @param images each {@code height × width × 3} values, channels last
   * @return one row of probabilities per image
   * @throws IllegalArgumentException if an image is not the model's size
   */
  public double[][] probabilitiesOfRgb(List<int[]> images) {
    int size = processor.shape().size();
    float[] all = new float[images.size() * size];
    for (int i = 0; i < images.size(); i++) {
      processor.pixelValues(images.get(i), all, i * size);
    }
    return probabilities(all, images.size());
  }

  @Override
  public List<String> labels() {
    return labels;
  }

  @Override
  public ImageShape inputShape() {
    return processor.shape();
  }

  /**
   * Checks a batch's length against the model's input.
   *
   * @param pixelValues the batch
   * @param count images in it
   * @throws IllegalArgumentException if the length is not {@code count} images of the model's shape
   */
  protected final void check(float[] pixelValues, int count) {
    if (count < 1 || pixelValues.length != (long) count * processor.shape().size()) {
      throw new IllegalArgumentException(pixelValues.length + " pixel values for " + count + " images of "
          + processor.shape());
    }
  }

  @Override
  public abstract void close();
}
