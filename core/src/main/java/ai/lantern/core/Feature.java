package ai.lantern.core;

import java.util.List;
import java.util.Objects;

/**
 * One interpretable unit of an input: a word, a subword token, a superpixel…
 *
 * @param index position among the input's features, 0-based, in input order
 * @param text what the feature shows a person: the word as written in the input, or the token
 * @param spans where it stands in the caller's original text, in order; several for a word that
 *     occurs more than once (bag-of-words LIME hides all its occurrences together); empty for
 *     features with no place in the text (special tokens such as {@code [CLS]})
 * @param special whether this is a special token of the model
 * @param sequence which text the spans index into: 0 for the text, 1 for the second text of a
 *     {@link TextPair}
 */
public record Feature(int index, String text, List<Span> spans, boolean special, int sequence) {
  /**
   * Checks the index and the sequence and copies {@code spans}.
   *
   * @param index position among the input's features, 0-based, in input order
   * @param text what the feature shows a person; not null
   * @param spans where it stands in the caller's original text, in order; not null, empty for none
   * @param special whether this is a special token of the model
   * @param sequence which text the spans index into: 0 for the text, 1 for a pair's second text
   * @throws IllegalArgumentException if {@code index} is negative or {@code sequence} is not 0 or 1
   */
  public Feature {
    Objects.requireNonNull(text, "text");
    spans = List.copyOf(spans);
    if (index < 0) {
      throw new IllegalArgumentException("negative feature index " + index);
    }
    if (sequence != 0 && sequence != 1) {
      throw new IllegalArgumentException("sequence must be 0 (text) or 1 (pair), got " + sequence);
    }
  }

  /**
   * A feature of a single text (sequence 0).
   *
   * @param index position among the input's features, 0-based, in input order
   * @param text what the feature shows a person; not null
   * @param spans where it stands in the text, in order; not null, empty for none
   * @param special whether this is a special token of the model
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public Feature(int index, String text, List<Span> spans, boolean special) {
    this(index, text, spans, special, 0);
  }

  /**
   * A feature of the text at one place.
   *
   * @param index position among the input's features, 0-based, in input order
   * @param text the word or token as written in the input; not null
   * @param span its one place in the text; not null
   * @return a feature of sequence 0 that is not a special token
   * @throws IllegalArgumentException if {@code index} is negative
   */
  public static Feature of(int index, String text, Span span) {
    return new Feature(index, text, List.of(Objects.requireNonNull(span, "span")), false);
  }

  /**
   * The first place of the feature in the text, or {@code null} if it has none.
   *
   * @return the first of {@link #spans()}, or {@code null} when they are empty
   */
  public Span span() {
    return spans.isEmpty() ? null : spans.get(0);
  }
}
