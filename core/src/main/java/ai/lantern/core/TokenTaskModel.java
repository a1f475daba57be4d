package ai.lantern.core;

import ai.lantern.core.spi.TokenizedText;

import ai.lantern.core.spi.TokenIds;

import ai.lantern.core.spi.EmbeddingGradients;

import java.util.List;

/**
 * A model with an output row per token: token classification ({@link Task#TOKEN_CLASSIFICATION},
 * one logit per label and token) or extractive question answering
 * ({@link Task#QUESTION_ANSWERING}, a start and an end logit per token, read over a
 * {@code question, context} pair).
 *
 * <p>Implementations are thread-safe.
 */
public interface TokenTaskModel {

  /**
   * The task this model serves.
   *
   * @return {@link Task#TOKEN_CLASSIFICATION} or {@link Task#QUESTION_ANSWERING}
   */
  Task task();

  /**
   * The names of a token's outputs: the labels ({@code O}, {@code B-PER}…), or {@code start, end}.
   *
   * @return one name per output, in the order of the last index of {@link #predictTokenLogits}
   */
  List<String> labels();

  /**
   * The longest token sequence the model accepts.
   *
   * @return the most tokens per sequence, special tokens included
   */
  int maxLength();

  /**
   * The text as the model's tokenizer cuts it (truncated at {@link #maxLength()}).
   *
   * @param text the text; not null
   * @return its tokens, special tokens included, with spans into {@code text}
   */
  TokenizedText tokenize(String text);

  /**
   * The whole text as the tokenizer cuts it, however long (what a long context is windowed from);
   * {@link TokenizedText#truncated()} is false.
   *
   * @param text the text, of any length; not null
   * @return all its tokens, special tokens included, with spans into {@code text}
   */
  TokenizedText tokenizeWhole(String text);

  /**
   * A pair ({@code question, context} for question answering) as the tokenizer encodes it, the
   * longer text truncated first.
   *
   * @param pair the two texts; not null
   * @return the encoding, {@link TokenizedText#sequenceIds()} telling which text each token is from
   */
  TokenizedText tokenize(TextPair pair);

  /**
   * The logits of every token of every sequence: {@code [sequence][token][output]}, each
   * sequence's rows as long as the sequence.
   *
   * @param inputs the sequences, special tokens included, as {@link #tokenize(String)} gives them
   * @return the raw logits, one row per token and one column per label of {@link #labels()}
   * @throws IllegalArgumentException if a sequence is null, empty or longer than {@link #maxLength()}
   */
  double[][][] predictTokenLogits(List<TokenIds> inputs);

  /**
   * The padding token's id.
   *
   * @return the id that pads sequences to a common length
   */
  long padTokenId();

  /**
   * The mask token's id ({@code [MASK]}, {@code <mask>}), if the tokenizer has one.
   *
   * @return the id, or empty when the tokenizer has no mask token
   */
  java.util.OptionalLong maskTokenId();

  /**
   * The unknown token's id ({@code [UNK]}, {@code <unk>}), if the tokenizer has one.
   *
   * @return the id, or empty when the tokenizer has no unknown token
   */
  java.util.OptionalLong unknownTokenId();

  /**
   * Whether {@link #embeddingGradients()} is available.
   *
   * @return true when the model can differentiate its outputs
   */
  boolean isGradientReady();

  /**
   * Gradients of a token's outputs with respect to the word embeddings (use the
   * {@code position} form of {@link EmbeddingGradients#valuesAndGradients}).
   *
   * @return the gradients of this model, thread-safe like it
   * @throws LanternException if the model is not gradient-ready
   */
  EmbeddingGradients embeddingGradients();
}
