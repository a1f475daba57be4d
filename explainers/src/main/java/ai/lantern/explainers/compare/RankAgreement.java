package ai.lantern.explainers.compare;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;

/** How far two score vectors over the same features agree. */
public final class RankAgreement {
  private RankAgreement() {}

  /**
   * Kendall's τ-b (ties in either vector corrected, as scipy's {@code kendalltau}): NaN when
   * either vector is constant or shorter than 2.
   *
   * @param a one method's scores, one per feature
   * @param b another method's scores for the same features, in the same order
   * @return τ-b in [−1, 1] (1: the same order), or NaN
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double kendallTauB(double[] a, double[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("scores of different lengths: " + a.length + " and " + b.length);
    }
    long concordant = 0;
    long discordant = 0;
    long tiesA = 0;
    long tiesB = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = i + 1; j < a.length; j++) {
        int x = sign(a[i], a[j]);
        int y = sign(b[i], b[j]);
        if (x == 0 && y == 0) {
          continue;
        }
        if (x == 0) {
          tiesA++;
        } else if (y == 0) {
          tiesB++;
        } else if (x == y) {
          concordant++;
        } else {
          discordant++;
        }
      }
    }
    double denominator = Math.sqrt((double) (concordant + discordant + tiesA) * (concordant + discordant + tiesB));
    return denominator == 0 ? Double.NaN : (concordant - discordant) / denominator;
  }

  /** Numeric order, so that −0.0 ties with 0.0 (Double.compare would order them). */
  private static int sign(double u, double v) {
    return u < v ? -1 : u > v ? 1 : 0;
  }

  /**
   * The share of the {@code k} features with the largest |score| in {@code a} that are also among
   * the {@code k} largest in {@code b} (ties: the earlier feature first).
   *
   * @param a one method's scores, one per feature
   * @param b another method's scores for the same features, in the same order
   * @param k the number of top features compared, 1 to the number of features
   * @return the fraction of top features shared, in [0, 1]
   * @throws IllegalArgumentException if the lengths differ or k is not in 1..length
   */
  public static double topKOverlap(double[] a, double[] b, int k) {
    if (a.length != b.length) {
      throw new IllegalArgumentException("scores of different lengths: " + a.length + " and " + b.length);
    }
    if (k < 1 || k > a.length) {
      throw new IllegalArgumentException("k must lie in 1.." + a.length + ", got " + k);
    }
    Set<Integer> top = top(a, k);
    top.retainAll(top(b, k));
    return top.size() / (double) k;
  }

  /**
   * The indices of the {@code k} largest |score|, ties broken by position.
   *
   * @param s scores, one per feature
   * @param k how many indices, 0 to {@code s.length}
   * @return a new mutable set of {@code k} feature indices
   * @throws IndexOutOfBoundsException if {@code k} exceeds {@code s.length}
   */
  public static Set<Integer> top(double[] s, int k) {
    Integer[] order = new Integer[s.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -Math.abs(s[i])));
    return new HashSet<>(Arrays.asList(order).subList(0, k));
  }
}
