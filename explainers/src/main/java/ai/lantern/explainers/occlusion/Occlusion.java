package ai.lantern.explainers.occlusion;

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

/**
 * Occlusion (Zeiler and Fergus, 2014), Captum's {@code Occlusion} over a text's features: a window
 * of {@code window} consecutive features is hidden at offsets {@code 0, stride, 2·stride, …} (the
 * last window cut at the end, as Captum's), and each feature scores the mean, over the windows
 * that cover it, of f(x) − f(x with the window hidden). With the default window of 1 this is
 * leave-one-out: {@code n + 1} forward passes for {@code n} features, and a feature the model does
 * not depend on scores exactly 0.
 *
 * <pre>{@code
 * Occlusion occlusion = Occlusion.builder().setClassifier(model).build();
 * Explanation e = occlusion.explain("a gripping, beautifully acted film");
 * }</pre>
 *
 * <p>Deterministic (no seed). Quality measure: {@code windows}.
 */
public final class Occlusion extends PerturbationExplainer {
  private final int window;
  private final int stride;

  private Occlusion(Builder b) {
    super(b);
    this.window = b.window;
    this.stride = b.stride;
  }

  /**
   * A builder with Captum's defaults: window 1, stride 1 (leave-one-out), per-occurrence word features.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String method() {
    return "occlusion";
  }

  /**
   * Windows over {@code n} features: Captum's {@code ceil((n − w) / s) + 1}, the window cut to n.
   *
   * @param n the number of features, at least 1
   * @return the windows a full run evaluates, one forward pass each; {@code n} with the defaults
   */
  public int windows(int n) {
    int w = Math.min(window, n);
    return (n - w + stride - 1) / stride + 1;
  }

  @Override
  protected double plannedForwardPasses(int d) {
    return 1 + windows(d);
  }

  @Override
  protected <P> Explanation run(PerturbationSpace<P> space, Classifier<P> model, long seed, long start,
      ProgressListener progress, Budget budget) {
    int n = space.size();
    int w = Math.min(window, n);
    BitSet all = new BitSet(n);
    all.set(0, n);
    List<String> labels = model.labels();
    double[] original = model.predictProbabilities(List.of(space.render(all)))[0];
    Prediction prediction = Prediction.of(labels, original);
    int[] explained = explainedLabels(labels, original, prediction.index());
    int k = explained.length;
    double[] fx = pick(original, explained);
    MaskEvaluator<P> eval = new MaskEvaluator<>(space, model, explained, budget, start, "the occlusion explanation",
        ticker(), stopSignal());
    int count = windows(n);
    double[][] sums = new double[k][n];
    int[] covered = new int[n];
    int done = 0;
    StopReason stop = StopReason.COMPLETED;
    for (int from = 0; from < count; from += batchSize()) {
      List<BitSet> masks = new ArrayList<>();
      for (int j = from; j < Math.min(count, from + batchSize()); j++) {
        BitSet mask = (BitSet) all.clone();
        mask.clear(j * stride, Math.min(n, j * stride + w));
        masks.add(mask);
      }
      double[][] ys = eval.evaluate(masks);
      for (int i = 0; i < masks.size() && ys[i] != null; i++) {
        int offset = (from + i) * stride;
        for (int f = offset; f < Math.min(n, offset + w); f++) {
          covered[f]++;
          for (int r = 0; r < k; r++) {
            sums[r][f] += fx[r] - ys[i][r];
          }
        }
        done++;
      }
      progress.onProgress(new Progress(done, count, Duration.ofNanos(now() - start)));
      if (eval.exhausted()) {
        stop = eval.stop();
        break;
      }
    }
    if (done < count && stop == StopReason.COMPLETED) {
      stop = eval.stop();
    }
    if (done == 0) {
      Duration soFar = Duration.ofNanos(now() - start);
      throw new BudgetExceededException("the budget (" + budget + ") ran out before any window was evaluated", 0,
          count, 1, soFar);
    }
    List<TargetExplanation> targets = new ArrayList<>();
    for (int r = 0; r < k; r++) {
      double[] scores = new double[n];
      for (int f = 0; f < n; f++) {
        // A feature no evaluated window reached (budget) has no evidence: 0.
        scores[f] = covered[f] == 0 ? 0 : sums[r][f] / covered[f];
      }
      targets.add(target(space, explained[r], labels, original, scores, Map.of("windows", (double) done)));
    }
    return new Explanation(method(), prediction, targets, new Diagnostics(done, 1 + eval.forwardPasses(),
        Duration.ofNanos(now() - start), null, stop, budget));
  }

  /** Settings of an {@link Occlusion}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder extends PerturbationExplainer.Builder<Builder> {
    private int window = 1;
    private int stride = 1;

    private Builder() {
      super(true, 64);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Consecutive features hidden together (default 1: leave-one-out).
     *
     * @param window at least 1; cut to the number of features of a shorter input
     * @return this builder
     */
    public Builder optWindow(int window) {
      this.window = window;
      return this;
    }

    /**
     * Features between the starts of two windows (default 1; at most the window).
     *
     * @param stride 1 to the window, so that every feature is covered
     * @return this builder
     */
    public Builder optStride(int stride) {
      this.stride = stride;
      return this;
    }

    /**
     * Checks the settings and builds the explainer.
     *
     * @return an immutable explainer with these settings
     * @throws IllegalArgumentException naming the setting, if one is out of range
     */
    public Occlusion build() {
      if (window < 1) {
        throw new IllegalArgumentException("window must be at least 1, got " + window);
      }
      if (stride < 1 || stride > window) {
        throw new IllegalArgumentException("stride must lie in 1..window (" + window + "), got " + stride);
      }
      validate();
      return new Occlusion(this);
    }
  }
}
