package ai.lantern.core;

import java.util.Objects;

/**
 * Input of sentence-pair tasks (cross-encoders, NLI, similarity): two texts encoded together as
 * {@code [CLS] text [SEP] pair [SEP]}. Spans of pair features are relative to each text.
 *
 * @param text the first text
 * @param pair the second text
 */
public record TextPair(String text, String pair) {
  /**
   * Checks that both texts are present.
   *
   * @param text the first text; not null
   * @param pair the second text; not null
   */
  public TextPair {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(pair, "pair");
  }
}
