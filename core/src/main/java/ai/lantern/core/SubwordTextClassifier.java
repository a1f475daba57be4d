package ai.lantern.core;

import ai.lantern.core.spi.TokenizedText;

import ai.lantern.core.spi.TokenIds;

import java.util.List;
import java.util.OptionalLong;

/**
 * A text classifier that exposes its tokenizer and accepts token ids directly, so that
 * explanations can work on the model's own subword pieces without re-tokenising text.
 */
public interface SubwordTextClassifier extends TextClassifier {

  /** The text as the model's tokenizer cuts it (truncated at the model's maximum length). */
  TokenizedText tokenize(String text);

  /**
   * A sentence pair as the model's tokenizer encodes it ({@code [CLS] text [SEP] pair [SEP]} for
   * BERT), the longer text truncated first; spans index into each text.
   */
  TokenizedText tokenize(TextPair pair);

  /**
   * Probabilities for sentence pairs, one row per pair.
   *
   * @throws IllegalArgumentException if a pair is null
   */
  double[][] predictPairs(List<TextPair> pairs);

  /**
   * The raw logits of sentence pairs, one row per pair (zero-shot classification compares the
   * entailment logits of several pairs).
   *
   * @throws IllegalArgumentException if a pair is null
   */
  double[][] predictPairLogits(List<TextPair> pairs);

  /**
   * Probabilities for token sequences, one row per sequence, as {@link #predictProbabilities}.
   *
   * @throws IllegalArgumentException if a sequence is empty or longer than the model accepts
   */
  double[][] predictTokenIds(List<TokenIds> inputs);

  /** The mask token's id ({@code [MASK]}, {@code <mask>}), if the tokenizer has one. */
  OptionalLong maskTokenId();

  /** The unknown token's id ({@code [UNK]}, {@code <unk>}), if the tokenizer has one. */
  OptionalLong unknownTokenId();

  /** The padding token's id. */
  long padTokenId();

  /** The id of a single token of the vocabulary ({@code [MASK]}, {@code the}), if it is one. */
  OptionalLong tokenId(String token);
}
