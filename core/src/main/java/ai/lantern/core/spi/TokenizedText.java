package ai.lantern.core.spi;

import ai.lantern.core.Span;

import java.util.List;
import java.util.Objects;

/**
 * A text as a model's tokenizer cut it, special tokens included, with every token's place in the
 * original text.
 *
 * @param text the caller's text
 * @param tokens the token strings ({@code [CLS]}, {@code play}, {@code ##ing}, {@code Ġword}…)
 * @param ids what the model receives
 * @param spans each token's place in {@code text} (UTF-16 indices), {@code null} for special tokens
 * @param wordIds the index of the word each token belongs to; -1 for special tokens and for tokens
 *     of whitespace alone (a byte-level BPE's lone {@code Ġ} or {@code Ċ}), which belong to no word
 *     and are never features
 * @param special whether each token is a special token
 * @param truncated whether the tokenizer cut the text at the model's maximum length
 * @param sequenceIds for each token, 0 if it comes from the text, 1 if from the second text of a
 *     pair (spans then index into that text), -1 for special tokens
 * @param pair the second text of a pair, or {@code null}
 */
public record TokenizedText(
    String text, List<String> tokens, TokenIds ids, List<Span> spans, int[] wordIds, boolean[] special,
    boolean truncated, int[] sequenceIds, String pair) {
  public TokenizedText {
    Objects.requireNonNull(text, "text");
    tokens = List.copyOf(tokens);
    spans = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(spans));
    wordIds = wordIds.clone();
    special = special.clone();
    sequenceIds = sequenceIds.clone();
    int n = tokens.size();
    if (ids.length() != n || spans.size() != n || wordIds.length != n || special.length != n
        || sequenceIds.length != n) {
      throw new IllegalArgumentException("token arrays differ in length");
    }
  }

  public int size() {
    return tokens.size();
  }

  public int wordId(int token) {
    return wordIds[token];
  }

  public boolean isSpecial(int token) {
    return special[token];
  }

  /** 0 (text), 1 (pair) or -1 (special token). */
  public int sequenceId(int token) {
    return sequenceIds[token];
  }

  /** The text that the span of {@code token} indexes into. */
  public String source(int token) {
    return sequenceIds[token] == 1 ? pair : text;
  }

  /**
   * When the tokenizer cut the text at the model's length, which part of each text is explained,
   * for people; empty otherwise.
   */
  public List<String> truncationWarnings() {
    if (!truncated) {
      return List.of();
    }
    List<String> out = new java.util.ArrayList<>();
    for (int seq = 0; seq < (pair == null ? 1 : 2); seq++) {
      int from = Integer.MAX_VALUE;
      int to = -1;
      for (int i = 0; i < size(); i++) {
        Span s = spans.get(i);
        if (!special[i] && s != null && sequenceIds[i] == seq) {
          from = Math.min(from, s.start());
          to = Math.max(to, s.end());
        }
      }
      String source = seq == 0 ? text : pair;
      if (to < 0) {
        out.add((seq == 0 ? "the text" : "the pair's second text") + " did not fit in the model's " + size()
            + " tokens: none of it is explained");
      } else if (from > 0 || to < source.length()) {
        out.add(String.format(java.util.Locale.ROOT, "%s is longer than the model takes (%d tokens): only characters "
            + "%d-%d of its %d are explained", seq == 0 ? "the text" : "the pair's second text", size(), from, to,
            source.length()));
      }
    }
    return out;
  }

  @Override
  public int[] sequenceIds() {
    return sequenceIds.clone();
  }

  @Override
  public int[] wordIds() {
    return wordIds.clone();
  }

  @Override
  public boolean[] special() {
    return special.clone();
  }
}
