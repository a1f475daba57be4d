package ai.lantern.explainers.shapley;

import ai.lantern.core.Budget;
import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.Classifier;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.Explanation;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.Prediction;
import ai.lantern.core.Progress;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetExplanation;
import ai.lantern.explainers.MaskEvaluator;
import ai.lantern.explainers.PerturbationExplainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * KernelSHAP for text (Lundberg and Lee, 2017): Shapley values of the text's features, estimated
 * by the weighted linear regression whose Shapley kernel makes its solution the Shapley values,
 * with the efficiency constraint (scores sum to f(x) − f(∅)) enforced exactly. Coalitions, weights
 * and the constrained solve follow SHAP 0.46.0's {@code KernelExplainer}; a hidden feature is
 * hidden as the features say (removed words, or the tokenizer's mask token), and f(∅) is the input
 * with every feature hidden (special tokens kept).
 *
 * <pre>{@code
 * KernelShap shap = KernelShap.builder().setClassifier(model).build();
 * Explanation e = shap.explain("a gripping, beautifully acted film");
 * }</pre>
 *
 * <ul>
 *   <li>{@code nsamples} defaults to SHAP's {@code 2·M + 2048}, and is capped at the
 *       {@code 2^M − 2} coalitions there are: with {@code M ≤ 11} every coalition is enumerated
 *       and the values are exact (quality {@code exact} = 1).
 *   <li>Unlike SHAP's default {@code l1_reg="auto"}, every feature stays in the regression (no
 *       lasso pre-selection), so every feature gets a value.
 *   <li>Memory holds the planned coalitions (one bit per feature each) and an M×M matrix.
 * </ul>
 *
 * <p>Quality measures: {@code baseValue} (f(∅)), {@code exact} (1 when every coalition was
 * evaluated). A budget cut fits the coalitions evaluated so far (efficiency still holds) and marks
 * the explanation partial; below {@code M} coalitions it throws {@link BudgetExceededException}.
 */
public final class KernelShap extends PerturbationExplainer {
  private final long nsamples;

  private KernelShap(Builder b) {
    super(b);
    this.nsamples = b.nsamples;
  }

  /**
   * A builder with SHAP's defaults: {@code 2·M + 2048} coalitions, per-occurrence word features removed when
   * hidden.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String method() {
    return "kernel-shap";
  }

  /**
   * SHAP's default number of coalitions for {@code m} features, capped at those there are.
   *
   * @param m the number of features, at least 1
   * @return the configured count, or {@code 2·m + 2048} by default, at most {@code 2^m − 2} (the empty and
   *     full coalitions are evaluated apart); 0 for one feature
   */
  public long samplesFor(int m) {
    long n = nsamples > 0 ? nsamples : 2L * m + 2048;
    return m <= 30 ? Math.min(n, (1L << m) - 2) : n;
  }

  @Override
  protected double plannedForwardPasses(int d) {
    return 2 + (d <= 1 ? 0 : samplesFor(d));
  }

  @Override
  protected <P> Explanation run(PerturbationSpace<P> space, Classifier<P> model, long seed, long start,
      ProgressListener progress, Budget budget) {
    int m = space.size();
    BitSet all = new BitSet(m);
    all.set(0, m);
    List<String> labels = model.labels();
    double[] original = model.predictProbabilities(List.of(space.render(all)))[0];
    Prediction prediction = Prediction.of(labels, original);
    int[] explained = explainedLabels(labels, original, prediction.index());
    MaskEvaluator<P> eval = new MaskEvaluator<>(space, model, explained, budget, start, "the KernelSHAP explanation",
        ticker(), stopSignal());
    double[] fx = pick(original, explained);
    double[] f0 = eval.evaluate(new BitSet(m));
    if (f0 == null) {
      throw tooFew(budget, 0, m, eval, start);
    }
    int k = explained.length;
    double[][] phi = new double[k][m];
    long rows = 0;
    boolean exact = true;
    StopReason stop = StopReason.COMPLETED;
    if (m == 1) {
      for (int r = 0; r < k; r++) {
        phi[r][0] = fx[r] - f0[r];
      }
    } else {
      KernelShapPlan plan = KernelShapPlan.of(m, samplesFor(m), seed);
      exact = plan.exact;
      double[][] a = new double[m][m];
      double[][] c = new double[k][m];
      int total = plan.masks.size();
      for (int from = 0; from < total; from += batchSize()) {
        List<BitSet> chunk = plan.masks.subList(from, Math.min(total, from + batchSize()));
        double[][] ys = eval.evaluate(chunk);
        for (int i = 0; i < chunk.size() && ys[i] != null; i++) {
          accumulate(a, c, chunk.get(i), plan.weights.get(from + i), ys[i], f0);
          rows++;
        }
        progress.onProgress(new Progress(rows, total, Duration.ofNanos(now() - start)));
        if (eval.exhausted()) {
          stop = eval.stop();
          break;
        }
      }
      if (rows < total) {
        exact = false;
        if (rows < m) {
          throw tooFew(budget, rows, m, eval, start);
        }
      }
      for (int r = 0; r < k; r++) {
        phi[r] = solve(a, c[r], fx[r] - f0[r]);
      }
    }
    List<TargetExplanation> targets = new ArrayList<>();
    for (int r = 0; r < k; r++) {
      targets.add(target(space, explained[r], labels, original, phi[r],
          Map.of("baseValue", f0[r], "exact", exact ? 1.0 : 0.0)));
    }
    return new Explanation(method(), prediction, targets, new Diagnostics(rows, 1 + eval.forwardPasses(),
        Duration.ofNanos(now() - start), seed, stop, budget));
  }

