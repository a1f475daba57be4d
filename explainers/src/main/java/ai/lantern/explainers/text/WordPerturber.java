package ai.lantern.explainers.text;

import ai.lantern.core.Feature;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.spi.Perturber;
import ai.lantern.core.Span;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Word features exactly as Python lime's text explainer defines them: the text is cut by the
 * regular expression {@code \W+} into alternating words and separators; separators are never
 * features, and a perturbed text is the remaining pieces concatenated in order.
 *
 * <ul>
 *   <li>Bag of words (default): a feature is a distinct word (case-sensitive), in order of first
 *       appearance; hiding it removes every occurrence.
 *   <li>Otherwise every occurrence is its own feature, and a hidden occurrence is replaced by the
 *       mask string ({@code UNKWORDZ} by default).
 * </ul>
 *
 * <p>{@code \W} follows Python's Unicode definition (a word character is a letter, a number or
 * {@code _}), not Java's, so that features match lime's for any text.
 */
public final class WordPerturber implements Perturber<String, String> {
  /** lime's default mask for non-bag-of-words features. */
  public static final String DEFAULT_MASK = "UNKWORDZ";
  private static final Pattern SEPARATOR = Pattern.compile("[^\\p{L}\\p{Nd}\\p{Nl}\\p{No}_]+");

  private final boolean bow;
  private final String maskString;

  /**
   * @param bow whether a feature is a distinct word (all occurrences) rather than one occurrence
   * @param maskString what replaces a hidden word; {@code null} removes it (bag of words only)
   * @throws IllegalArgumentException if {@code bow} is false and {@code maskString} is null
   */
  public WordPerturber(boolean bow, String maskString) {
    if (!bow && maskString == null) {
      throw new IllegalArgumentException("features per occurrence need a mask string (lime uses "
          + DEFAULT_MASK + ")");
    }
    this.bow = bow;
    this.maskString = maskString;
  }

  /** lime's defaults: bag of words, hidden words removed. */
  public WordPerturber() {
    this(true, null);
  }

  /**
   * @throws IllegalArgumentException if the text is empty or has no word (only separators)
   */
  @Override
  public PerturbationSpace<String> featurize(String text) {
    Objects.requireNonNull(text, "text");
    List<String> pieces = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    List<Boolean> isWord = new ArrayList<>();
    Matcher m = SEPARATOR.matcher(text);
    int pos = 0;
    while (m.find()) {
      if (m.start() > pos) {
        add(pieces, starts, isWord, text.substring(pos, m.start()), pos, true);
      }
      add(pieces, starts, isWord, m.group(), m.start(), false);
      pos = m.end();
    }
    if (pos < text.length()) {
      add(pieces, starts, isWord, text.substring(pos), pos, true);
    }
    // feature -> the pieces it covers
    List<List<Integer>> positions = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (int i = 0; i < pieces.size(); i++) {
      if (!isWord.get(i)) {
        continue;
      }
      String w = pieces.get(i);
      Integer f = bow ? vocab.get(w) : null;
      if (f == null) {
        f = names.size();
        names.add(w);
        positions.add(new ArrayList<>());
        if (bow) {
          vocab.put(w, f);
        }
      }
      positions.get(f).add(i);
    }
    if (names.isEmpty()) {
      throw new IllegalArgumentException(text.isBlank()
          ? "cannot explain an empty text: it has no words to perturb"
          : "the text \"" + text + "\" has no word features (only separators such as punctuation)");
    }
    List<Feature> features = new ArrayList<>();
    int[] featureOfPiece = new int[pieces.size()];
    java.util.Arrays.fill(featureOfPiece, -1);
    for (int f = 0; f < names.size(); f++) {
      List<Span> spans = new ArrayList<>();
      for (int piece : positions.get(f)) {
        spans.add(new Span(starts.get(piece), starts.get(piece) + pieces.get(piece).length()));
        featureOfPiece[piece] = f;
      }
      features.add(new Feature(f, names.get(f), spans, false));
    }
    return new Space(text, List.copyOf(pieces), featureOfPiece, List.copyOf(features), maskString);
  }

  private static void add(List<String> pieces, List<Integer> starts, List<Boolean> isWord, String piece, int start,
      boolean word) {
    pieces.add(piece);
    starts.add(start);
    isWord.add(word);
  }

  private record Space(String text, List<String> pieces, int[] featureOfPiece, List<Feature> features,
      String maskString) implements PerturbationSpace<String> {
    @Override
    public String source(int sequence) {
      return sequence == 0 ? text : null;
    }

    @Override
    public String render(BitSet kept) {
      if (kept.cardinality() == features.size()) {
        return text;
      }
      StringBuilder sb = new StringBuilder(text.length());
      for (int i = 0; i < pieces.size(); i++) {
        int f = featureOfPiece[i];
        if (f < 0 || kept.get(f)) {
          sb.append(pieces.get(i));
        } else if (maskString != null) {
          sb.append(maskString);
        }
      }
      return sb.toString();
    }
  }
}
