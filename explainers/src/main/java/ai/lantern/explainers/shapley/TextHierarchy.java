package ai.lantern.explainers.shapley;

import ai.lantern.core.Feature;
import ai.lantern.core.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A binary tree over a text's features, built as SHAP's text masker (0.46.0) builds its
 * clustering: adjacent groups merge greedily, pieces of one word first, then words, and across
 * commas, sentence ends and conjunctions last. Leaves are the features {@code 0..M−1}; internal
 * node {@code M + k} is the {@code k}-th merge; the root is the last.
 *
 * <p>Scores of SHAP's rule (the first highest-scoring adjacent pair merges): +20 when the right
 * group starts with a word piece; +15 around an apostrophe of "'s"/"'t"; −1000 across a
 * bracketed special token; −100 at an unbalanced parenthesis; −2 when the left group starts with
 * "(" and around "but", "and", "or"; −10 at a comma and −20 at ".", "?", "!" (−1 when that
 * punctuation is the whole right group); minus the size of both groups. A feature is a word piece
 * when it starts with an ASCII letter, touches the previous feature and that one ends in a word
 * character. Punctuation that is not a feature (word features skip it) counts where it stands,
 * between the two features it separates.
 */
final class TextHierarchy {
  private static final Set<String> CONJUNCTIONS = Set.of("but", "and", "or");

  /** The number of features {@code M}: the nodes {@code 0..M−1}. */
  final int leaves;
  /** Left child of internal node {@code leaves + k}. */
  final int[] left;
  /** Right child of internal node {@code leaves + k}. */
  final int[] right;
  /** Leaves under each node (leaves count 1). */
  final int[] size;

  private TextHierarchy(int leaves, int[] left, int[] right, int[] size) {
    this.leaves = leaves;
    this.left = left;
    this.right = right;
    this.size = size;
  }

  /**
   * The root node.
   *
   * @return {@code 2M − 2}, the last merge, or 0 when there is a single feature
   */
  int root() {
    return leaves == 1 ? 0 : 2 * leaves - 2;
  }

  /**
   * Whether {@code node} is a feature.
   *
   * @param node a node, 0 to {@link #root()}
   * @return true for the nodes {@code 0..M−1}
   */
  boolean isLeaf(int node) {
    return node < leaves;
  }

  /**
   * Sets every leaf under {@code node} in {@code mask}.
   *
   * @param node a node, 0 to {@link #root()}
   * @param mask the mask to set the bits of; other bits are left as they are
   */
  void setLeaves(int node, java.util.BitSet mask) {
    if (isLeaf(node)) {
      mask.set(node);
    } else {
      setLeaves(left[node - leaves], mask);
      setLeaves(right[node - leaves], mask);
    }
  }

  /**
   * The tree of {@code features} of {@code text} (the caller's string; {@code null} when spans do
   * not index one text, then no gap punctuation is seen).
   *
   * @param features the features, in input order, at least one
   * @param text the text the spans of sequence 0 index into, or {@code null}
   * @param pairText the text the spans of sequence 1 index into, or {@code null}
   * @return the tree over the features
   */
  static TextHierarchy of(List<Feature> features, String text, String pairText) {
    int m = features.size();
    String[] tokens = new String[m];
    String[] gaps = new String[m]; // text between feature i−1 and i
    for (int i = 0; i < m; i++) {
      Feature f = features.get(i);
      String stripped = f.text().strip();
      Feature prev = i > 0 ? features.get(i - 1) : null;
      Span here = f.span();
      Span before = prev == null ? null : prev.spans().isEmpty() ? null : prev.spans().get(prev.spans().size() - 1);
      String source = f.sequence() == 0 ? text : pairText;
      gaps[i] = "";
      boolean piece = false;
      if (here != null && before != null && prev.sequence() == f.sequence() && before.end() <= here.start()) {
        if (source != null && here.start() <= source.length()) {
          gaps[i] = source.substring(before.end(), here.start());
        }
        String p = prev.text().strip();
        piece = before.end() == here.start() && !p.isEmpty() && isWordChar(p.charAt(p.length() - 1))
            && !stripped.isEmpty() && stripped.charAt(0) < 128 && Character.isLetter(stripped.charAt(0));
      }
      tokens[i] = piece ? "##" + stripped : stripped;
    }
    return build(tokens, gaps);
  }