  private BudgetExceededException tooFew(Budget budget, long rows, int m, MaskEvaluator<?> eval, long start) {
    Duration soFar = Duration.ofNanos(now() - start);
    return new BudgetExceededException(String.format(java.util.Locale.ROOT,
        "the budget (%s) ran out after %d coalitions (%d forward passes, %d ms); KernelSHAP over %d features needs "
            + "at least %d", budget, rows, 1 + eval.forwardPasses(), soFar.toMillis(), m, m),
        rows, m, 1 + eval.forwardPasses(), soFar);
  }

  /** Adds one weighted coalition: A += w·z·zᵀ, c += w·z·(y − f0) per explained output. */
  private static void accumulate(double[][] a, double[][] c, BitSet z, double w, double[] y, double[] f0) {
    for (int i = z.nextSetBit(0); i >= 0; i = z.nextSetBit(i + 1)) {
      for (int j = z.nextSetBit(0); j >= 0; j = z.nextSetBit(j + 1)) {
        a[i][j] += w;
      }
      for (int r = 0; r < c.length; r++) {
        c[r][i] += w * (y[r] - f0[r]);
      }
    }
  }

  /**
   * SHAP's constrained weighted least squares from the sums: with the last feature L eliminated
   * ({@code φ_L = Δ − Σ β}), solve (XᵀWX) β = XᵀW (y − z_L·Δ) for X = z_j − z_L.
   *
   * @param a the sums Σ w·z·zᵀ over the coalitions, M × M
   * @param c the sums Σ w·z·(y − f0) of one explained output, M long
   * @param delta f(x) − f(∅) of that output, which the values sum to
   * @return the M Shapley values; magnitudes below 1e-10 set to 0
   */
  static double[] solve(double[][] a, double[] c, double delta) {
    int m = a.length;
    int last = m - 1;
    double[][] xtx = new double[last][last];
    double[] xty = new double[last];
    for (int j = 0; j < last; j++) {
      for (int l = 0; l < last; l++) {
        xtx[j][l] = a[j][l] - a[j][last] - a[last][l] + a[last][last];
      }
      xty[j] = c[j] - delta * a[j][last] - c[last] + delta * a[last][last];
    }
    double[] phi = new double[m];
    if (last > 0) {
      // The pseudo-inverse: a singular system (SHAP warns and falls back to least squares) still
      // gets the minimum-norm solution.
      RealVector beta = new SingularValueDecomposition(new Array2DRowRealMatrix(xtx, false)).getSolver()
          .solve(new ArrayRealVector(xty, false));
      double sum = 0;
      for (int j = 0; j < last; j++) {
        phi[j] = beta.getEntry(j);
        sum += phi[j];
      }
      phi[last] = delta - sum;
    } else {
      phi[0] = delta;
    }
    for (int j = 0; j < m; j++) {
      if (Math.abs(phi[j]) < 1e-10) {
        phi[j] = 0;
      }
    }
    return phi;
  }

  /** Settings of a {@link KernelShap}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder extends PerturbationExplainer.Builder<Builder> {
    private long nsamples;

    private Builder() {
      super(true, 256);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Coalitions to evaluate (default 0: SHAP's {@code 2·M + 2048}, capped at {@code 2^M − 2}).
     *
     * @param nsamples the coalitions, not counting the empty and full ones; 0 for SHAP's default; capped at
     *     {@code 2^M − 2} for {@code M} features
     * @return this builder
     */
    public Builder optNumSamples(long nsamples) {
      this.nsamples = nsamples;
      return this;
    }

    /**
     * Checks the settings and builds the explainer.
     *
     * @return an immutable explainer with these settings
     * @throws IllegalArgumentException naming the setting, if one is out of range
     */
    public KernelShap build() {
      if (nsamples < 0) {
        throw new IllegalArgumentException("numSamples must be positive (or 0 for SHAP's 2·M + 2048), got "
            + nsamples);
      }
      validate();
      return new KernelShap(this);
    }
  }
}
