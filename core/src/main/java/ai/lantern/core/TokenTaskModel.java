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

  /** {@link Task#TOKEN_CLASSIFICATION} or {@link Task#QUESTION_ANSWERING}. */
  Task task();

  /** The names of a token's outputs: the labels ({@code O}, {@code B-PER}…), or {@code start, end}. */
  List<String> labels();

  /** The longest token sequence the model accepts. */
  int maxLength();

  /** The text as the model's tokenizer cuts it (truncated at {@link #maxLength()}). */
  TokenizedText tokenize(String text);

  /**
   * The whole text as the tokenizer cuts it, however long (what a long context is windowed from);
   * {@link TokenizedText#truncated()} is false.
   */
  TokenizedText tokenizeWhole(String text);

  /**
   * A pair ({@code question, context} for question answering) as the tokenizer encodes it, the
   * longer text truncated first.
   */
  TokenizedText tokenize(TextPair pair);

  /**
   * The logits of every token of every sequence: {@code [sequence][token][output]}, each
   * sequence's rows as long as the sequence.
   *
   * @throws IllegalArgumentException if a sequence is null, empty or longer than {@link #maxLength()}
   */
  double[][][] predictTokenLogits(List<TokenIds> inputs);

  /** The padding token's id. */
  long padTokenId();

  /** The mask token's id ({@code [MASK]}, {@code <mask>}), if the tokenizer has one. */
  java.util.OptionalLong maskTokenId();

  /** The unknown token's id ({@code [UNK]}, {@code <unk>}), if the tokenizer has one. */
  java.util.OptionalLong unknownTokenId();

  /** Whether {@link #embeddingGradients()} is available. */
  boolean isGradientReady();

  /**
   * Gradients of a token's outputs with respect to the word embeddings (use the
   * {@code position} form of {@link EmbeddingGradients#valuesAndGradients}).
   *
   * @throws LanternException if the model is not gradient-ready
   */
  EmbeddingGradients embeddingGradients();
}
