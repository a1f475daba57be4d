package ai.lantern.core.spi;

import ai.lantern.core.TargetOutput;

/**
 * A model's outputs as a differentiable function of its word embeddings: what Integrated
 * Gradients on the embedding layer needs. Arrays are float32 in row-major order; a sequence of
 * {@code length} tokens has {@code length × hiddenSize()} embedding values. Position and
 * token-type embeddings are added inside the model, from the token positions and the token types
 * of {@code ids}.
 *
 * <p>Implementations are thread-safe.
 */
public interface EmbeddingGradients {

  /**
   * Width of the word embeddings.
   *
   * @return the number of values per token embedding, at least 1
   */
  int hiddenSize();

  /**
   * The word-embedding layer's output for one or more sequences of equal length:
   * {@code count × length × hidden} values.
   *
   * @param sequences the token sequences, at least one, all of the same length
   * @return the embeddings, sequence after sequence, {@code count} being {@code sequences.length}
   * @throws IllegalArgumentException if the sequences differ in length
   */
  float[] embed(TokenIds... sequences);

  /**
   * The value of class {@code target} for {@code count} embedded sequences (concatenated in
   * {@code embeddings}, each with the token types of {@code ids} and full attention), every
   * class's probability, and the gradient of the value with respect to every embedding value.
   *
   * @param ids the token ids and token types every sequence shares
   * @param embeddings {@code count × ids.length() × hiddenSize()} word-embedding values
   * @param count how many sequences {@code embeddings} holds, at least 1
   * @param target the index of the explained class
   * @param output whether the value is the class's probability or its logit
   * @return one value and one probability row per sequence, and {@code count × length × hidden}
   *     gradient values
   * @throws IllegalArgumentException if the array sizes do not match {@code ids} and {@code count}
   */
  default Result valuesAndGradients(TokenIds ids, float[] embeddings, int count, int target, TargetOutput output) {
    return valuesAndGradients(ids, embeddings, count, -1, target, output);
  }

  /**
   * As {@link #valuesAndGradients(TokenIds, float[], int, int, TargetOutput)}, for a model with an
   * output per token (token classification, question answering): the value is output
   * {@code target} of the token at {@code position} (its probability is the softmax over that
   * token's outputs), and the probability rows are that token's. {@code position} is -1 for a
   * model with one output row per sequence.
   *
   * @throws IllegalArgumentException if {@code position} is out of range, or is not -1 for a
   *     sequence-level model, or is -1 for a token-level one
   *
   * @param ids the token ids and token types every sequence shares
   * @param embeddings {@code count × ids.length() × hiddenSize()} word-embedding values
   * @param count how many sequences {@code embeddings} holds, at least 1
   * @param position the token whose outputs are explained, 0-based; -1 for a sequence-level model
   * @param target the index of the explained output
   * @param output whether the value is the output's probability or its logit
   * @return one value and one probability row per sequence, and {@code count × length × hidden}
   *     gradient values
   */
  Result valuesAndGradients(TokenIds ids, float[] embeddings, int count, int position, int target,
      TargetOutput output);

  /**
   * Every class's probability for {@code count} embedded sequences, without gradients.
   *
   * @param ids the token ids and token types every sequence shares
   * @param embeddings {@code count × ids.length() × hiddenSize()} word-embedding values
   * @param count how many sequences {@code embeddings} holds, at least 1
   * @return one row per sequence, one probability per class
   * @throws IllegalArgumentException if the array sizes do not match {@code ids} and {@code count}, or the
   *     model has an output row per token
   */
  double[][] probabilities(TokenIds ids, float[] embeddings, int count);

  /**
   * Values, probabilities and gradients of a batch of embedded sequences.
   *
   * @param values the explained value of each sequence
   * @param probabilities every class's probability, one row per sequence
   * @param gradients the gradient of each sequence's value with respect to its embedding values,
   *     {@code count × length × hidden} values laid out as the embeddings
   */
  record Result(double[] values, double[][] probabilities, float[] gradients) {}
}
