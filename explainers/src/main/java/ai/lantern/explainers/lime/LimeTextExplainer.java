package ai.lantern.explainers.lime;

import ai.lantern.core.Budget;
import ai.lantern.explainers.BudgetedBuilder;
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
import ai.lantern.core.PerturbationSpace;
import ai.lantern.core.Perturber;
import ai.lantern.core.Prediction;
import ai.lantern.core.Progress;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.StopReason;
import ai.lantern.core.SubwordTextClassifier;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TextClassifier;
import ai.lantern.core.TokenIds;
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
 */
public final class LimeTextExplainer implements Explainer<String, Explanation> {
  /**
   * Evaluated masks remembered across chunks, least recently used dropped first: about 1 MiB
   * whatever the number of samples. The masks that repeat most (those hiding almost every
   * feature) stay in it.
   */
  static final int MAX_CACHED_MASKS = 4096;
  /** With a deadline, the first chunk is small: it measures the model's pace. */
  private static final int CALIBRATION_CHUNK = 16;
  /** With a deadline, the most samples per chunk. */
  private static final int DEADLINE_CHUNK = 32;

  /** What a feature is. */
  public enum Features {
    /** Python lime's words ({@code \W+} splitting), sent to the model as text. */
    WORD,
    /** The model's subword tokens, sent as token ids (needs a {@link SubwordTextClassifier}). */
    TOKEN,
    /** Words as the model's tokenizer cuts them, all pieces hidden together, sent as token ids. */
    WHOLE_WORD
  }

  private final TextClassifier classifier;
  private final Features features;
  private final WordPerturber wordPerturber;
  private final SubwordPerturber subwordPerturber;
  private final int numSamples;
  private final int numFeatures;
  private final FeatureSelection selection;
  private final Kernel kernel;
  private final List<String> labelNames;
  private final int[] labelIndices;
  private final int topLabels;
  private final long seed;
  private final boolean numpyCompatible;
  private final int batchSize;
  private final Budget budget;
  private final int minSamples;
  private final ProgressListener listener;
  private final int earlyTopK;
  private final int earlyPatience;

  private LimeTextExplainer(Builder b) {
    this.classifier = b.classifier;
    this.features = b.features;
    this.numSamples = b.numSamples;
    this.numFeatures = b.numFeatures;
    this.selection = b.selection;
    this.kernel = b.kernel != null ? b.kernel : Kernel.exponential(b.kernelWidth);
    this.labelNames = b.labelNames;
    this.labelIndices = b.labelIndices;
    this.topLabels = b.topLabels;
    this.seed = b.seed;
    this.numpyCompatible = b.numpyCompatible;
    this.batchSize = b.batchSize;
    this.budget = b.budget();
    this.minSamples = b.minSamples;
    this.listener = b.progressListener();
    this.earlyTopK = b.earlyTopK;
    this.earlyPatience = b.earlyPatience;
    if (features == Features.WORD) {
      this.wordPerturber = new WordPerturber(b.bow, b.bow ? b.maskString
          : b.maskString == null ? WordPerturber.DEFAULT_MASK : b.maskString);
      this.subwordPerturber = null;
    } else {
      SubwordTextClassifier sub = (SubwordTextClassifier) classifier;
      SubwordPerturber.Granularity g = features == Features.TOKEN
          ? SubwordPerturber.Granularity.TOKEN : SubwordPerturber.Granularity.WHOLE_WORD;
      this.subwordPerturber = new SubwordPerturber(sub, g,
          b.hiding != null ? b.hiding : SubwordPerturber.defaultHiding(sub, g));
      this.wordPerturber = null;
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Explains {@code text} with the builder's seed. */
  @Override
  public Explanation explain(String text) {
    return explain(text, seed);
  }

  /**
   * Explains {@code text} with its own seed.
   *
   * @throws IllegalArgumentException if the text is empty or has no feature, if an explained
   *     label does not exist, or (numpy-compatible mode) if the seed is outside 0..2³² − 1
   * @throws BudgetExceededException if the budget ran out before {@code minSamples} samples
   * @throws CancelledException if the thread was interrupted
   */
  public Explanation explain(String text, long seed) {
    return explain(text, seed, listener);
  }

  /** Explains {@code text} with its own seed, reporting progress to {@code progress}. */
  public Explanation explain(String text, long seed, ProgressListener progress) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(progress, "progress");
    checkSeed(seed);
    requireClassifier();
    long start = System.nanoTime();
    if (features == Features.WORD) {
      return run(wordPerturber.featurize(text), classifier, seed, start, progress);
    }
    return run(subwordPerturber.featurize(text), onTokenIds(), seed, start, progress);
  }

  /**
   * Explains {@code text} as {@code model} sees it (the builder's classifier is not used), with
   * this explainer's word features, sampling and surrogate: for a classifier built around a text,
   * such as a zero-shot classifier's candidate labels.
   *
   * @throws IllegalStateException if this explainer's features are not WORD (subword features
   *     belong to the builder's classifier's tokenizer)
   * @throws IllegalArgumentException as {@link #explain(String, long)}
   */
  public Explanation explain(String text, Classifier<String> model, long seed) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(model, "model");
    if (features != Features.WORD) {
      throw new IllegalStateException("explaining with another classifier needs WORD features; this explainer "
          + "has " + features);
    }
    checkSeed(seed);
    return run(wordPerturber.featurize(text), model, seed, System.nanoTime(), listener);
  }

