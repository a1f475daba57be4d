package ai.lantern.explainers.text;

import ai.lantern.core.Feature;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.spi.Perturber;
import ai.lantern.core.Span;
import ai.lantern.core.SubwordTextClassifier;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.core.spi.TokenizedText;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Features from the model's own tokenizer: token ids are perturbed directly (nothing is
 * tokenised again) and special tokens are never perturbed.
 *
 * <ul>
 *   <li>{@link Granularity#TOKEN}: every subword piece ({@code ##ing}, {@code Ġword},
 *       {@code ▁word}) is a feature, reported with its own span.
 *   <li>{@link Granularity#WHOLE_WORD}: a feature is a word as the tokenizer's pre-tokenizer cut
 *       it; all its pieces are hidden together, and it is reported as the word's text.
 * </ul>
 */
public final class SubwordPerturber implements Perturber<String, TokenIds> {

  /** What a feature is. */
  public enum Granularity {
    /** Every subword piece is a feature of its own. */
    TOKEN,
    /** The pieces of one word (per the tokenizer's word ids) form one feature, hidden together. */
    WHOLE_WORD
  }

  /** How a hidden token is hidden. */
  public enum Hiding {
    /** Drop the token from the sequence (lime's choice for words). */
    REMOVE,
    /** Replace it by the mask token ({@code [MASK]}, {@code <mask>}). */
    MASK,
    /** Replace it by the unknown token ({@code [UNK]}, {@code <unk>}). */
    UNKNOWN,
    /** Replace it by the padding token, attention kept on. */
    PAD
  }

  private final SubwordTextClassifier model;
  private final Granularity granularity;
  private final Hiding hiding;
  private final long replacement;

  /**
   * A perturber over {@code model}'s tokenizer.
   *
   * @param model the classifier whose tokenizer cuts the text and whose special tokens hide features, not null
   * @param granularity what a feature is, not {@code null}
   * @param hiding how a hidden feature is hidden, not {@code null}; see {@link #defaultHiding}
   * @throws IllegalArgumentException if {@code hiding} needs a token the tokenizer does not have
   */
  public SubwordPerturber(SubwordTextClassifier model, Granularity granularity, Hiding hiding) {
    this.model = Objects.requireNonNull(model, "model");
    this.granularity = Objects.requireNonNull(granularity, "granularity");
    this.hiding = Objects.requireNonNull(hiding, "hiding");
    this.replacement = switch (hiding) {
      case REMOVE -> -1;
      case MASK -> model.maskTokenId().orElseThrow(() -> new IllegalArgumentException(
          "hiding by MASK needs a mask token, and this tokenizer has none; use REMOVE or UNKNOWN"));
      case UNKNOWN -> model.unknownTokenId().orElseThrow(() -> new IllegalArgumentException(
          "hiding by UNKNOWN needs an unknown token, and this tokenizer has none; use REMOVE or MASK"));
      case PAD -> model.padTokenId();
    };
  }

  /**
   * The documented default per granularity: single tokens are masked (removing a piece glues its
   * neighbours into a different word), whole words are removed, as lime removes words.
   *
   * @param model the classifier whose tokenizer's special tokens are looked up
   * @param granularity the feature granularity
   * @return {@link Hiding#REMOVE} for whole words; for tokens {@link Hiding#MASK}, else {@link Hiding#UNKNOWN}
   *     when the tokenizer has no mask token, else {@link Hiding#REMOVE}
   */
  public static Hiding defaultHiding(SubwordTextClassifier model, Granularity granularity) {
    if (granularity == Granularity.WHOLE_WORD) {
      return Hiding.REMOVE;
    }
    return model.maskTokenId().isPresent() ? Hiding.MASK
        : model.unknownTokenId().isPresent() ? Hiding.UNKNOWN : Hiding.REMOVE;
  }

  /**
   * {@code model} as a classifier of token ids, which is what subword perturbations render to.
   *
   * @param model the classifier to wrap, not {@code null}
   * @return a view with {@code model}'s labels that calls {@link SubwordTextClassifier#predictTokenIds}
   */
  public static ai.lantern.core.Classifier<TokenIds> onTokenIds(SubwordTextClassifier model) {
    Objects.requireNonNull(model, "model");
    return new ai.lantern.core.Classifier<>() {
      @Override
      public List<String> labels() {
        return model.labels();
      }

      @Override
      public double[][] predictProbabilities(List<TokenIds> inputs) {
        return model.predictTokenIds(inputs);
      }
    };
  }

  /**
   * How hidden features are hidden.
   *
   * @return the hiding given to the constructor
   */
  public Hiding hiding() {
    return hiding;
  }

  /**
   * What a feature is.
   *
   * @return the granularity given to the constructor
   */
  public Granularity granularity() {
    return granularity;
  }

  /**
   * @throws IllegalArgumentException if the text has no token besides the special ones
   */
  @Override
  public PerturbationSpace<TokenIds> featurize(String text) {
    Objects.requireNonNull(text, "text");
    return featurize(model.tokenize(text), granularity, replacement);
  }

  /**
   * The features of an already tokenized text or sentence pair (spans index into each feature's
   * own text, {@link Feature#sequence()} says which), hidden by {@code replacement}, a token id,
   * or removed when it is negative.
   *
   * @param t the tokenized text or pair, special tokens marked
   * @param granularity what a feature is
   * @param replacement the token id a hidden token becomes, or negative to remove hidden tokens
   * @return the features, in token order, and how to render any subset of them as token ids
   * @throws IllegalArgumentException if the text has no token besides the special ones
   */
  public static PerturbationSpace<TokenIds> featurize(TokenizedText t, Granularity granularity, long replacement) {
    String text = t.text();
    // Group non-special tokens: one group per token, or per run of tokens of the same word.
    int[] featureOf = new int[t.size()];
    List<int[]> groups = new ArrayList<>(); // {first token, span start, span end}
    int lastKey = Integer.MIN_VALUE;
    for (int i = 0; i < t.size(); i++) {
      Span span = t.spans().get(i);
      if (t.isSpecial(i) || span == null || t.wordId(i) < 0) { // special, or whitespace of no word
        featureOf[i] = -1;
        continue;
      }
      // Words restart at 0 in the second text of a pair.
      int key = granularity == Granularity.TOKEN ? i : t.wordId(i) * 2 + Math.max(0, t.sequenceId(i));
      if (groups.isEmpty() || key != lastKey) {
        groups.add(new int[] {i, span.start(), span.end()});
        lastKey = key;
      }
      int[] g = groups.get(groups.size() - 1);
      g[2] = Math.max(g[2], span.end());
      featureOf[i] = groups.size() - 1;
    }
    List<Feature> features = new ArrayList<>();
    for (int[] g : groups) {
      int sequence = Math.max(0, t.sequenceId(g[0]));
      String name = granularity == Granularity.TOKEN ? t.tokens().get(g[0]) : t.source(g[0]).substring(g[1], g[2]);
      features.add(new Feature(features.size(), name, List.of(new Span(g[1], g[2])), false, sequence));
    }
    if (features.isEmpty()) {
      throw new IllegalArgumentException(text.isBlank()
          ? "cannot explain an empty text: it has no tokens to perturb"
          : "the text \"" + text + "\" has no token to perturb besides special tokens");
    }
    return new Space(t.ids(), featureOf, List.copyOf(features), replacement, t.text(), t.pair(),
        t.truncationWarnings());
  }

  private record Space(TokenIds original, int[] featureOf, List<Feature> features, long replacement, String text,
      String pair, List<String> warnings) implements PerturbationSpace<TokenIds> {
    @Override
    public String source(int sequence) {
      return sequence == 0 ? text : pair;
    }

    @Override
    public TokenIds render(BitSet kept) {
      if (kept.cardinality() == features.size()) {
        return original;
      }
      int n = original.length();
      long[] ids = new long[n];
      long[] types = new long[n];
      int k = 0;
      for (int i = 0; i < n; i++) {
        int f = featureOf[i];
        if (f >= 0 && !kept.get(f)) {
          if (replacement < 0) {
            continue;
          }
          ids[k] = replacement;
        } else {
          ids[k] = original.id(i);
        }
        types[k++] = original.typeId(i);
      }
      return new TokenIds(java.util.Arrays.copyOf(ids, k), java.util.Arrays.copyOf(types, k));
    }
  }
}
