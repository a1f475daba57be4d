package ai.lantern.explainers.pick;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetExplanation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SP-LIME (Ribeiro, Singh and Guestrin, 2016; lime's {@code SubmodularPick}): from many
 * explanations, the few that together cover the features that matter most across all of them,
 * without redundancy, so a person can read {@code budget} explanations and see the model's
 * behaviour.
 *
 * <p>lime's definitions: the features are the union of every explanation's feature names, in
 * order of first appearance; {@code W[i][j]} is the sum of explanation {@code i}'s scores for
 * feature {@code j} over its explained classes; the global importance of feature {@code j} is
 * {@code sqrt(Σ_i |W[i][j]|)}. The greedy pick adds, {@code budget} times, the explanation that
 * most raises the coverage {@code Σ_j I_j · [feature j has a non-zero score in a picked
 * explanation]}; ties go to the later explanation, as lime's loop keeps the last of equals.
 */
public final class SubmodularPick {
  private SubmodularPick() {}

  /**
   * The pick.
   *
   * @param picked indices of the chosen explanations, in the order they were chosen
   * @param features the feature names, in order of first appearance
   * @param importance the global importance of each feature, in {@code features} order
   * @param coverage the coverage of the picked explanations together
   */
  public record Pick(List<Integer> picked, List<String> features, double[] importance, double coverage) {}

  /**
   * Chooses {@code budget} of {@code explanations} (all of them when there are fewer).
   *
   * @param explanations the candidates, each with the classes it explains
   * @param budget how many to choose, at least 1
   * @return the chosen indices and the global feature importances
   * @throws IllegalArgumentException if there is no explanation or {@code budget < 1}
   */
  public static Pick pick(List<Explanation> explanations, int budget) {
    Objects.requireNonNull(explanations, "explanations");
    if (explanations.isEmpty()) {
      throw new IllegalArgumentException("no explanations to pick from");
    }
    if (budget < 1) {
      throw new IllegalArgumentException("budget must be at least 1, got " + budget);
    }
    Map<String, Integer> index = new LinkedHashMap<>();
    List<Map<Integer, Double>> rows = new ArrayList<>();
    for (Explanation e : explanations) {
      Map<Integer, Double> row = new LinkedHashMap<>();
      for (TargetExplanation t : e.targets()) {
        for (FeatureAttribution a : t.attributions()) {
          int j = index.computeIfAbsent(a.text(), k -> index.size());
          row.merge(j, a.score(), Double::sum);
        }
      }
      rows.add(row);
    }
    int m = index.size();
    double[][] w = new double[rows.size()][m];
    for (int i = 0; i < rows.size(); i++) {
      for (Map.Entry<Integer, Double> c : rows.get(i).entrySet()) {
        w[i][c.getKey()] = c.getValue();
      }
    }
    double[] importance = new double[m];
    for (int j = 0; j < m; j++) {
      double s = 0;
      for (double[] r : w) {
        s += Math.abs(r[j]);
      }
      importance[j] = Math.sqrt(s);
    }
    int want = Math.min(budget, rows.size());
    List<Integer> picked = new ArrayList<>();
    boolean[] covered = new boolean[m];
    boolean[] taken = new boolean[rows.size()];
    double coverage = 0;
    for (int round = 0; round < want; round++) {
      double best = 0;
      int bestIndex = -1;
      for (int i = 0; i < rows.size(); i++) {
        if (taken[i]) {
          continue;
        }
        double c = 0;
        for (int j = 0; j < m; j++) {
          if (covered[j] || w[i][j] != 0) {
            c += importance[j];
          }
        }
        if (c >= best) {
          best = c;
          bestIndex = i;
        }
      }
      taken[bestIndex] = true;
      picked.add(bestIndex);
      for (int j = 0; j < m; j++) {
        covered[j] |= w[bestIndex][j] != 0;
      }
      coverage = best;
    }
    return new Pick(List.copyOf(picked), List.copyOf(index.keySet()), importance, coverage);
  }
}
