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

  /**
   * The text as the model's tokenizer cuts it (truncated at the model's maximum length).
   *
   * @param text the text; not null
   * @return its tokens, special tokens included, with spans into {@code text}
   */
  TokenizedText tokenize(String text);

  /**
   * A sentence pair as the model's tokenizer encodes it ({@code [CLS] text [SEP] pair [SEP]} for
   * BERT), the longer text truncated first; spans index into each text.
   *
   * @param pair the two texts; not null
   * @return the encoding, {@link TokenizedText#sequenceIds()} telling which text each token is from
   */
  TokenizedText tokenize(TextPair pair);

  /**
   * Probabilities for sentence pairs, one row per pair.
   *
   * @param pairs the pairs, any number, none null
   * @return one row per pair, one probability in [0, 1] per label
   * @throws IllegalArgumentException if a pair is null
   */
  double[][] predictPairs(List<TextPair> pairs);

  /**
   * The raw logits of sentence pairs, one row per pair (zero-shot classification compares the
   * entailment logits of several pairs).
   *
   * @param pairs the pairs, any number, none null
   * @return one row per pair, one raw logit per label
   * @throws IllegalArgumentException if a pair is null
   */
  double[][] predictPairLogits(List<TextPair> pairs);

  /**
   * Probabilities for token sequences, one row per sequence, as {@link #predictProbabilities}.
   *
   * @param inputs the sequences, special tokens included, as {@link #tokenize(String)} gives them
   * @return one row per sequence, one probability in [0, 1] per label
   * @throws IllegalArgumentException if a sequence is empty or longer than the model accepts
   */
  double[][] predictTokenIds(List<TokenIds> inputs);

  /**
   * The mask token's id ({@code [MASK]}, {@code <mask>}), if the tokenizer has one.
   *
   * @return the id, or empty when the tokenizer has no mask token
   */
  OptionalLong maskTokenId();

  /**
   * The unknown token's id ({@code [UNK]}, {@code <unk>}), if the tokenizer has one.
   *
   * @return the id, or empty when the tokenizer has no unknown token
   */
  OptionalLong unknownTokenId();

  /**
   * The padding token's id.
   *
   * @return the id that pads sequences to a common length
   */
  long padTokenId();

  /**
   * The id of a single token of the vocabulary ({@code [MASK]}, {@code the}), if it is one.
   *
   * @param token the token, as the vocabulary writes it
   * @return its id, or empty when it is not one token of the vocabulary
   */
  OptionalLong tokenId(String token);
}