  /**
   * Explains an input already cut into features (sentence pairs, the tokens around a token
   * classifier's target): LIME's sampling, kernel and surrogate over {@code space}, with
   * {@code model} called on the rendered samples. The builder's classifier and feature kind are
   * not used; its labels to explain are looked up in {@code model}'s labels.
   *
   * @throws IllegalArgumentException as {@link #explain(String, long)}
   */
  public <P> Explanation explain(PerturbationSpace<P> space, Classifier<P> model, long seed) {
    return explain(space, model, seed, budget);
  }

  /**
   * As {@link #explain(PerturbationSpace, Classifier, long)}, under {@code budget} instead of the
   * configured one (task explainers share one budget among several explanations).
   */
  public <P> Explanation explain(PerturbationSpace<P> space, Classifier<P> model, long seed, Budget budget) {
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(space, "space");
    Objects.requireNonNull(model, "model");
    checkSeed(seed);
    if (space.size() == 0) {
      throw new IllegalArgumentException("nothing to explain: the input has no features");
    }
    return run(space, model, seed, System.nanoTime(), listener, budget);
  }

  /** The configured budget (per explanation). */
  public Budget budget() {
    return budget;
  }

  private void checkSeed(long seed) {
    if (numpyCompatible && (seed < 0 || seed > 0xFFFFFFFFL)) {
      throw new IllegalArgumentException("numpy-compatible sampling needs a seed in 0..4294967295, got " + seed);
    }
  }

  private void requireClassifier() {
    if (classifier == null) {
      throw new IllegalStateException("this LIME explainer was built without a classifier (setClassifier): "
          + "give the classifier to explain(text, model, seed) or explain(space, model, seed)");
    }
  }

  /**
   * What explaining {@code text} would cost: the expected number of forward passes after
   * de-duplication (exact expectation for the sampling scheme, capped by the budget) and the
   * expected duration, from timing the model on 16 perturbed inputs of this text (after an
   * untimed warm-up call on 4).
   *
   * @throws IllegalArgumentException if the text cannot be explained
   */
  public CostEstimate estimate(String text) {
    Objects.requireNonNull(text, "text");
    requireClassifier();
    return features == Features.WORD ? estimate(text, wordPerturber, classifier)
        : estimate(text, subwordPerturber, onTokenIds());
  }

  private Classifier<TokenIds> onTokenIds() {
    SubwordTextClassifier sub = (SubwordTextClassifier) classifier;
    return new Classifier<>() {
      @Override
      public List<String> labels() {
        return sub.labels();
      }

      @Override
      public double[][] predictProbabilities(List<TokenIds> inputs) {
        return sub.predictTokenIds(inputs);
      }
    };
  }

  private <P> CostEstimate estimate(String text, Perturber<String, P> perturber, Classifier<P> model) {
    PerturbationSpace<P> space = perturber.featurize(text);
    int d = space.size();
    double passes = Math.min(numSamples, 1 + expectedDistinctMasks(d, numSamples - 1L));
    if (budget.maxForwardPasses() > 0) {
      passes = Math.min(passes, budget.maxForwardPasses());
    }
    Sampler sampler = Sampler.create(false, 0, d, numSamples);
    int[] hidden = new int[d];
    List<P> probe = new ArrayList<>();
    for (int i = 0; i < CALIBRATION_CHUNK; i++) {
      BitSet mask = new BitSet(d);
      mask.set(0, d);
      int k = sampler.next(hidden);
      for (int j = 0; j < k; j++) {
        mask.clear(hidden[j]);
      }
      probe.add(space.render(mask));
    }
    // An untimed call first: the first calls of a fresh process pay for JIT and allocator warm-up.
    model.predictProbabilities(probe.subList(0, 4));
    long t0 = System.nanoTime();
    model.predictProbabilities(probe);
    double perInput = (System.nanoTime() - t0) / (double) probe.size();
    Duration expected = Duration.ofNanos((long) (passes * perInput));
    if (budget.deadline() != null && expected.compareTo(budget.deadline()) > 0) {
      expected = budget.deadline();
    }
    return new CostEstimate(passes, expected, String.format(java.util.Locale.ROOT,
        "%d features, %d samples: %.0f distinct inputs expected; %.3f ms per input (%d-input calibration)%s",
        d, numSamples, passes, perInput / 1e6, probe.size(), budget.isUnlimited() ? "" : "; budget: " + budget));
  }

