package ai.lantern.core;

import java.util.List;

/**
 * A model that scores inputs of type {@code I} against a fixed list of labels. This is all a
 * black-box method such as LIME needs: it may be backed by a neural network, a REST service or
 * any Java function.
 *
 * <p>Implementations must be safe to call from several threads at once, and should accept
 * batches of any size (splitting them internally as their memory requires).
 *
 * @param <I> the input: {@code String} for text, {@link TextPair} for sentence pairs, an image…
 */
public interface Classifier<I> {

  /**
   * Class names, in the order of the probability columns.
   *
   * @return the labels, at least one; column {@code j} of every row belongs to label {@code j}
   */
  List<String> labels();

  /**
   * Probabilities for every input: row {@code i} belongs to {@code inputs.get(i)} and has one
   * column per label. Single-label models give rows that sum to 1; multi-label models give an
   * independent probability per label.
   *
   * @param inputs the inputs, any number, none null
   * @return one row per input, one probability in [0, 1] per label
   * @throws IllegalArgumentException if an input is null or otherwise unusable
   * @throws ModelOutputException if the model returns NaN, infinite or misshapen scores
   */
  double[][] predictProbabilities(List<I> inputs);

  /**
   * The prediction for one input.
   *
   * @param input the input; not null (an empty text is allowed)
   * @return every label's probability and the most probable label
   * @throws IllegalArgumentException if the input is null or otherwise unusable
   */
  default Prediction predict(I input) {
    if (input == null) {
      throw new IllegalArgumentException("cannot predict for null: give a text (an empty one is allowed)");
    }
    return Prediction.of(labels(), predictProbabilities(List.of(input))[0]);
  }
}
