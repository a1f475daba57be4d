package ai.lantern.core;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** A classifier of single texts (sequence classification or multi-label classification). */
public interface TextClassifier extends Classifier<String> {

  /**
   * Wraps a plain function as a classifier, e.g. a REST client or a Tribuo model. The function
   * receives a batch of texts and returns one probability row per text.
   *
   * @param labels the class names, in the order of the function's columns; at least one
   * @param model the function from a batch of texts to one row of probabilities per text; not null
   * @return a classifier that throws {@link ModelOutputException} when the function returns rows of the
   *     wrong number or length, or values outside [0, 1]
   * @throws IllegalArgumentException if {@code labels} is empty
   */
  static TextClassifier of(List<String> labels, Function<List<String>, double[][]> model) {
    List<String> names = List.copyOf(labels);
    Objects.requireNonNull(model, "model");
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a classifier needs at least one label");
    }
    return new TextClassifier() {
      @Override
      public List<String> labels() {
        return names;
      }

      @Override
      public double[][] predictProbabilities(List<String> texts) {
        double[][] rows = model.apply(texts);
        Probabilities.check(rows, texts.size(), names.size(), "the classifier function");
        return rows;
      }
    };
  }
}
