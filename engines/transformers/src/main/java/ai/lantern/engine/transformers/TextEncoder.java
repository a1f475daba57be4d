package ai.lantern.engine.transformers;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.Span;
import ai.lantern.core.TextPair;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.core.spi.TokenizedText;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The package's HuggingFace tokenizer, configured once: special tokens added, truncation at the
 * model's maximum length, no padding (batches are padded to their own longest text).
 */
public final class TextEncoder implements AutoCloseable {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TextEncoder.class);
  private final HuggingFaceTokenizer tokenizer;
  /** Only asked how long a truncated text really was, for the warning. */
  private final HuggingFaceTokenizer untruncated;
  private final int maxLength;
  private final HfTokenizerFiles.Definition definition;

  /**
   * Loads the tokenizer of {@code definition} into HuggingFace tokenizers.
   *
   * @param definition the tokenizer, as {@link ModelPackage#tokenizer()} gives it; not null
   * @param maxLength the most tokens of an encoded text, special tokens included; at least 2
   * @throws InvalidModelException if HuggingFace tokenizers cannot load the definition
   */
  public TextEncoder(HfTokenizerFiles.Definition definition, int maxLength) {
    this.maxLength = maxLength;
    this.definition = definition;
    Map<String, String> options = Map.of(
        "addSpecialTokens", "true",
        "truncation", "true",
        "padding", "false",
        "maxLength", Integer.toString(maxLength));
    byte[] json = definition.json().toString().getBytes(StandardCharsets.UTF_8);
    HuggingFaceTokenizer truncating = null;
    try {
      truncating = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
      this.untruncated = HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json),
          Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
    } catch (IOException | RuntimeException e) {
      if (truncating != null) {
        truncating.close();
      }
      throw new InvalidModelException(definition.source() + " could not be loaded by HuggingFace tokenizers: "
          + e.getMessage(), e);
    }
    this.tokenizer = truncating;
    if (definition.truncateLeft()) {
      LOG.info("{}: texts longer than {} tokens lose their start (truncation_side left); sentence pairs still lose "
          + "their end", definition.source(), maxLength);
    }
  }

  /**
   * {@code text} with every unpaired surrogate replaced by U+FFFD. The tokenizer works on UTF-8,
   * where a lone surrogate cannot be written; the replacement keeps the UTF-16 length, so spans
   * still index into the caller's string.
   */
  static String wellFormed(String text) {
    StringBuilder b = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1));
      if (paired) {
        if (b != null) {
          b.append(c).append(text.charAt(i + 1));
        }
        i++;
      } else if (Character.isSurrogate(c)) {
        if (b == null) {
          b = new StringBuilder(text.substring(0, i));
        }
        b.append('\uFFFD');
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? text : b.toString();
  }

  /**
   * Encodes one text with special tokens, truncated to {@link #maxLength()} at the definition's side.
   *
   * @param original the text; not null, may be empty or hold unpaired surrogates
   * @return the ids and token types, with whether the text was truncated and its untruncated length
   */
  public EncodedText encode(String original) {
    String text = wellFormed(original);
    if (definition.truncateLeft()) {
      Pieces p = Pieces.of(untruncated.encode(text)).keepLast(maxLength);
      return new EncodedText(p.ids, p.types, p.truncated, p.fullLength);
    }
    Encoding e = tokenizer.encode(text);
    long[] ids = e.getIds();
    int full = ids.length;
    boolean truncated = e.exceedMaxLength();
    if (truncated) {
      full = untruncated.encode(text).getIds().length;
    }
    return new EncodedText(ids, e.getTypeIds(), truncated, full);
  }

  /**
   * The text as the tokenizer cuts it, with spans in the caller's {@code String} indices: the
   * tokenizer counts Unicode code points, which differ from UTF-16 indices after any character
   * outside the Basic Multilingual Plane (an emoji).
   *
   * @param text the text; not null
   * @return the tokens, ids, spans, word ids and special-token flags, truncated like {@link #encode(String)}
   */
  public TokenizedText tokenize(String text) {
    String clean = wellFormed(text);
    Pieces p = definition.truncateLeft() ? Pieces.of(untruncated.encode(clean)).keepLast(maxLength)
        : Pieces.of(tokenizer.encode(clean));
    return tokenized(p, text, null);
  }

  /**
   * The whole text, never truncated.
   *
   * @param text the text; not null
   * @return the tokens of the whole text, which may be longer than {@link #maxLength()}
   */
  public TokenizedText tokenizeWhole(String text) {
    return tokenized(Pieces.of(untruncated.encode(wellFormed(text))), text, null);
  }

  /**
   * A sentence pair; spans index into each of the two texts.
   *
   * @param pair the two texts; not null
   * @return the tokens of the pair template, the longer text truncated first to fit {@link #maxLength()}
   */
  public TokenizedText tokenize(TextPair pair) {
    return tokenized(Pieces.of(tokenizer.encode(wellFormed(pair.text()), wellFormed(pair.pair()))), pair.text(),
        pair.pair());
  }

  /**
   * ids and token types of a pair, longest text truncated first.
   *
   * @param pair the two texts; not null
   * @return at most {@link #maxLength()} ids; token type 1 marks the second text where the template says so
   */
  public EncodedText encode(TextPair pair) {
    Encoding e = tokenizer.encode(wellFormed(pair.text()), wellFormed(pair.pair()));
    long[] ids = e.getIds();
    int full = ids.length;
    if (e.exceedMaxLength()) {
      full = untruncated.encode(wellFormed(pair.text()), wellFormed(pair.pair())).getIds().length;
    }
    return new EncodedText(ids, e.getTypeIds(), e.exceedMaxLength(), full);
  }

  /** An encoding's arrays, which a cut from the start can shorten. */
  private record Pieces(long[] ids, long[] types, String[] tokens, long[] words, long[] special, long[] sequences,
      CharSpan[] spans, boolean truncated, int fullLength) {
    static Pieces of(Encoding e) {
      return new Pieces(e.getIds(), e.getTypeIds(), e.getTokens(), e.getWordIds(), e.getSpecialTokenMask(),
          e.getSequenceIds(), e.getCharTokenSpans(), e.exceedMaxLength(), e.getIds().length);
    }

    /**
     * At most {@code max} tokens, the special tokens at either end kept and the text's first
     * tokens dropped: HuggingFace's {@code truncation_side="left"} for one text.
     */
    Pieces keepLast(int max) {
      int n = ids.length;
      if (n <= max) {
        return this;
      }
      int head = 0;
      while (head < n && special[head] != 0) {
        head++;
      }
      int tail = 0;
      while (tail < n - head && special[n - 1 - tail] != 0) {
        tail++;
      }
      int keep = Math.max(0, max - head - tail);
      int[] order = new int[head + keep + tail];
      int k = 0;
      for (int i = 0; i < head; i++) {
        order[k++] = i;
      }
      for (int i = n - tail - keep; i < n - tail; i++) {
        order[k++] = i;
      }
      for (int i = n - tail; i < n; i++) {
        order[k++] = i;
      }
      String[] t = new String[order.length];
      CharSpan[] c = new CharSpan[order.length];
      for (int i = 0; i < order.length; i++) {
        t[i] = tokens[order[i]];
        c[i] = spans[order[i]];
      }
      return new Pieces(pick(ids, order), pick(types, order), t, pick(words, order), pick(special, order),
          pick(sequences, order), c, true, n);
    }

    private static long[] pick(long[] values, int[] order) {
      long[] out = new long[order.length];
      for (int i = 0; i < order.length; i++) {
        out[i] = values[order[i]];
      }
      return out;
    }
  }

  private static TokenizedText tokenized(Pieces e, String text, String pair) {
    int n = e.ids().length;
    int[][] cpToChar = {codePointToCharIndex(text), pair == null ? new int[] {0} : codePointToCharIndex(pair)};
    CharSpan[] charSpans = e.spans();
    long[] words = e.words();
    long[] specialMask = e.special();
    long[] sequences = e.sequences();
    List<Span> spans = new ArrayList<>(n);
    int[] wordIds = new int[n];
    boolean[] special = new boolean[n];
    int[] sequenceIds = new int[n];
    for (int i = 0; i < n; i++) {
      special[i] = specialMask[i] != 0;
      wordIds[i] = (int) words[i];
      sequenceIds[i] = special[i] ? -1 : (int) Math.max(0, Math.min(1, sequences[i]));
      int[] map = cpToChar[Math.max(0, sequenceIds[i])];
      CharSpan cs = charSpans[i];
      String source = sequenceIds[i] == 1 ? pair : text;
      Span span = special[i] || cs == null ? null
          : trimmed(source, map[Math.min(cs.getStart(), map.length - 1)], map[Math.min(cs.getEnd(), map.length - 1)]);
      spans.add(span);
      if (!special[i] && (span == null || source.substring(span.start(), span.end()).isBlank())) {
        // Whitespace alone (byte-level BPE's lone Ġ for a double or trailing space, Ċ for a
        // newline): a token of no word, which explainers neither show nor perturb.
        wordIds[i] = -1;
      }
    }
    return new TokenizedText(text, Arrays.asList(e.tokens()), new TokenIds(e.ids(), e.types()), spans,
        wordIds, special, e.truncated(), sequenceIds, pair);
  }

  /**
   * The span without the whitespace at its ends: a SentencePiece piece ({@code ▁good}) covers the
   * space before its word, which is no part of the word. A span of whitespace alone stays as it is.
   */
  private static Span trimmed(String source, int start, int end) {
    int s = start;
    int e = end;
    while (s < e && Character.isWhitespace(source.charAt(s))) {
      s++;
    }
    while (e > s && Character.isWhitespace(source.charAt(e - 1))) {
      e--;
    }
    return s == e ? new Span(start, end) : new Span(s, e);
  }

  /** Entry {@code k} is the {@code String} index of the {@code k}-th code point; the last is the length. */
  static int[] codePointToCharIndex(String text) {
    int[] map = new int[text.codePointCount(0, text.length()) + 1];
    int k = 0;
    for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
      map[k++] = i;
    }
    map[k] = text.length();
    return map;
  }

  /**
   * The id of {@code token}: its entry in the vocabulary (so {@code Ġthe} of a byte-level BPE
   * vocabulary is found as written), else the id of the text {@code token} if the tokenizer
   * reads it as exactly one token.
   *
   * @param token a vocabulary entry or a text; not null
   * @return the id, or empty when {@code token} is neither an entry nor read as a single token
   */
  public java.util.OptionalLong tokenId(String token) {
    com.google.gson.JsonElement model = definition.json().get("model");
    if (model != null && model.isJsonObject()) {
      com.google.gson.JsonElement vocab = model.getAsJsonObject().get("vocab");
      if (vocab != null && vocab.isJsonObject() && vocab.getAsJsonObject().has(token)) {
        return java.util.OptionalLong.of(vocab.getAsJsonObject().get(token).getAsLong());
      }
    }
    long[] ids = untruncated.encode(token, false, false).getIds();
    return ids.length == 1 ? java.util.OptionalLong.of(ids[0]) : java.util.OptionalLong.empty();
  }

  /**
   * The most tokens of an encoded text.
   *
   * @return the truncation length, special tokens included
   */
  public int maxLength() {
    return maxLength;
  }

  @Override
  public void close() {
    tokenizer.close();
    untruncated.close();
  }
}