  /**
   * Expected number of distinct masks among {@code draws} rows: k hidden features with
   * probability 1/d, then one of C(d, k) subsets, so a given mask has probability 1/(d·C(d, k)).
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

  private <P> Explanation run(PerturbationSpace<P> space, Classifier<P> model, long seed, long start,
      ProgressListener progress) {
    return run(space, model, seed, start, progress, budget);
  }

  private <P> Explanation run(PerturbationSpace<P> space, Classifier<P> model, long seed, long start,
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
    BitSet[] chunkMasks = new BitSet[batchSize];
    double[][] chunkY = new double[batchSize][];
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
      int chunk = Math.min(batchSize, numSamples - done);
      if (budget.deadline() != null) {
        long remaining = deadline - System.nanoTime();
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
        long t0 = System.nanoTime();
        probs = model.predictProbabilities(toRun);
        modelNanos += System.nanoTime() - t0;
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
      progress.onProgress(new Progress(done, numSamples, Duration.ofNanos(System.nanoTime() - start)));
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
    Duration soFar = Duration.ofNanos(System.nanoTime() - start);
    if ((stop == StopReason.DEADLINE || stop == StopReason.FORWARD_PASS_LIMIT) && done < minSamples) {
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
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
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

  private static double[] pick(double[] row, int[] columns) {
    double[] out = new double[columns.length];
    for (int i = 0; i < columns.length; i++) {
      out[i] = row[columns[i]];
    }
    return out;
  }

  private int[] explainedLabels(List<String> labels, double[] probabilities, int predicted) {
    if (labelNames != null) {
      return labelNames.stream().mapToInt(l -> Labels.indexOf(labels, l)).toArray();
    }
    if (labelIndices != null) {
      for (int i : labelIndices) {
        Labels.checkIndex(labels, i);
      }
      return labelIndices.clone();
    }
    if (topLabels > 0) {
      Integer[] order = new Integer[labels.size()];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, Comparator.comparingDouble(i -> -probabilities[i]));
      return Arrays.stream(order).limit(topLabels).mapToInt(Integer::intValue).toArray();
    }
    return new int[] {predicted};
  }

  /** Settings of a {@link LimeTextExplainer}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder extends BudgetedBuilder<Builder> {
    private TextClassifier classifier;
    private Features features = Features.WORD;
    private boolean bow = true;
    private String maskString;
    private SubwordPerturber.Hiding hiding;
    private int numSamples = 5000;
    private int numFeatures = 10;
    private FeatureSelection selection = FeatureSelection.AUTO;
    private double kernelWidth = 25;
    private Kernel kernel;
    private List<String> labelNames;
    private int[] labelIndices;
    private int topLabels;
    private long seed;
    private boolean numpyCompatible;
    private int batchSize = 256;
    private int minSamples = 50;
    private int earlyTopK;
    private int earlyPatience;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The model to explain (required for {@link LimeTextExplainer#explain(String)} and for
     * subword features): any text classifier, a plain function included.
     */
    public Builder setClassifier(TextClassifier classifier) {
      this.classifier = classifier;
      return this;
    }

    /** Word features (default), model tokens, or whole words from the model's tokenizer. */
    public Builder optFeatures(Features features) {
      this.features = features;
      return this;
    }

    /** Word features: one feature per distinct word (default) or per occurrence. */
    public Builder optBow(boolean bow) {
      this.bow = bow;
      return this;
    }

    /** Word features: what replaces a hidden word; default: removed (bow), {@code UNKWORDZ} (not bow). */
    public Builder optMaskString(String maskString) {
      this.maskString = maskString;
      return this;
    }

    /** Token features: how hidden tokens are hidden (default: mask for tokens, removal for whole words). */
    public Builder optHiding(SubwordPerturber.Hiding hiding) {
      this.hiding = hiding;
      return this;
    }

    /** Samples including the original text (default 5000, at least 2). */
    public Builder optNumSamples(int numSamples) {
      this.numSamples = numSamples;
      return this;
    }

    /** Features in each explanation (default 10). */
    public Builder optNumFeatures(int numFeatures) {
      this.numFeatures = numFeatures;
      return this;
    }

