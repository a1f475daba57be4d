package ai.lantern.explainers.shapley;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The coalitions KernelSHAP evaluates and their weights, chosen as SHAP's {@code KernelExplainer}
 * (0.46.0) chooses them: subset sizes with the Shapley kernel's total weight
 * {@code (M−1)/(s(M−s))}, sizes s and M−s paired; the smallest sizes enumerated completely while the
 * remaining sample count covers them, the rest drawn at random with paired complements, a mask
 * drawn again adding weight to the first one. The draws use Java's {@link SplittableRandom}, not
 * numpy's global state, so the masks (not the scheme) differ from SHAP's for the same seed.
 */
final class KernelShapPlan {
  /** The coalitions, bit {@code j} set when feature {@code j} is kept; never empty nor full, each once. */
  final List<BitSet> masks = new ArrayList<>();
  /** The regression weight of each coalition, in the order of {@link #masks}. */
  final List<Double> weights = new ArrayList<>();
  /** Whether every subset of every size was enumerated: the regression gives exact Shapley values. */
  final boolean exact;

  private KernelShapPlan(int m, long nsamples, long seed) {
    int sizes = (m - 1 + 1) / 2; // ceil((M − 1) / 2)
    int paired = (m - 1) / 2;
    double[] w = new double[sizes];
    double total = 0;
    for (int i = 0; i < sizes; i++) {
      int s = i + 1;
      w[i] = (m - 1.0) / (s * (double) (m - s));
      if (s <= paired) {
        w[i] *= 2;
      }
      total += w[i];
    }
    for (int i = 0; i < sizes; i++) {
      w[i] /= total;
    }
    double[] remaining = w.clone();
    long left = nsamples;
    int full = 0;
    for (int i = 0; i < sizes; i++) {
      int s = i + 1;
      double subsets = binomial(m, s) * (s <= paired ? 2 : 1);
      if (left * remaining[i] / subsets < 1 - 1e-8) {
        break;
      }
      full++;
      left -= (long) subsets;
      if (remaining[i] < 1) {
        double scale = 1 - remaining[i];
        for (int j = 0; j < sizes; j++) {
          remaining[j] /= scale;
        }
      }
      double each = w[i] / binomial(m, s) / (s <= paired ? 2 : 1);
      int[] comb = new int[s];
      for (int j = 0; j < s; j++) {
        comb[j] = j;
      }
      do {
        BitSet mask = new BitSet(m);
        for (int j : comb) {
          mask.set(j);
        }
        add(mask, each);
        if (s <= paired) {
          BitSet complement = (BitSet) mask.clone();
          complement.flip(0, m);
          add(complement, each);
        }
      } while (nextCombination(comb, m));
    }
    this.exact = full == sizes;
    long samplesLeft = nsamples - masks.size();
    if (full < sizes && samplesLeft > 0) {
      randomFill(m, w, paired, full, samplesLeft, seed);
    }
  }

  /**
   * The plan for {@code m} features and at most {@code nsamples} coalitions.
   *
   * @param m at least 2
   * @param nsamples the most coalitions, at most {@code 2^m − 2} (all of them)
   * @param seed the seed of the random draws, used only for the sizes not enumerated
   * @return the coalitions in evaluation order: enumerated sizes first, then the random draws
   */
  static KernelShapPlan of(int m, long nsamples, long seed) {
    return new KernelShapPlan(m, nsamples, seed);
  }

  private void randomFill(int m, double[] w, int paired, int full, long samplesLeft, long seed) {
    int sizes = w.length;
    double[] probs = new double[sizes - full];
    double sum = 0;
    for (int i = full; i < sizes; i++) {
      probs[i - full] = w[i] / (i + 1 <= paired ? 2 : 1);
      sum += probs[i - full];
    }
    double[] cdf = new double[probs.length];
    double acc = 0;
    for (int i = 0; i < probs.length; i++) {
      acc += probs[i] / sum;
      cdf[i] = acc;
    }
    double weightLeft = 0;
    for (int i = full; i < sizes; i++) {
      weightLeft += w[i];
    }
    SplittableRandom random = new SplittableRandom(seed);
    int firstRandom = masks.size();
    Map<BitSet, Integer> drawn = new HashMap<>();
    int[] perm = new int[m];
    long draws = 4 * samplesLeft;
    for (long d = 0; d < draws && samplesLeft > 0; d++) {
      double u = random.nextDouble();
      int index = 0;
      while (index < cdf.length - 1 && cdf[index] <= u) {
        index++;
      }
      int size = index + full + 1;
      for (int i = 0; i < m; i++) {
        perm[i] = i;
      }
      BitSet mask = new BitSet(m);
      for (int i = 0; i < size; i++) {
        int j = i + random.nextInt(m - i);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        mask.set(perm[i]);
      }
      Integer row = drawn.get(mask);
      if (row == null) {
        drawn.put(mask, masks.size());
        add(mask, 1.0);
        samplesLeft--;
      } else {
        weights.set(row, weights.get(row) + 1);
      }
      if (samplesLeft > 0 && size <= paired) {
        if (row == null) {
          BitSet complement = (BitSet) mask.clone();
          complement.flip(0, m);
          add(complement, 1.0);
          samplesLeft--;
        } else {
          weights.set(row + 1, weights.get(row + 1) + 1);
        }
      }
    }
    double drawnWeight = 0;
    for (int i = firstRandom; i < weights.size(); i++) {
      drawnWeight += weights.get(i);
    }
    for (int i = firstRandom; i < weights.size(); i++) {
      weights.set(i, weights.get(i) * weightLeft / drawnWeight);
    }
  }

  private void add(BitSet mask, double weight) {
    masks.add(mask);
    weights.add(weight);
  }

  /**
   * C(n, k), in floating point.
   *
   * @param n the set size, at least 0
   * @param k the subset size, 0 to {@code n}
   * @return the binomial coefficient, rounded to an integer value
   */
  static double binomial(int n, int k) {
    return org.apache.commons.math3.util.CombinatoricsUtils.binomialCoefficientDouble(n, k);
  }

  /** The next k-combination of 0..n−1 in lexicographic order; false after the last. */
  private static boolean nextCombination(int[] c, int n) {
    int k = c.length;
    int i = k - 1;
    while (i >= 0 && c[i] == n - k + i) {
      i--;
    }
    if (i < 0) {
      return false;
    }
    c[i]++;
    for (int j = i + 1; j < k; j++) {
      c[j] = c[j - 1] + 1;
    }
    return true;
  }
}
