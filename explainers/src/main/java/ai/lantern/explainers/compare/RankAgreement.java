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
    if (a.length < 2) {
      return Double.NaN;
    }
    // Commons Math orders with Double.compare, which puts −0.0 before 0.0: make them one value.
    return new org.apache.commons.math3.stat.correlation.KendallsCorrelation().correlation(plusZero(a), plusZero(b));
  }

  private static double[] plusZero(double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i] + 0.0;
    }
    return out;
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