    public Builder optFeatureSelection(FeatureSelection selection) {
      this.selection = selection;
      return this;
    }

    /** Width of lime's exponential kernel (default 25). */
    public Builder optKernelWidth(double kernelWidth) {
      this.kernelWidth = kernelWidth;
      return this;
    }

    /** Any kernel, instead of the exponential one. */
    public Builder optKernel(Kernel kernel) {
      this.kernel = kernel;
      return this;
    }

    /** Explain these classes, by name (default: the predicted class). */
    public Builder optLabels(String... labels) {
      this.labelNames = List.of(labels);
      return this;
    }

    /** Explain these classes, by index. */
    public Builder optLabelIndices(int... indices) {
      this.labelIndices = indices.clone();
      return this;
    }

    /** Explain the {@code k} most probable classes. */
    public Builder optTopLabels(int k) {
      this.topLabels = k;
      return this;
    }

    /** Seed of {@link #explain(String)} (default 0); {@link #explain(String, long)} takes its own. */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Draw exactly the samples Python lime draws with {@code numpy.random.RandomState(seed)}. */
    public Builder optNumpyCompatible(boolean numpyCompatible) {
      this.numpyCompatible = numpyCompatible;
      return this;
    }

    /** Most perturbed samples sent to the classifier in one call (default 256); bounds memory. */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /** Fewest samples (the original included) a budget-cut explanation may be fitted on (default 50). */
    public Builder optMinSamples(int minSamples) {
      this.minSamples = minSamples;
      return this;
    }

    /**
     * Opt-in early stopping: stop drawing when the {@code topK} strongest features of every
     * explained label, with their signs, have not changed for {@code patience} consecutive chunks.
     */
    public Builder optEarlyStopping(int topK, int patience) {
      this.earlyTopK = topK;
      this.earlyPatience = patience;
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the setting, if one is missing or out of range
     */
    public LimeTextExplainer build() {
      if (classifier == null && features != Features.WORD) {
        throw new IllegalArgumentException("setClassifier(...) is required for " + features + " features");
      }
      Objects.requireNonNull(features, "features");
      Objects.requireNonNull(selection, "featureSelection");
      if (numSamples < 2) {
        throw new IllegalArgumentException("numSamples must be at least 2 (the original text and one perturbation), got "
            + numSamples);
      }
      if (numFeatures < 1) {
        throw new IllegalArgumentException("numFeatures must be at least 1, got " + numFeatures);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
      }
      if (minSamples < 2) {
        throw new IllegalArgumentException("minSamples must be at least 2, got " + minSamples);
      }
      if (earlyTopK < 0 || earlyPatience < 0 || (earlyTopK > 0) != (earlyPatience > 0)) {
        throw new IllegalArgumentException("early stopping needs topK >= 1 and patience >= 1, got " + earlyTopK
            + " and " + earlyPatience);
      }
      if (topLabels < 0) {
        throw new IllegalArgumentException("topLabels must be positive, got " + topLabels);
      }
      int ways = (labelNames != null ? 1 : 0) + (labelIndices != null ? 1 : 0) + (topLabels > 0 ? 1 : 0);
      if (ways > 1) {
        throw new IllegalArgumentException("choose the explained classes one way: labels, label indices or topLabels");
      }
      if (labelNames != null) {
        if (classifier != null) {
          labelNames.forEach(l -> Labels.indexOf(classifier.labels(), l));
        }
        if (labelNames.stream().distinct().count() != labelNames.size()) {
          throw new IllegalArgumentException("labels to explain must be distinct, got " + labelNames);
        }
      }
      if (labelIndices != null) {
        if (classifier != null) {
          Arrays.stream(labelIndices).forEach(i -> Labels.checkIndex(classifier.labels(), i));
        }
        if (Arrays.stream(labelIndices).distinct().count() != labelIndices.length) {
          throw new IllegalArgumentException("label indices to explain must be distinct, got "
              + Arrays.toString(labelIndices));
        }
      }
      if (classifier != null && topLabels > classifier.labels().size()) {
        throw new IllegalArgumentException("topLabels " + topLabels + " exceeds the " + classifier.labels().size()
            + " labels " + classifier.labels());
      }
      if (features != Features.WORD && !(classifier instanceof SubwordTextClassifier)) {
        throw new IllegalArgumentException(features + " features need a classifier that exposes its tokenizer "
            + "(SubwordTextClassifier, e.g. PyTorchTextClassifier); this one only takes text: use WORD");
      }
      if (!bow && features == Features.WORD && maskString != null && maskString.isEmpty()) {
        throw new IllegalArgumentException("maskString must not be empty for per-occurrence features");
      }
      return new LimeTextExplainer(this);
    }
  }
}
