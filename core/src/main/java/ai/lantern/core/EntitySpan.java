package ai.lantern.core;

import java.util.Objects;

/**
 * Consecutive words with the same entity type ({@code B-LOC I-LOC} → {@code LOC "new york"}),
 * each word's label read from its first token.
 *
 * @param type the entity type, without its {@code B-}/{@code I-} prefix
 * @param text the covered text, as written in the input
 * @param span its place in the input
 * @param score the mean probability of the labels of its words' first tokens
 * @param firstToken the position of its first token
 * @param lastToken the position of its last token
 */
public record EntitySpan(String type, String text, Span span, double score, int firstToken, int lastToken) {
  /**
   * Checks that the type, the text and the span are present.
   *
   * @param type the entity type, without its {@code B-}/{@code I-} prefix; not null
   * @param text the covered text, as written in the input; not null
   * @param span its place in the input; not null
   * @param score the mean probability of the labels of its words' first tokens, in [0, 1]
   * @param firstToken the position of its first token
   * @param lastToken the position of its last token, at least {@code firstToken}
   */
  public EntitySpan {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(span, "span");
  }
}
