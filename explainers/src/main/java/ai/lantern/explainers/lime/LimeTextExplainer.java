package ai.lantern.explainers.lime;

import ai.lantern.core.Budget;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.CancelledException;
import ai.lantern.core.Classifier;
import ai.lantern.core.CostEstimate;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.Explainer;
import ai.lantern.core.Explanation;
import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Labels;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.spi.Perturber;
import ai.lantern.core.Prediction;
import ai.lantern.core.Progress;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.StopReason;
import ai.lantern.core.SubwordTextClassifier;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TextClassifier;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.explainers.text.SubwordPerturber;
import ai.lantern.explainers.text.WordPerturber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * LIME for text (Ribeiro, Singh and Guestrin, 2016): hide random subsets of the text's features,
 * ask the model about each perturbed text, and fit a weighted linear surrogate whose coefficients
 * say how much each feature pushes each explained class. Defaults, kernel, sampling and
 * surrogate are Python lime 0.2.0.1's.
 *
 * <pre>{@code
 * LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(model).optNumSamples(5000).build();
 * Explanation e = lime.explain("I love you, I like you");
 * }</pre>
 *
 * <p>What it does beyond lime:
 * <ul>
 *   <li>Reproducible: the seed belongs to the call ({@link #explain(String, long)}); the same seed
 *       gives the same explanation on any thread, in any order of calls. With
 *       {@link Builder#optNumpyCompatible(boolean)} the samples are exactly those Python lime draws
 *       for the same integer seed.
 *   <li>Cheaper: a perturbation drawn twice is evaluated once (by mask, and by the input it
 *       renders to; 4,096 recently evaluated masks are remembered across chunks, every mask
 *       within its chunk); samples go to the model in chunks of {@code batchSize}, and the
 *       surrogate is fitted from running weighted sums, so memory does not grow with
 *       {@code numSamples}.
 *   <li>Bounded: a {@link Budget} (deadline, forward passes) returns the explanation fitted on
 *       the samples drawn so far, marked partial, or throws {@link BudgetExceededException} below
 *       {@code minSamples}; an interrupted thread stops at the next chunk with
 *       {@link CancelledException}; a {@link ProgressListener} hears after every chunk;
 *       {@link #estimate(String)} predicts the cost before running.
 *   <li>Subword features: with a {@link SubwordTextClassifier}, features can be the model's own
 *       tokens or whole words, perturbed as token ids.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Why one class of this size: the sampling loop (cache, chunk pacing under a deadline, limits,
 * early stopping, the surrogate fit) is one algorithm with one state; its statistics
 * ({@code SampleStatistics}), fits ({@code WeightedProblem}, {@code LassoPath}) and draws
 * ({@code Sampler}) are classes of their own, and the text-facing part is
 * {@link ai.lantern.explainers.PerturbationExplainer}'s.
 */
public final class LimeTextExplainer extends PerturbationExplainer {
  /**
   * Evaluated masks remembered across chunks, least recently used dropped first: about 1 MiB
   * whatever the number of samples. The masks that repeat most (those hiding almost every
   * feature) stay in it.
   */
  static final int MAX_CACHED_MASKS = 4096;
  /** With a deadline, the most samples per chunk. */
  private static final int DEADLINE_CHUNK = 32;

  private final int numSamples;
  private final int numFeatures;
  private final FeatureSelection selection;
  private final Kernel kernel;
  private final boolean numpyCompatible;
  private final int minSamples;
  private final int earlyTopK;
  private final int earlyPatience;

  private LimeTextExplainer(Builder b) {
    super(b);
    this.numSamples = b.numSamples;
    this.numFeatures = b.numFeatures;
    this.selection = b.selection;
    this.kernel = b.kernel != null ? b.kernel : Kernel.exponential(b.kernelWidth);
    this.numpyCompatible = b.numpyCompatible;
    this.minSamples = b.minSamples;
    this.earlyTopK = b.earlyTopK;
    this.earlyPatience = b.earlyPatience;
  }

  /**
   * A builder with Python lime's defaults (5000 samples, 10 features, bag of words, kernel width 25).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String method() {
    return "lime";
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException also, in numpy-compatible mode, if the seed is outside
   *     0..2³² − 1
   */
  @Override
  public Explanation explain(String text, long seed) {
    return super.explain(text, seed);
  }

  @Override
  protected void checkSeed(long seed) {
    if (numpyCompatible && (seed < 0 || seed > 0xFFFFFFFFL)) {
      throw new IllegalArgumentException("numpy-compatible sampling needs a seed in 0..4294967295, got " + seed);
    }
  }

  /** The expected distinct masks among {@code numSamples} draws over {@code d} features. */
  @Override
  protected double plannedForwardPasses(int d) {
    return Math.min(numSamples, 1 + expectedDistinctMasks(d, numSamples - 1L));
  }

  /**
   * Expected number of distinct masks among {@code draws} rows: k hidden features with
   * probability 1/d, then one of C(d, k) subsets, so a given mask has probability 1/(d·C(d, k)).
   *
   * @param d the number of features, at least 1
   * @param draws the perturbed rows drawn, at least 0
   * @return the expected distinct masks, at most {@code draws}
   */
  static double expectedDistinctMasks(int d, long draws) {
    double total = 0;
    double logC = 0; // log C(d, k)
    for (int k = 1; k <= d; k++) {
      logC += Math.log((double) (d - k + 1) / k);
      double logP = -Math.log(d) - logC;
      double count = Math.exp(logC);
      // count × P(a given mask of this size is drawn at least once)
      double seen = -Math.expm1(draws * Math.log1p(-Math.exp(logP)));
      total += Double.isInfinite(count) ? draws / (double) d : count * seen;
    }
    return Math.min(total, draws);
  }

  @Override
  protected <P> Explanation run(PerturbationSpace<P> space, Classifier<P> model, long seed, long start,
      ProgressListener progress, Budget budget) {
    int d = space.size();
    BitSet all = new BitSet(d);
    all.set(0, d);
    double[] original = model.predictProbabilities(List.of(space.render(all)))[0];
    long forwardPasses = 1;
    List<String> labels = model.labels();
    Prediction prediction = Prediction.of(labels, original);
    int[] explained = explainedLabels(labels, original, prediction.index());

    SampleStatistics stats = new SampleStatistics(d, explained.length);
    int[] on = new int[d];
    int[] hidden = new int[d];
    for (int i = 0; i < d; i++) {
      on[i] = i;
    }
    stats.addBinary(on, d, pick(original, explained), kernel.weight(0));

    Map<BitSet, double[]> seen = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<BitSet, double[]> eldest) {
        return size() > MAX_CACHED_MASKS;
      }
    };
    seen.put(all, pick(original, explained));
    Sampler sampler = Sampler.create(numpyCompatible, seed, d, numSamples);
    BitSet[] chunkMasks = new BitSet[batchSize()];
    double[][] chunkY = new double[batchSize()][];
    List<P> toRun = new ArrayList<>();
    Map<P, Integer> runIndex = new HashMap<>();
    Map<BitSet, Integer> pending = new HashMap<>();
    long deadline = budget.deadline() == null ? Long.MAX_VALUE : start + budget.deadline().toNanos();
    long modelNanos = 0;
    long modelInputs = 0;
    StopReason stop = StopReason.COMPLETED;
    List<String> lastTop = null;
    int stable = 0;
    int done = 1;
    while (done < numSamples) {
      CancelledException.checkInterrupted("the LIME explanation");
      int chunk = Math.min(batchSize(), numSamples - done);
      if (stopRequested()) {
        stop = StopReason.STOPPED;
        break;
      }
      if (budget.deadline() != null) {
        long remaining = deadline - now();
        if (remaining <= 0) {
          stop = StopReason.DEADLINE;
          break;
        }
        // Plan each chunk to take at most half of what is left, and keep chunks small: the pace
        // of a shared machine varies several-fold from one chunk to the next.
        chunk = modelInputs == 0 ? Math.min(chunk, CALIBRATION_CHUNK) : (int) Math.max(1, Math.min(
            Math.min(chunk, DEADLINE_CHUNK), remaining / 2 / (modelNanos / (double) modelInputs)));
      }
      long passesLeft = budget.maxForwardPasses() == 0 ? Long.MAX_VALUE : budget.maxForwardPasses() - forwardPasses;
      toRun.clear();
      runIndex.clear();
      pending.clear();
      int rows = 0;
      for (; rows < chunk; rows++) {
        int k = sampler.next(hidden);
        BitSet mask = (BitSet) all.clone();
        for (int i = 0; i < k; i++) {
          mask.clear(hidden[i]);
        }
        double[] known = seen.get(mask);
        if (known == null && !pending.containsKey(mask)) {
          // Two masks can render the same input (a repeated token hidden at either place).
          P input = space.render(mask);
          Integer at = runIndex.get(input);
          if (at == null) {
            if (toRun.size() >= passesLeft) {
              stop = StopReason.FORWARD_PASS_LIMIT;
              break;
            }
            at = toRun.size();
            runIndex.put(input, at);
            toRun.add(input);
          }
          pending.put(mask, at);
        }
        chunkMasks[rows] = mask;
        chunkY[rows] = known;
      }
      double[][] probs = null;
      if (!toRun.isEmpty()) {
        long t0 = now();
        probs = model.predictProbabilities(toRun);
        modelNanos += now() - t0;
        modelInputs += toRun.size();
        forwardPasses += toRun.size();
      }
      for (int r = 0; r < rows; r++) {
        BitSet mask = chunkMasks[r];
        if (chunkY[r] == null) {
          chunkY[r] = pick(probs[pending.get(mask)], explained);
          seen.put(mask, chunkY[r]);
        }
        int count = 0;
        for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
          on[count++] = i;
        }
        double distance = count == 0 ? 100.0 : 100.0 * (1.0 - Math.sqrt((double) count / d));
        stats.addBinary(on, count, chunkY[r], kernel.weight(distance));
      }
      done += rows;
      progress.onProgress(new Progress(done, numSamples, Duration.ofNanos(now() - start)));
      if (stop != StopReason.COMPLETED) {
        break;
      }
      if (earlyTopK > 0 && done < numSamples) {
        List<String> top = topFeatures(stats, explained.length, earlyTopK);
        stable = top.equals(lastTop) ? stable + 1 : 0;
        lastTop = top;
        if (stable >= earlyPatience) {
          stop = StopReason.CONVERGED;
          break;
        }
      }
    }
    Duration soFar = Duration.ofNanos(now() - start);
    if ((stop == StopReason.DEADLINE || stop == StopReason.FORWARD_PASS_LIMIT || stop == StopReason.STOPPED)
        && done < minSamples) {
      throw new BudgetExceededException(String.format(java.util.Locale.ROOT,
          "the budget (%s) ran out after %d of %d samples (%d forward passes, %d ms); an explanation needs at "
              + "least %d (minSamples)", budget, done, numSamples, forwardPasses, soFar.toMillis(), minSamples),
          done, numSamples, forwardPasses, soFar);
    }

    List<TargetExplanation> targets = new ArrayList<>();
    for (int r = 0; r < explained.length; r++) {
      WeightedProblem problem = stats.centred(r);
      int[] selected = selection.select(problem, numFeatures);
      WeightedProblem.Fit fit = problem.ridge(selected, 1.0);
      targets.add(target(space.features(), explained[r], labels, original, fit));
    }
    Duration elapsed = Duration.ofNanos(now() - start);
    return new Explanation("lime", prediction, targets,
        new Diagnostics(done, forwardPasses, elapsed, seed, stop, budget));
  }

  /** The {@code k} strongest features of every explained label, with their signs, as they stand. */
  private List<String> topFeatures(SampleStatistics stats, int labels, int k) {
    List<String> top = new ArrayList<>();
    for (int r = 0; r < labels; r++) {
      WeightedProblem problem = stats.centred(r);
      WeightedProblem.Fit fit = problem.ridge(selection.select(problem, numFeatures), 1.0);
      int[] f = fit.features();
      double[] c = fit.coefficients();
      Integer[] order = new Integer[f.length];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.comparingDouble(i -> -Math.abs(c[i])));
      for (int i = 0; i < Math.min(k, f.length); i++) {
        top.add(r + ":" + f[order[i]] + (c[order[i]] >= 0 ? "+" : "-"));
      }
    }
    return top;
  }

  private static TargetExplanation target(List<Feature> features, int label, List<String> labels, double[] original,
      WeightedProblem.Fit fit) {
    int[] order = fit.features();
    Integer[] byInput = new Integer[order.length];
    Arrays.setAll(byInput, i -> i);
    Arrays.sort(byInput, Comparator.comparingInt(i -> order[i]));
    List<FeatureAttribution> attributions = new ArrayList<>();
    for (int i : byInput) {
      attributions.add(new FeatureAttribution(features.get(order[i]), fit.coefficients()[i]));
    }
    return new TargetExplanation(label, labels.get(label), original[label], attributions,
        Map.of("intercept", fit.intercept(), "score", fit.score(), "localPrediction", fit.localPrediction()));
  }

  /** Settings of a {@link LimeTextExplainer}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder extends PerturbationExplainer.Builder<Builder> {
    private int numSamples = 5000;
    private int numFeatures = 10;
    private FeatureSelection selection = FeatureSelection.AUTO;
    private double kernelWidth = 25;
    private Kernel kernel;
    private boolean numpyCompatible;
    private int minSamples = 50;
    private int earlyTopK;
    private int earlyPatience;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Samples including the original text (default 5000, at least 2).
     *
     * @param numSamples the samples drawn, the original text included; fewer when the budget or early stopping
     *     cut the run
     * @return this builder
     */
    public Builder optNumSamples(int numSamples) {
      this.numSamples = numSamples;
      return this;
    }

    /**
     * Features in each explanation (default 10).
     *
     * @param numFeatures the most features the surrogate keeps per explained class, at least 1
     * @return this builder
     */
    public Builder optNumFeatures(int numFeatures) {
      this.numFeatures = numFeatures;
      return this;
    }

    /**
     * How the surrogate's features are chosen (default {@link FeatureSelection#AUTO}, as lime).
     *
     * @param selection the selection method, not {@code null}
     * @return this builder
     */
    public Builder optFeatureSelection(FeatureSelection selection) {
      this.selection = selection;
      return this;
    }

    /**
     * Width of lime's exponential kernel (default 25).
     *
     * @param kernelWidth positive and finite, in units of lime's text distance (0..100); unused with
     *     {@link #optKernel(Kernel)}
     * @return this builder
     */
    public Builder optKernelWidth(double kernelWidth) {
      this.kernelWidth = kernelWidth;
      return this;
    }

    /**
     * Any kernel, instead of the exponential one.
     *
     * @param kernel the kernel, or {@code null} for the exponential one of {@link #optKernelWidth(double)}
     * @return this builder
     */
    public Builder optKernel(Kernel kernel) {
      this.kernel = kernel;
      return this;
    }

    /**
     * Draw exactly the samples Python lime draws with {@code numpy.random.RandomState(seed)} (default false).
     *
     * @param numpyCompatible true to draw with {@link NumpyRandomState}; seeds must then lie in 0..2³² − 1
     * @return this builder
     */
    public Builder optNumpyCompatible(boolean numpyCompatible) {
      this.numpyCompatible = numpyCompatible;
      return this;
    }

    /**
     * Fewest samples (the original included) a budget-cut explanation may be fitted on (default 50).
     *
     * @param minSamples at least 2; below it a budget-cut run throws {@link BudgetExceededException}
     * @return this builder
     */
    public Builder optMinSamples(int minSamples) {
      this.minSamples = minSamples;
      return this;
    }

    /**
     * Opt-in early stopping: stop drawing when the {@code topK} strongest features of every
     * explained label, with their signs, have not changed for {@code patience} consecutive chunks.
     *
     * @param topK the strongest features watched per explained label, at least 1; 0 with {@code patience} 0
     *     turns early stopping off (default)
     * @param patience the consecutive unchanged chunks that stop the run, at least 1; 0 with {@code topK} 0
     * @return this builder
     */
    public Builder optEarlyStopping(int topK, int patience) {
      this.earlyTopK = topK;
      this.earlyPatience = patience;
      return this;
    }

    /**
     * Checks the settings and builds the explainer.
     *
     * @return an immutable explainer with these settings
     * @throws IllegalArgumentException naming the setting, if one is missing or out of range
     */
    public LimeTextExplainer build() {
      Objects.requireNonNull(selection, "featureSelection");
      if (numSamples < 2) {
        throw new IllegalArgumentException("numSamples must be at least 2 (the original text and one perturbation), got "
            + numSamples);
      }
      if (numFeatures < 1) {
        throw new IllegalArgumentException("numFeatures must be at least 1, got " + numFeatures);
      }
      if (minSamples < 2) {
        throw new IllegalArgumentException("minSamples must be at least 2, got " + minSamples);
      }
      if (earlyTopK < 0 || earlyPatience < 0 || (earlyTopK > 0) != (earlyPatience > 0)) {
        throw new IllegalArgumentException("early stopping needs topK >= 1 and patience >= 1, got " + earlyTopK
            + " and " + earlyPatience);
      }
      validate();
      return new LimeTextExplainer(this);
    }
  }
}
