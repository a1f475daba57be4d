package ai.lantern.core;

import java.util.Objects;

/**
 * Input of sentence-pair tasks (cross-encoders, NLI, similarity): two texts encoded together as
 * {@code [CLS] text [SEP] pair [SEP]}. Spans of pair features are relative to each text.
 */
public record TextPair(String text, String pair) {
  public TextPair {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(pair, "pair");
  }
}
