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
  /**
   * Copies the lists and arrays and checks that they have one entry per token.
   *
   * @param text the caller's text; not null
   * @param tokens the token strings; not null
   * @param ids what the model receives, one id per token; not null
   * @param spans each token's place in its text, {@code null} for special tokens; not null
   * @param wordIds the index of each token's word, -1 for none; not null
   * @param special whether each token is a special token; not null
   * @param truncated whether the tokenizer cut the text at the model's maximum length
   * @param sequenceIds 0 (text), 1 (pair) or -1 (special token) for each token; not null
   * @param pair the second text of a pair, or {@code null}
   * @throws IllegalArgumentException if the token lists and arrays differ in length
   */
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

  /**
   * The number of tokens, special tokens included.
   *
   * @return the length of {@link #tokens()}
   */
  public int size() {
    return tokens.size();
  }

  /**
   * The word a token belongs to.
   *
   * @param token the token's position, in [0, {@link #size()})
   * @return the word's index, or -1 for a special token or a token of whitespace alone
   * @throws IndexOutOfBoundsException if {@code token} is out of range
   */
  public int wordId(int token) {
    return wordIds[token];
  }

  /**
   * Whether a token is a special token of the model ({@code [CLS]}, {@code [SEP]}…).
   *
   * @param token the token's position, in [0, {@link #size()})
   * @return true for a special token
   * @throws IndexOutOfBoundsException if {@code token} is out of range
   */
  public boolean isSpecial(int token) {
    return special[token];
  }

  /**
   * Which text a token comes from.
   *
   * @param token the token's position, in [0, {@link #size()})
   * @return 0 (text), 1 (pair) or -1 (special token)
   * @throws IndexOutOfBoundsException if {@code token} is out of range
   */
  public int sequenceId(int token) {
    return sequenceIds[token];
  }

  /**
   * The text that the span of {@code token} indexes into.
   *
   * @param token the token's position, in [0, {@link #size()})
   * @return {@link #pair()} for a token of the second text, otherwise {@link #text()}
   * @throws IndexOutOfBoundsException if {@code token} is out of range
   */
  public String source(int token) {
    return sequenceIds[token] == 1 ? pair : text;
  }

  /**
   * When the tokenizer cut the text at the model's length, which part of each text is explained,
   * for people; empty otherwise.
   *
   * @return one warning per text that lost characters, naming the explained ones; empty when none did
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

  /**
   * For each token, 0 if it comes from the text, 1 if from the pair's second text, -1 if special.
   *
   * @return a copy, one entry per token
   */
  @Override
  public int[] sequenceIds() {
    return sequenceIds.clone();
  }

  /**
   * For each token, the index of its word, or -1 for special and whitespace-only tokens.
   *
   * @return a copy, one entry per token
   */
  @Override
  public int[] wordIds() {
    return wordIds.clone();
  }

  /**
   * For each token, whether it is a special token of the model.
   *
   * @return a copy, one entry per token
   */
  @Override
  public boolean[] special() {
    return special.clone();
  }
}
