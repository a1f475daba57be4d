package ai.lantern.explainers.lime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** How LIME chooses the features its final surrogate uses (Python lime's {@code feature_selection}). */
public enum FeatureSelection {
  /** {@link #FORWARD_SELECTION} for at most 6 features, else {@link #HIGHEST_WEIGHTS}. */
  AUTO,
  /** Greedy: add the feature whose least-squares fit has the highest weighted R², each round. */
  FORWARD_SELECTION,
  /** The features with the largest |coefficient| in one ridge fit (alpha 0.01) on all features. */
  HIGHEST_WEIGHTS,
  /** The last point of the lasso path with at most {@code numFeatures} non-zero coefficients. */
  LASSO_PATH,
  /** Every feature. */
  NONE;

  /**
   * Selected feature indices, in the order the method picks them.
   *
   * @param p the centred surrogate problem
   * @param numFeatures the most features to select, at least 1 ({@link #NONE} ignores it)
   * @return distinct feature indices of {@code p}
   */
  int[] select(WeightedProblem p, int numFeatures) {
    int d = p.features();
    switch (this) {
      case AUTO:
        return (numFeatures <= 6 ? FORWARD_SELECTION : HIGHEST_WEIGHTS).select(p, numFeatures);
      case NONE:
        return range(d);
      case HIGHEST_WEIGHTS: {
        double[] coef = p.ridge(range(d), 0.01).coefficients();
        // The original input has every feature on, so |coef · x0| is |coef|; the sort is stable.
        Integer[] order = new Integer[d];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> -Math.abs(coef[i])));
        return Arrays.stream(order).limit(numFeatures).mapToInt(Integer::intValue).toArray();
      }
      case FORWARD_SELECTION: {
        List<Integer> used = new ArrayList<>();
        for (int round = 0; round < Math.min(numFeatures, d); round++) {
          double best = -1e8;
          int bestFeature = 0;
          for (int f = 0; f < d; f++) {
            if (used.contains(f)) {
              continue;
            }
            int[] cols = new int[used.size() + 1];
            for (int i = 0; i < used.size(); i++) {
              cols[i] = used.get(i);
            }
            cols[used.size()] = f;
            double score = p.ridge(cols, 0).score();
            if (score > best) {
              best = score;
              bestFeature = f;
            }
          }
          used.add(bestFeature);
        }
        return used.stream().mapToInt(Integer::intValue).toArray();
      }
      case LASSO_PATH: {
        List<double[]> path = LassoPath.compute(p);
        int[] nonzero = range(d);
        for (int i = path.size() - 1; i > 0; i--) {
          double[] row = path.get(i);
          nonzero = java.util.stream.IntStream.range(0, d).filter(j -> row[j] != 0).toArray();
          if (nonzero.length <= numFeatures) {
            break;
          }
        }
        return nonzero;
      }
      default:
        throw new AssertionError(this);
    }
  }

  private static int[] range(int d) {
    int[] r = new int[d];
    Arrays.setAll(r, i -> i);
    return r;
  }

  /**
   * Parses {@code auto}, {@code forward_selection}, … as Python lime spells them.
   *
   * @param name a constant's name in any case, with {@code _} or {@code -}; not {@code null}
   * @return the matching selection
   * @throws IllegalArgumentException listing the valid names, if none matches
   */
  public static FeatureSelection parse(String name) {
    for (FeatureSelection f : values()) {
      if (f.name().equalsIgnoreCase(name.replace('-', '_'))) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown feature selection '" + name + "'; valid: "
        + Arrays.stream(values()).map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toList());
  }
}
