package ai.lantern.explainers;

import ai.lantern.core.Budget;
import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.CancelledException;
import ai.lantern.core.Classifier;
import ai.lantern.core.CostEstimate;
import ai.lantern.core.Explainer;
import ai.lantern.core.Explanation;
import ai.lantern.core.Labels;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.spi.Perturber;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.SubwordTextClassifier;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TextClassifier;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.explainers.faithfulness.Faithfulness;
import ai.lantern.explainers.text.SubwordPerturber;
import ai.lantern.explainers.text.WordPerturber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The family of black-box methods that ask the model about perturbed copies of an input (LIME,
 * KernelSHAP, Partition SHAP, occlusion): the features of a text, the classes to explain, budgets,
 * progress and the faithfulness measures are the same for all; a subclass decides which subsets
 * of the features to evaluate and how to turn the answers into scores.
 *
 * <p>Every method explains an input already cut into features the same way
 * ({@link #explain(PerturbationSpace, Classifier, long, Budget)}), which is how the task
 * explainers (pairs, zero-shot, token classification) accept any of them.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>Why one class of this size: about half of it is the shared {@link Builder}, which every
 * method's builder extends, so that a setting is declared, documented and validated once for
 * LIME, KernelSHAP, Partition SHAP and occlusion alike.
 */
public abstract class PerturbationExplainer implements Explainer<String, Explanation> {

  /** What a feature is. */
  public enum Features {
    /** Python lime's words ({@code \W+} splitting), sent to the model as text. */
    WORD,
    /** The model's subword tokens, sent as token ids (needs a {@link SubwordTextClassifier}). */
    TOKEN,
    /** Words as the model's tokenizer cuts them, all pieces hidden together, sent as token ids. */
    WHOLE_WORD
  }

  /** With a deadline, the first chunk is small: it measures the model's pace. */
  protected static final int CALIBRATION_CHUNK = 16;

  private final TextClassifier classifier;
  private final Features features;
  private final WordPerturber wordPerturber;
  private final SubwordPerturber subwordPerturber;
  private final List<String> labelNames;
  private final int[] labelIndices;
  private final int topLabels;
  private final long seed;
  private final Budget budget;
  private final ProgressListener listener;
  private final boolean faithfulness;
  private final ai.lantern.core.Ticker ticker;
  private final java.util.function.BooleanSupplier stopSignal;
  private final int batchSize;

  /**
   * Reads the shared settings of a validated builder.
   *
   * @param b the method's builder, after {@link Builder#validate()}; its settings are copied
   */
  protected PerturbationExplainer(Builder<?> b) {
    this.classifier = b.classifier;
    this.features = b.features;
    this.labelNames = b.labelNames;
    this.labelIndices = b.labelIndices;
    this.topLabels = b.topLabels;
    this.seed = b.seed;
    this.budget = b.budget();
    this.listener = b.progressListener();
    this.faithfulness = b.faithfulness;
    this.ticker = b.ticker();
    this.stopSignal = b.stopSignal();
    this.batchSize = b.batchSize;
    if (features == Features.WORD) {
      this.wordPerturber = new WordPerturber(b.bow, b.bow ? b.maskString
          : b.maskString == null ? b.defaultMaskString() : b.maskString);
      this.subwordPerturber = null;
    } else {
      SubwordTextClassifier sub = (SubwordTextClassifier) classifier;
      SubwordPerturber.Granularity g = features == Features.TOKEN
          ? SubwordPerturber.Granularity.TOKEN : SubwordPerturber.Granularity.WHOLE_WORD;
      this.subwordPerturber = new SubwordPerturber(sub, g,
          b.hiding != null ? b.hiding : SubwordPerturber.defaultHiding(sub, g));
      this.wordPerturber = null;
      if (b.hiding == null && g == SubwordPerturber.Granularity.TOKEN && sub.maskTokenId().isEmpty()) {
        System.getLogger(PerturbationExplainer.class.getName()).log(System.Logger.Level.WARNING,
            "this tokenizer has no mask token: hidden tokens are " + (subwordPerturber.hiding()
                == SubwordPerturber.Hiding.UNKNOWN ? "replaced by the unknown token" : "removed")
                + " instead (set optHiding to choose)");
      }
    }
  }

  /**
   * How hidden subword features are hidden.
   *
   * @return the configured hiding, or the tokenizer's default when none was set; {@code null} for word features
   */
  public SubwordPerturber.Hiding hiding() {
    return subwordPerturber == null ? null : subwordPerturber.hiding();
  }

  /**
   * The method's name in results ({@code lime}, {@code kernel-shap}, …).
   *
   * @return the name written to {@link Explanation#method()}
   */
  public abstract String method();

  /**
   * The seed {@link #explain(String)} uses.
   *
   * @return the builder's seed, 0 unless set
   */
  public long seed() {
    return seed;
  }

  /**
   * Explains {@code text} with the builder's seed.
   *
   * @param text the text to explain, not {@code null}
   * @return the explanation of each explained class
   * @throws IllegalArgumentException as {@link #explain(String, long)}
   * @throws IllegalStateException if this explainer was built without a classifier
   */
  @Override
  public Explanation explain(String text) {
    return explain(text, seed);
  }

  /**
   * Explains {@code text} with its own seed.
   *
   * @param text the text to explain, not {@code null}
   * @param seed the seed of the method's random draws; methods that draw nothing ignore it
   * @return the explanation of each explained class, marked partial if the budget ran out
   * @throws IllegalStateException if this explainer was built without a classifier
   * @throws IllegalArgumentException if the text is empty or has no feature, or if an explained
   *     label does not exist
   * @throws BudgetExceededException if the budget ran out before the method's minimum
   * @throws CancelledException if the thread was interrupted
   */
  public Explanation explain(String text, long seed) {
    return explain(text, seed, listener);
  }

  /**
   * Explains {@code text} with its own seed, reporting progress to {@code progress}.
   *
   * @param text the text to explain, not {@code null}
   * @param seed the seed of the method's random draws; methods that draw nothing ignore it
   * @param progress hears after every batch instead of the builder's listener, not {@code null}
   * @return the explanation of each explained class, marked partial if the budget ran out
   * @throws IllegalStateException if this explainer was built without a classifier
   * @throws IllegalArgumentException as {@link #explain(String, long)}
   * @throws BudgetExceededException if the budget ran out before the method's minimum
   * @throws CancelledException if the thread was interrupted
   */
  public Explanation explain(String text, long seed, ProgressListener progress) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(progress, "progress");
    checkSeed(seed);
    requireClassifier();
    if (features == Features.WORD) {
      return evaluate(wordPerturber.featurize(text), classifier, seed, progress, budget);
    }
    return evaluate(subwordPerturber.featurize(text), onTokenIds(), seed, progress, budget);
  }

  /**
   * Explains {@code text} as {@code model} sees it (the builder's classifier is not used), with
   * word features: for a classifier built around a text, such as a zero-shot classifier's
   * candidate labels.
   *
   * @param text the text to explain, not {@code null}
   * @param model the classifier to explain instead of the builder's, not {@code null}
   * @param seed the seed of the method's random draws; methods that draw nothing ignore it
   * @return the explanation of each explained class, the classes named by {@code model}'s labels
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
    return evaluate(wordPerturber.featurize(text), model, seed, listener, budget);
  }

  /**
   * Explains an input already cut into features (sentence pairs, the tokens around a token
   * classifier's target), with {@code model} called on the rendered inputs. The builder's
   * classifier and feature kind are not used; its labels to explain are looked up in
   * {@code model}'s labels.
   *
   * @param <P> what the model receives
   * @param space the input's features and how to render any subset of them, not {@code null}
   * @param model the model called on the rendered inputs, not {@code null}
   * @param seed the seed of the method's random draws; methods that draw nothing ignore it
   * @return the explanation of each explained class, under the configured budget
   * @throws IllegalArgumentException as {@link #explain(String, long)}
   */
  public <P> Explanation explain(PerturbationSpace<P> space, Classifier<P> model, long seed) {
    return explain(space, model, seed, budget);
  }

  /**
   * As {@link #explain(PerturbationSpace, Classifier, long)}, under {@code budget} instead of the
   * configured one (task explainers share one budget among several explanations).
   *
   * @param <P> what the model receives
   * @param space the input's features and how to render any subset of them, not {@code null}
   * @param model the model called on the rendered inputs, not {@code null}
   * @param seed the seed of the method's random draws; methods that draw nothing ignore it
   * @param budget the limits of this explanation, not {@code null}
   * @return the explanation of each explained class, marked partial if {@code budget} ran out
   * @throws IllegalArgumentException if {@code space} has no feature, or as {@link #explain(String, long)}
   * @throws BudgetExceededException if the budget ran out before the method's minimum
   * @throws CancelledException if the thread was interrupted
   */
  public <P> Explanation explain(PerturbationSpace<P> space, Classifier<P> model, long seed, Budget budget) {
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(space, "space");
    Objects.requireNonNull(model, "model");
    checkSeed(seed);
    if (space.size() == 0) {
      throw new IllegalArgumentException("nothing to explain: the input has no features");
    }
    return evaluate(space, model, seed, listener, budget);
  }

  /**
   * How many perturbed inputs go to the classifier per call ({@link Builder#optBatchSize}).
   *
   * @return at least 1
   */
  protected final int batchSize() {
    return batchSize;
  }

  /**
   * Now, on this explainer's clock ({@link BudgetedBuilder#optTicker}).
   *
   * @return the clock's reading in nanoseconds; only differences mean anything
   */
  protected final long now() {
    return ticker.read();
  }

  /**
   * Whether the stop signal ({@link BudgetedBuilder#optStopSignal}) asks this explanation to end.
   *
   * @return true once someone asked to stop
   */
  protected final boolean stopRequested() {
    return stopSignal.getAsBoolean();
  }

  /**
   * The stop signal, for the evaluators of subclasses.
   *
   * @return the signal
   */
  protected final java.util.function.BooleanSupplier stopSignal() {
    return stopSignal;
  }

  /**
   * The clock deadlines are read from.
   *
   * @return the builder's ticker, {@link ai.lantern.core.Ticker#SYSTEM} by default
   */
  public ai.lantern.core.Ticker ticker() {
    return ticker;
  }

  /**
   * The configured budget (per explanation).
   *
   * @return the budget, {@link Budget#UNLIMITED} by default
   */
  public Budget budget() {
    return budget;
  }

  /**
   * The feature kind of {@link #explain(String)}.
   *
   * @return the configured feature kind, {@link Features#WORD} by default
   */
  public Features features() {
    return features;
  }

  /**
   * Whether comprehensiveness and sufficiency are measured after each explanation.
   *
   * @return true unless the builder turned it off with {@link Builder#optFaithfulness(boolean)}
   */
  public boolean measuresFaithfulness() {
    return faithfulness;
  }

  /**
   * The features {@link #explain(String)} would use for {@code text}, without running the model.
   *
   * @param text the text to cut into features, not {@code null}
   * @return the text's features and how to render any subset of them
   * @throws IllegalStateException if this explainer was built without a classifier
   * @throws IllegalArgumentException if the text is empty or has no feature
   */
  public PerturbationSpace<?> featurize(String text) {
    requireClassifier();
    return features == Features.WORD ? wordPerturber.featurize(text) : subwordPerturber.featurize(text);
  }

  private <P> Explanation evaluate(PerturbationSpace<P> space, Classifier<P> model, long seed,
      ProgressListener progress, Budget budget) {
    long start = ticker.read();
    Explanation e = run(space, model, seed, start, progress, budget);
    if (!space.warnings().isEmpty()) {
      e = new Explanation(e.method(), e.prediction(), e.targets(), e.diagnostics().withWarnings(space.warnings()));
    }
    if (!faithfulness) {
      return e;
    }
    // Measured inside the same deadline: an explanation that used it up goes without.
    if (budget.deadline() != null && ticker.read() - start >= budget.deadline().toNanos() || stopRequested()) {
      return e;
    }
    return Faithfulness.attach(e, space, model, start, ticker);
  }

  /**
   * Runs the method on one input: {@code start} is {@link #now()} when the call began
   * (deadlines count from it).
   *
   * @param <P> what the model receives
   * @param space the input's features, at least one
   * @param model the model called on the rendered inputs
   * @param seed the seed of the method's random draws, already accepted by {@link #checkSeed(long)}
   * @param start the clock's reading when the call began, in nanoseconds
   * @param progress hears after every batch
   * @param budget the limits of this explanation
   * @return the explanation of each explained class, without the faithfulness measures
   * @throws BudgetExceededException if the budget ran out before the method's minimum
   * @throws CancelledException if the thread was interrupted
   */
  protected abstract <P> Explanation run(PerturbationSpace<P> space, Classifier<P> model, long seed, long start,
      ProgressListener progress, Budget budget);

  /**
   * The inputs a run over {@code d} features would send through the model, before the budget.
   *
   * @param d the number of features, at least 1
   * @return the planned forward passes, the whole input included; expected, so possibly fractional
   */
  protected abstract double plannedForwardPasses(int d);

  /**
   * Rejects a seed the method cannot use; by default every seed is accepted.
   *
   * @param seed the seed given to an {@code explain} call
   * @throws IllegalArgumentException if the method cannot use {@code seed}
   */
  protected void checkSeed(long seed) {}

  private void requireClassifier() {
    if (classifier == null) {
      throw new IllegalStateException("this " + method() + " explainer was built without a classifier "
          + "(setClassifier): give the classifier to explain(text, model, seed) or explain(space, model, seed)");
    }
  }

  /**
   * What explaining {@code text} would cost: the forward passes the method plans for this many
   * features (capped by the budget) and the expected duration, from timing the model on 16
   * perturbed inputs of this text (after an untimed warm-up call on 4).
   *
   * @param text the text to estimate for, not {@code null}
   * @return the planned forward passes and the expected duration, capped by the budget
   * @throws IllegalStateException if this explainer was built without a classifier
   * @throws IllegalArgumentException if the text cannot be explained
   */
  public CostEstimate estimate(String text) {
    Objects.requireNonNull(text, "text");
    requireClassifier();
    return features == Features.WORD ? estimate(text, wordPerturber, classifier)
        : estimate(text, subwordPerturber, onTokenIds());
  }

  private <P> CostEstimate estimate(String text, Perturber<String, P> perturber, Classifier<P> model) {
    PerturbationSpace<P> space = perturber.featurize(text);
    int d = space.size();
    double passes = plannedForwardPasses(d);
    if (budget.maxForwardPasses() > 0) {
      passes = Math.min(passes, budget.maxForwardPasses());
    }
    SplittableRandom random = new SplittableRandom(0);
    List<P> probe = new ArrayList<>();
    for (int i = 0; i < CALIBRATION_CHUNK; i++) {
      BitSet mask = new BitSet(d);
      for (int j = 0; j < d; j++) {
        if (random.nextBoolean()) {
          mask.set(j);
        }
      }
      probe.add(space.render(mask));
    }
    // An untimed call first: the first calls of a fresh process pay for JIT and allocator warm-up.
    model.predictProbabilities(probe.subList(0, 4));
    long t0 = ticker.read();
    model.predictProbabilities(probe);
    double perInput = (ticker.read() - t0) / (double) probe.size();
    Duration expected = Duration.ofNanos((long) (passes * perInput));
    if (budget.deadline() != null && expected.compareTo(budget.deadline()) > 0) {
      expected = budget.deadline();
    }
    return new CostEstimate(passes, expected, String.format(java.util.Locale.ROOT,
        "%s, %d features: %.0f distinct inputs planned; %.3f ms per input (%d-input calibration)%s",
        method(), d, passes, perInput / 1e6, probe.size(), budget.isUnlimited() ? "" : "; budget: " + budget));
  }

  private Classifier<TokenIds> onTokenIds() {
    SubwordTextClassifier sub = (SubwordTextClassifier) classifier;
    return SubwordPerturber.onTokenIds(sub);
  }

  /**
   * The classes to explain for an input whose predicted class is {@code predicted}.
   *
   * @param labels the model's class names, in output order
   * @param probabilities the model's outputs for the whole input, one per label
   * @param predicted the index of the predicted class in {@code labels}
   * @return the indices in {@code labels} to explain: the configured names or indices in the order given, the
   *     top classes by decreasing probability, or only {@code predicted} by default
   * @throws IllegalArgumentException if a configured label or index is not among {@code labels}
   */
  protected final int[] explainedLabels(List<String> labels, double[] probabilities, int predicted) {
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

  /**
   * The explanation of class {@code label}: {@code scores[j]} for feature {@code j} of
   * {@code space}, the model's value on the whole input, and the method's quality measures.
   *
   * @param space the explained input's features
   * @param label the explained class, an index in {@code labels}
   * @param labels the model's class names
   * @param original the model's outputs for the whole input, indexed by class
   * @param scores one score per feature of {@code space}, in input order
   * @param quality the method's quality measures by name, possibly empty
   * @return the explanation of class {@code label}
   */
  protected static TargetExplanation target(PerturbationSpace<?> space, int label, List<String> labels,
      double[] original, double[] scores, java.util.Map<String, Double> quality) {
    List<ai.lantern.core.FeatureAttribution> attributions = new ArrayList<>();
    for (int j = 0; j < space.size(); j++) {
      attributions.add(new ai.lantern.core.FeatureAttribution(space.features().get(j), scores[j]));
    }
    return new TargetExplanation(label, labels.get(label), original[label], attributions, quality);
  }

  /**
   * The entries of {@code row} at {@code columns}.
   *
   * @param row the values to pick from
   * @param columns the indices in {@code row} to keep, in the order wanted
   * @return a new array, {@code columns.length} long
   */
  protected static double[] pick(double[] row, int[] columns) {
    double[] out = new double[columns.length];
    for (int i = 0; i < columns.length; i++) {
      out[i] = row[columns[i]];
    }
    return out;
  }

  /**
   * The settings every perturbation method shares; {@code set…} is required, {@code opt…}
   * optional.
   *
   * @param <B> the concrete builder
   */
  public abstract static class Builder<B extends Builder<B>> extends BudgetedBuilder<B> {
    private TextClassifier classifier;
    private Features features = Features.WORD;
    private boolean bow = true;
    private String maskString;
    private SubwordPerturber.Hiding hiding;
    private List<String> labelNames;
    private int[] labelIndices;
    private int topLabels;
    private long seed;
    private boolean faithfulness = true;
    private final boolean positional;
    private int batchSize;

    /**
     * Checks the settings and makes the explainer; each method's builder returns its own type.
     *
     * @return the explainer
     * @throws IllegalArgumentException if a setting is missing or out of range
     */
    public abstract PerturbationExplainer build();

    /** LIME's defaults: word features are a bag of words, removed when hidden. */
    protected Builder() {
      this(false);
    }

    /**
     * @param positional word features per occurrence and removed when hidden (the SHAP methods and
     *     occlusion, whose features have places), rather than lime's bag of words
     */
    protected Builder(boolean positional) {
      this(positional, 256);
    }

    /**
     * @param positional as {@link #Builder(boolean)}
     * @param defaultBatchSize the method's default for {@link #optBatchSize}
     */
    protected Builder(boolean positional, int defaultBatchSize) {
      this.positional = positional;
      this.bow = !positional;
      this.batchSize = defaultBatchSize;
    }

    /**
     * How much goes to the classifier in one call: samples (LIME, default 256), coalitions
     * (KernelSHAP, 256), windows (occlusion, 64) or games of two inputs each (Partition SHAP, 16).
     * It bounds memory; the budget and cancellation are checked between calls.
     *
     * @param batchSize at least 1
     * @return this builder
     */
    public B optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return self();
    }

    /** What replaces a hidden word of per-occurrence WORD features when none is set. */
    private String defaultMaskString() {
      return positional ? "" : WordPerturber.DEFAULT_MASK;
    }

    /**
     * The model to explain (required for {@link PerturbationExplainer#explain(String)} and for
     * subword features): any text classifier, a plain function included.
     *
     * @param classifier the model; a {@link SubwordTextClassifier} for TOKEN and WHOLE_WORD features
     * @return this builder
     */
    public B setClassifier(TextClassifier classifier) {
      this.classifier = classifier;
      return self();
    }

    /**
     * Word features (default), model tokens, or whole words from the model's tokenizer.
     *
     * @param features the feature kind, not {@code null}
     * @return this builder
     */
    public B optFeatures(Features features) {
      this.features = features;
      return self();
    }

    /**
     * Word features: one feature per distinct word or per occurrence; LIME defaults to the first, the
     * SHAP methods and occlusion to the second.
     *
     * @param bow true for a bag of words (hiding a word hides every occurrence), false for one feature per
     *     occurrence
     * @return this builder
     */
    public B optBow(boolean bow) {
      this.bow = bow;
      return self();
    }

    /**
     * Word features: what replaces a hidden word; default: removed (bow), {@code UNKWORDZ} (not bow) for
     * LIME, removed for the SHAP methods and occlusion.
     *
     * @param maskString the replacement, or {@code null} for the default; not empty for per-occurrence features
     * @return this builder
     */
    public B optMaskString(String maskString) {
      this.maskString = maskString;
      return self();
    }

    /**
     * Token features: how hidden tokens are hidden (default: mask for tokens, removal for whole words).
     *
     * @param hiding the hiding, or {@code null} for the default; ignored for word features
     * @return this builder
     */
    public B optHiding(SubwordPerturber.Hiding hiding) {
      this.hiding = hiding;
      return self();
    }

    /**
     * Explain these classes, by name (default: the predicted class).
     *
     * @param labels distinct class names, exactly as the classifier writes them
     * @return this builder
     */
    public B optLabels(String... labels) {
      this.labelNames = List.of(labels);
      return self();
    }

    /**
     * Explain these classes, by index.
     *
     * @param indices distinct 0-based class indices; copied
     * @return this builder
     */
    public B optLabelIndices(int... indices) {
      this.labelIndices = indices.clone();
      return self();
    }

    /**
     * Explain the {@code k} most probable classes.
     *
     * @param k the number of classes, at most the classifier's; 0 (default) explains the predicted class
     * @return this builder
     */
    public B optTopLabels(int k) {
      this.topLabels = k;
      return self();
    }

    /**
     * Seed of {@link PerturbationExplainer#explain(String)} (default 0); other calls take their own.
     *
     * @param seed the seed of the method's random draws
     * @return this builder
     */
    public B optSeed(long seed) {
      this.seed = seed;
      return self();
    }

    /**
     * Whether to measure comprehensiveness and sufficiency after each explanation (default true;
     * it costs at most 20 forward passes per explained class, reported apart in
     * {@link ai.lantern.core.Diagnostics#evaluationPasses()}).
     *
     * @param faithfulness whether to measure
     * @return this builder
     */
    public B optFaithfulness(boolean faithfulness) {
      this.faithfulness = faithfulness;
      return self();
    }

    /**
     * Whether word features are a bag of words.
     *
     * @return true for one feature per distinct word, false for one per occurrence
     */
    protected boolean bow() {
      return bow;
    }

    /**
     * The feature kind set so far.
     *
     * @return the feature kind, {@link Features#WORD} unless set
     */
    protected Features features() {
      return features;
    }

    /**
     * Checks the shared settings.
     *
     * @throws IllegalArgumentException naming the setting, if one is missing or out of range
     */
    protected void validate() {
      Objects.requireNonNull(features, "features");
      if (classifier == null && features != Features.WORD) {
        throw new IllegalArgumentException("setClassifier(...) is required for " + features + " features");
      }
      if (topLabels < 0) {
        throw new IllegalArgumentException("topLabels must be positive, got " + topLabels);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, got " + batchSize);
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
    }
  }
}
