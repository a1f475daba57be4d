package ai.lantern.studio;

import ai.lantern.engine.transformers.TransformerImageClassifier;
import ai.lantern.engine.transformers.TransformerTextClassifier;

/**
 * A model the operator named, as the page and the API show it: a text classifier or an image
 * classifier, never both.
 *
 * @param id the name requests use (the folder's name, or {@code sst2-tiny})
 * @param path what the operator gave, shown as the model's name in results
 * @param classifier the loaded text model; null for an image model
 * @param image the loaded image model; null for a text model
 * @param gate its concurrency limit
 */
record StudioModel(String id, String path, TransformerTextClassifier classifier, TransformerImageClassifier image,
    Gate gate) {
  boolean isImage() {
    return image != null;
  }

  void close() {
    if (image != null) {
      image.close();
    } else {
      classifier.close();
    }
  }
}