  /**
   * The tree of SHAP's merge rule over {@code tokens}, with {@code gaps[i]} before token i.
   *
   * @param tokens the features' stripped texts, a word piece prefixed by {@code ##}
   * @param gaps the text between token {@code i − 1} and token {@code i}, as long as {@code tokens}
   * @return the tree with one leaf per token
   */
  static TextHierarchy build(String[] tokens, String[] gaps) {
    int m = tokens.length;
    boolean[] balanced = new boolean[m];
    for (int i = 0; i < m; i++) {
      balanced[i] = !tokens[i].equals("(") && !tokens[i].equals(")");
    }
    List<List<Integer>> groups = new ArrayList<>();
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < m; i++) {
      groups.add(new ArrayList<>(List.of(i)));
      ids.add(i);
    }
    int[] left = new int[Math.max(0, m - 1)];
    int[] right = new int[Math.max(0, m - 1)];
    int[] size = new int[Math.max(1, 2 * m - 1)];
    for (int i = 0; i < m; i++) {
      size[i] = 1;
    }
    for (int k = 0; k < m - 1; k++) {
      int best = -1;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (int g = 0; g + 1 < groups.size(); g++) {
        double s = score(groups.get(g), groups.get(g + 1), tokens, gaps, balanced);
        if (best < 0 || s > bestScore) {
          best = g;
          bestScore = s;
        }
      }
      List<Integer> g1 = groups.get(best);
      List<Integer> g2 = groups.get(best + 1);
      if (tokens[g1.get(0)].equals("(") && tokens[g2.get(g2.size() - 1)].equals(")")) {
        balanced[g1.get(0)] = true;
        balanced[g2.get(g2.size() - 1)] = true;
      }
      left[k] = ids.get(best);
      right[k] = ids.get(best + 1);
      size[m + k] = g1.size() + g2.size();
      g1.addAll(g2);
      groups.remove(best + 1);
      ids.set(best, m + k);
      ids.remove(best + 1);
    }
    return new TextHierarchy(m, left, right, size);
  }

  private static double score(List<Integer> g1, List<Integer> g2, String[] tokens, String[] gaps, boolean[] balanced) {
    int l = g1.get(g1.size() - 1);
    int r = g2.get(0);
    String last = tokens[l];
    String first = tokens[r];
    double s = 0;
    if (first.startsWith("##")) {
      s += 20;
    }
    if (first.equals("'") && (g2.size() == 1 || g2.size() == 2 && isTs(tokens[g2.get(1)]))) {
      s += 15;
    }
    if (last.equals("'") && isTs(first)) {
      s += 15;
    }
    if (bracketed(tokens[g1.get(0)]) != bracketed(tokens[g2.get(g2.size() - 1)])) {
      s -= 1000;
    }
    if (first.equals("(") && !balanced[r]) {
      s -= 100;
    }
    if (last.equals(")") && !balanced[l]) {
      s -= 100;
    }
    if (tokens[g1.get(0)].equals("(")) {
      s -= 2;
    }
    if (CONJUNCTIONS.contains(last) || CONJUNCTIONS.contains(first)) {
      s -= 2;
    }
    if (last.equals(",")) {
      s -= 10;
    }
    if (first.equals(",")) {
      s -= g2.size() > 1 ? 10 : 1;
    }
    if (sentenceEnd(last)) {
      s -= 20;
    }
    if (sentenceEnd(first)) {
      s -= g2.size() > 1 ? 20 : 1;
    }
    String gap = gaps[r];
    if (gap.contains(".") || gap.contains("?") || gap.contains("!")) {
      s -= 20;
    } else if (gap.contains(",")) {
      s -= 10;
    }
    return s - (g1.size() + g2.size());
  }

  private static boolean isTs(String t) {
    return t.equals("t") || t.equals("s");
  }

  private static boolean sentenceEnd(String t) {
    return t.equals(".") || t.equals("?") || t.equals("!");
  }

  private static boolean bracketed(String t) {
    return t.length() >= 2 && t.startsWith("[") && t.endsWith("]");
  }

  private static boolean isWordChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }
}
