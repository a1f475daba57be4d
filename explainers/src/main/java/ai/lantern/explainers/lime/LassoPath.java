package ai.lantern.explainers.lime;

import java.util.ArrayList;
import java.util.List;

/**
 * The lasso regularisation path by least-angle regression (Efron, Hastie, Johnstone and
 * Tibshirani, 2004, with the lasso modification), computed from the Gram matrix of a centred
 * problem. Numerical conventions follow scikit-learn's {@code lars_path(method="lasso")}, which
 * lime calls: the path stops when the largest correlation divided by the number of samples falls
 * to float32 epsilon or starts to grow, correlations of the equiangular direction are rounded to
 * 15 decimals, a candidate whose Cholesky pivot falls below 1e-7 is skipped, and divisions carry
 * float32's smallest normal number to avoid dividing by zero.
 */
final class LassoPath {
  private static final double TINY32 = Float.MIN_NORMAL;
  private static final double EQUALITY_TOLERANCE = Math.ulp(1.0f);
  private static final double EPS = Math.ulp(1.0);
  private static final int MAX_ITER = 500;

  private LassoPath() {}

  /**
   * Coefficients at every breakpoint of the path, the first being all zeros.
   *
   * @param p the centred problem
   * @return one array of {@code p.features()} coefficients per breakpoint, from no feature active onwards
   */
  static List<double[]> compute(WeightedProblem p) {
    int d = p.features();
    double[][] g = p.gram();
    double[] xy = p.xy();
    double n = p.samples();
    // Inactive features in the order scikit-learn keeps its correlation vector (ties in the
    // arg-max go to the first): adding the feature at position c moves position 0 into c.
    List<Integer> inactive = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      inactive.add(j);
    }
    double[] cov = xy.clone();
    List<Integer> active = new ArrayList<>();
    List<Double> signs = new ArrayList<>();
    double[][] chol = new double[Math.min(MAX_ITER, d)][];
    List<double[]> path = new ArrayList<>();
    double[] coef = new double[d];
    path.add(coef);
    double prevAlpha = 0;
    boolean drop = false;
    int iter = 0;
    while (true) {
      int cIdx = -1;
      double cMax = 0;
      for (int pos = 0; pos < inactive.size(); pos++) {
        double c = Math.abs(cov[inactive.get(pos)]);
        if (cIdx < 0 || c > cMax) {
          cIdx = pos;
          cMax = c;
        }
      }
      double signedC = cIdx < 0 ? 0 : cov[inactive.get(cIdx)];
      double c = Math.abs(signedC);
      double alpha = c / n;
      if (alpha <= EQUALITY_TOLERANCE) {
        break;
      }
      if (iter >= MAX_ITER || active.size() >= d) {
        break;
      }
      if (!drop) {
        int candidate = inactive.get(cIdx);
        inactive.set(cIdx, inactive.get(0));
        inactive.remove(0);
        int k = active.size();
        double[] row = new double[k + 1];
        for (int a = 0; a < k; a++) {
          row[a] = g[candidate][active.get(a)];
        }
        forwardSubstitute(chol, k, row);
        double v = 0;
        for (int a = 0; a < k; a++) {
          v += row[a] * row[a];
        }
        double diag = Math.max(Math.sqrt(Math.abs(g[candidate][candidate] - v)), EPS);
        if (diag < 1e-7) {
          // Degenerate: the candidate is (numerically) a combination of the active features.
          inactive.add(0, candidate);
          cov[candidate] = 0;
          continue;
        }
        row[k] = diag;
        chol[k] = row;
        active.add(candidate);
        signs.add(Math.signum(signedC));
      }
      if (iter > 0 && prevAlpha < alpha) {
        break;
      }
      int k = active.size();
      double[] ls = new double[k];
      for (int a = 0; a < k; a++) {
        ls[a] = signs.get(a);
      }
      choleskySolve(chol, k, ls);
      double dot = 0;
      for (int a = 0; a < k; a++) {
        dot += ls[a] * signs.get(a);
      }
      double aa = 1.0 / Math.sqrt(dot);
      if (!Double.isFinite(aa)) {
        aa = regularisedDirection(chol, k, signs, ls);
      } else {
        for (int a = 0; a < k; a++) {
          ls[a] *= aa;
        }
      }
      double[] corr = new double[d];
      double gamma = c / aa;
      for (int j : inactive) {
        double s = 0;
        for (int a = 0; a < k; a++) {
          s += g[active.get(a)][j] * ls[a];
        }
        corr[j] = Math.rint(s * 1e15) / 1e15;
        gamma = Math.min(gamma, positiveOrMax((c - cov[j]) / (aa - corr[j] + TINY32)));
        gamma = Math.min(gamma, positiveOrMax((c + cov[j]) / (aa + corr[j] + TINY32)));
      }
      drop = false;
      double zMin = Double.MAX_VALUE;
      double[] z = new double[k];
      for (int a = 0; a < k; a++) {
        z[a] = -coef[active.get(a)] / (ls[a] + TINY32);
        zMin = Math.min(zMin, positiveOrMax(z[a]));
      }
      List<Integer> dropped = new ArrayList<>();
      if (zMin < gamma) {
        for (int a = k - 1; a >= 0; a--) {
          if (z[a] == zMin) {
            dropped.add(a);
            signs.set(a, -signs.get(a));
          }
        }
        gamma = zMin;
        drop = true;
      }
      iter++;
      double[] next = new double[d];
      for (int a = 0; a < k; a++) {
        int j = active.get(a);
        next[j] = coef[j] + gamma * ls[a];
      }
      for (int j : inactive) {
        cov[j] -= gamma * corr[j];
      }
      path.add(next);
      coef = next;
      prevAlpha = alpha;
      if (drop) {
        // The stored row keeps the dropped coefficient as computed (zero up to rounding), as
        // scikit-learn does; from the next row on it is exactly zero.
        for (int a : dropped) {
          int j = active.remove(a);
          signs.remove(a);
          double r = xy[j];
          for (int b : active) {
            r -= g[j][b] * coef[b];
          }
          cov[j] = r;
          inactive.add(0, j);
        }
        rebuildCholesky(chol, g, active);
      }
    }
    return path;
  }

  private static double positiveOrMax(double v) {
    return v > 0 ? v : Double.MAX_VALUE;
  }

  /** Solves L x = b in place for the lower-triangular factor's first {@code k} rows. */
  private static void forwardSubstitute(double[][] l, int k, double[] b) {
    for (int i = 0; i < k; i++) {
      double s = b[i];
      for (int j = 0; j < i; j++) {
        s -= l[i][j] * b[j];
      }
      b[i] = s / l[i][i];
    }
  }

  /** Solves L Lᵀ x = b in place. */
  private static void choleskySolve(double[][] l, int k, double[] b) {
    forwardSubstitute(l, k, b);
    for (int i = k - 1; i >= 0; i--) {
      double s = b[i];
      for (int j = i + 1; j < k; j++) {
        s -= l[j][i] * b[j];
      }
      b[i] = s / l[i][i];
    }
  }

  /** Adds growing multiples of epsilon to the factor's diagonal until the direction is finite. */
  private static double regularisedDirection(double[][] chol, int k, List<Double> signs, double[] ls) {
    double[][] l = new double[k][];
    for (int i = 0; i < k; i++) {
      l[i] = chol[i].clone();
    }
    double aa = Double.NaN;
    for (int i = 0; !Double.isFinite(aa); i++) {
      for (int a = 0; a < k; a++) {
        l[a][a] += Math.pow(2, i) * EPS;
        ls[a] = signs.get(a);
      }
      choleskySolve(l, k, ls);
      double dot = 0;
      for (int a = 0; a < k; a++) {
        dot += ls[a] * signs.get(a);
      }
      aa = 1.0 / Math.sqrt(Math.max(dot, EPS));
    }
    for (int a = 0; a < k; a++) {
      ls[a] *= aa;
    }
    return aa;
  }

  private static void rebuildCholesky(double[][] chol, double[][] g, List<Integer> active) {
    for (int i = 0; i < active.size(); i++) {
      double[] row = new double[i + 1];
      for (int j = 0; j <= i; j++) {
        double s = g[active.get(i)][active.get(j)];
        for (int m = 0; m < j; m++) {
          s -= row[m] * chol[j][m];
        }
        row[j] = j < i ? s / chol[j][j] : Math.sqrt(Math.max(s, 0));
      }
      chol[i] = row;
    }
  }
}
