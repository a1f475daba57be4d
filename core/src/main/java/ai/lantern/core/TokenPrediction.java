package ai.lantern.core;

import java.util.Objects;

/**
 * The label a token-classification model gives one token.
 *
 * @param position the token's index in the whole text's tokenization (special tokens counted),
 *     which identifies it even when the same string appears twice
 * @param token the token string ({@code ##lana})
 * @param span its place in the text, {@code null} for special tokens
 * @param word the index of its word, -1 for special tokens
 * @param label the most probable label
 * @param probability that label's softmax probability
 */
public record TokenPrediction(int position, String token, Span span, int word, String label, double probability) {
  /**
   * Checks that the token and the label are present.
   *
   * @param position the token's index in the whole text's tokenization, special tokens counted
   * @param token the token string; not null
   * @param span its place in the text, {@code null} for special tokens
   * @param word the index of its word, -1 for special tokens
   * @param label the most probable label; not null
   * @param probability that label's softmax probability, in [0, 1]
   */
  public TokenPrediction {
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(label, "label");
  }
}
