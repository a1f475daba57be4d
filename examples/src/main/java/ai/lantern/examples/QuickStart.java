package ai.lantern.examples;

import ai.lantern.core.Prediction;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.models.EmbeddedModels;
import java.nio.file.Path;
import java.util.List;

/**
 * Sentiment of a few texts with the embedded sst2-tiny model. Pass a model package directory as
 * the first argument to use your own model instead.
 *
 * <pre>examples/run QuickStart [MODEL_DIR]</pre>
 */
public final class QuickStart {
  private QuickStart() {}

  public static void main(String[] args) {
    // A package is a directory: model.pt (TorchScript), tokenizer.json, config.json.
    Path model = args.length > 0 ? Path.of(args[0]) : EmbeddedModels.path(EmbeddedModels.SST2_TINY);

    // One model serves every thread; close it to release native memory.
    try (PyTorchTextClassifier classifier = PyTorchTextClassifier.load(model)) {
      List<String> texts = List.of(
          "I love you, I like you",
          "this movie was terrible and boring",
          "a charming and often affecting journey");

      // Batched: texts are sorted by length and padded per batch.
      double[][] probabilities = classifier.predictProbabilities(texts);
      for (int i = 0; i < texts.size(); i++) {
        Prediction p = Prediction.of(classifier.labels(), probabilities[i]);
        System.out.printf("%-45s %-8s %.3f%n", texts.get(i), p.label(), p.probability());
      }
    }
  }
}
