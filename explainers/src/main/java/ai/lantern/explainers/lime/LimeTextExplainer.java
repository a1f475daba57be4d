package ai.lantern.explainers.lime;

import ai.lantern.core.Classifier;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.Explainer;
import ai.lantern.core.Explanation;
import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Labels;
import ai.lantern.core.PerturbationSpace;
import ai.lantern.core.Perturber;
import ai.lantern.core.Prediction;
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
 *       renders to; the first 65,536 distinct masks are remembered across the whole call, later
 *       ones within their chunk); samples go to the model in chunks of {@code batchSize}, and the
 *       surrogate is fitted from running weighted sums, so memory does not grow with
 *       {@code numSamples}.
 *   <li>Subword features: with a {@link SubwordTextClassifier}, features can be the model's own
 *       tokens or whole words, perturbed as token ids.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class LimeTextExplainer implements Explainer<String, Explanation> {
  /** About 8 MiB of evaluated masks at most, whatever the number of samples. */
  static final int MAX_CACHED_MASKS = 1 << 16;

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
   */
  public Explanation explain(String text, long seed) {
    Objects.requireNonNull(text, "text");
    if (numpyCompatible && (seed < 0 || seed > 0xFFFFFFFFL)) {
      throw new IllegalArgumentException("numpy-compatible sampling needs a seed in 0..4294967295, got " + seed);
    }
    long start = System.nanoTime();
    if (features == Features.WORD) {
      return run(text, wordPerturber, classifier, seed, start);
    }
    SubwordTextClassifier sub = (SubwordTextClassifier) classifier;
    Classifier<TokenIds> onIds = new Classifier<>() {
      @Override
      public List<String> labels() {
        return sub.labels();
      }

      @Override
      public double[][] predictProbabilities(List<TokenIds> inputs) {
        return sub.predictTokenIds(inputs);
      }
    };
    return run(text, subwordPerturber, onIds, seed, start);
  }

  private <P> Explanation run(String text, Perturber<String, P> perturber, Classifier<P> model, long seed,
      long start) {
    PerturbationSpace<P> space = perturber.featurize(text);
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

    // Masks already evaluated, with their explained-label values. Capped so that memory stays
    // bounded however many samples are drawn; past the cap, repeats are still caught per chunk.
    Map<BitSet, double[]> seen = new HashMap<>();
    seen.put(all, pick(original, explained));
    Sampler sampler = Sampler.create(numpyCompatible, seed, d, numSamples);
    BitSet[] chunkMasks = new BitSet[batchSize];
    double[][] chunkY = new double[batchSize][];
    List<P> toRun = new ArrayList<>();
    Map<P, Integer> runIndex = new HashMap<>();
    Map<BitSet, Integer> pending = new HashMap<>();
    for (int done = 1; done < numSamples; ) {
      toRun.clear();
      runIndex.clear();
      pending.clear();
      int chunk = Math.min(batchSize, numSamples - done);
      for (int r = 0; r < chunk; r++) {
        int k = sampler.next(hidden);
        BitSet mask = (BitSet) all.clone();
        for (int i = 0; i < k; i++) {
          mask.clear(hidden[i]);
        }
        chunkMasks[r] = mask;
        chunkY[r] = seen.get(mask);
        if (chunkY[r] == null && !pending.containsKey(mask)) {
          // Two masks can render the same input (a repeated token hidden at either place).
          P input = space.render(mask);
          Integer at = runIndex.get(input);
          if (at == null) {
            at = toRun.size();
            runIndex.put(input, at);
            toRun.add(input);
          }
          pending.put(mask, at);
        }
      }
      double[][] probs = toRun.isEmpty() ? null : model.predictProbabilities(toRun);
      forwardPasses += toRun.size();
      for (int r = 0; r < chunk; r++) {
        BitSet mask = chunkMasks[r];
        if (chunkY[r] == null) {
          chunkY[r] = pick(probs[pending.get(mask)], explained);
          if (seen.size() < MAX_CACHED_MASKS) {
            seen.put(mask, chunkY[r]);
          }
        }
        int count = 0;
        for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
          on[count++] = i;
        }
        double distance = count == 0 ? 100.0 : 100.0 * (1.0 - Math.sqrt((double) count / d));
        stats.addBinary(on, count, chunkY[r], kernel.weight(distance));
      }
      done += chunk;
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
        new Diagnostics(numSamples, forwardPasses, elapsed, seed, false));
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
  public static final class Builder {
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

    private Builder() {}

    /** The model to explain (required): any text classifier, a plain function included. */
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

    /**
     * @throws IllegalArgumentException naming the setting, if one is missing or out of range
     */
    public LimeTextExplainer build() {
      if (classifier == null) {
        throw new IllegalArgumentException("setClassifier(...) is required");
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
      if (topLabels < 0) {
        throw new IllegalArgumentException("topLabels must be positive, got " + topLabels);
      }
      int ways = (labelNames != null ? 1 : 0) + (labelIndices != null ? 1 : 0) + (topLabels > 0 ? 1 : 0);
      if (ways > 1) {
        throw new IllegalArgumentException("choose the explained classes one way: labels, label indices or topLabels");
      }
      if (labelNames != null) {
        labelNames.forEach(l -> Labels.indexOf(classifier.labels(), l));
      }
      if (labelIndices != null) {
        Arrays.stream(labelIndices).forEach(i -> Labels.checkIndex(classifier.labels(), i));
      }
      if (topLabels > classifier.labels().size()) {
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
