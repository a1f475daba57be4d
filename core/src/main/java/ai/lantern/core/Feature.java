package ai.lantern.core;

import java.util.Objects;

/**
 * One interpretable unit of an input: a word, a subword token, a superpixel…
 *
 * @param index position among the input's features, 0-based, in input order
 * @param text what the feature shows a person: the word as written in the input, or the token
 * @param span where it stands in the caller's original text; {@code null} for features with no
 *     place in the text (special tokens such as {@code [CLS]})
 * @param special whether this is a special token of the model
 */
public record Feature(int index, String text, Span span, boolean special) {
  public Feature {
    Objects.requireNonNull(text, "text");
    if (index < 0) {
      throw new IllegalArgumentException("negative feature index " + index);
    }
  }

  /** A feature of the text, with its place in it. */
  public static Feature of(int index, String text, Span span) {
    return new Feature(index, text, Objects.requireNonNull(span, "span"), false);
  }
}
