package ai.lantern.explainers.gradient;

import ai.lantern.core.Budget;
import ai.lantern.explainers.BudgetedBuilder;
import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.CancelledException;
import ai.lantern.core.CostEstimate;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.Explainer;
import ai.lantern.core.Feature;
import ai.lantern.core.GradientTextClassifier;
import ai.lantern.core.Labels;
import ai.lantern.core.Prediction;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetOutput;
import ai.lantern.core.TextPair;
import ai.lantern.core.TokenTaskModel;
import ai.lantern.core.spi.TokenizedText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Layer Integrated Gradients (Sundararajan, Taly and Yan, 2017) on the word-embedding layer, as
 * Captum computes it and transformers-interpret applies it to HuggingFace models: with x the
 * word embeddings of the text and x′ those of the baseline,
 * {@code attr = (x − x′) × Σ s_i ∂F/∂x (x′ + a_i (x − x′))}, summed over the hidden dimension
 * per token. Position and token-type embeddings come from the real tokens at every step.
 *
 * <pre>{@code
 * LayerIntegratedGradients lig = LayerIntegratedGradients.builder().setModel(model).build();
 * IntegratedGradientsExplanation e = lig.explain("I love you, I like you");
 * }</pre>
 *
 * <p>Cost: {@code nSteps} forward and backward passes in batches of {@code internalBatchSize}
 * (memory grows with it, results do not change with it); the text and the baseline ride along
 * with the first batch (giving F(x), F(x′) and the prediction), and one more forward pass finds
 * the predicted class when that is the class to explain.
 *
 * <p>Budgets: a forward-pass limit lowers the step count before anything runs; with a deadline,
 * the text and baseline are evaluated first, their pace sets the largest step count that fits,
 * and a smaller count gives a partial result (the integral on fewer points). Below
 * {@code minSteps} it throws {@link BudgetExceededException}. An interrupted thread stops at the
 * next batch with {@link CancelledException}. Differences from transformers-interpret: token types come from the tokenizer,
 * offsets refer to the text as given, and the convergence delta uses the baseline of the path.
 *
 * <p>Immutable and thread-safe; several threads may explain at once.
 */
public final class LayerIntegratedGradients implements Explainer<String, IntegratedGradientsExplanation> {
  private final GradientTextClassifier model;
  private final TokenTaskModel tokenModel;
  private final int nSteps;
  private final IntegrationMethod method;
  private final int internalBatchSize;
  private final Baseline baseline;
  private final String targetLabel;
  private final Integer targetIndex;
  private final TargetOutput output;
  private final Budget budget;
  private final int minSteps;
  private final ProgressListener listener;
  private final ai.lantern.core.Ticker ticker;
  /** The path integral itself; this class chooses what it integrates (a sequence's class or a token's). */
  private final IntegratedGradientsPath path;

  private LayerIntegratedGradients(Builder b) {
    this.model = b.model;
    this.tokenModel = b.tokenModel;
    this.nSteps = b.nSteps;
    this.method = b.method;
    this.internalBatchSize = b.internalBatchSize == 0 ? b.nSteps : b.internalBatchSize;
    this.baseline = b.baseline;
    this.targetLabel = b.targetLabel;
    this.targetIndex = b.targetIndex;
    this.output = b.output;
    this.budget = b.budget();
    this.minSteps = b.minSteps;
    this.listener = b.progressListener();
    this.ticker = b.ticker();
    this.path = new IntegratedGradientsPath(nSteps, method, internalBatchSize, baseline, minSteps, listener, ticker,
        b.stopSignal());
  }

  /**
   * A builder with Captum's defaults: 50 Gauss–Legendre steps, the padding baseline, and the
   * probability of the predicted class.
   *
   * @return a new builder; {@link Builder#setModel} or {@link Builder#setTokenModel} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  private void requireSequenceModel() {
    if (model == null) {
      throw new IllegalStateException("this Layer Integrated Gradients was built for a per-token model "
          + "(setTokenModel); explain its tokens with explainToken");
    }
  }

  /** Explains the configured class (default: the predicted one). */
  @Override
  public IntegratedGradientsExplanation explain(String text) {
    requireSequenceModel();
    return explain(text, targetLabel != null ? Integer.valueOf(Labels.indexOf(model.labels(), targetLabel)) : targetIndex);
  }

  /**
   * Explains class {@code target} ({@code null}: the predicted class).
   *
   * @param text the text to explain; not {@code null}
   * @param target the class index, or {@code null} for the predicted class (the configured target is not used)
   * @return the attributions of the text's tokens and words to that class
   * @throws IllegalArgumentException if the text has no token besides special ones, or the
   *     class does not exist
   * @throws IllegalStateException if this was built with {@link Builder#setTokenModel}
   * @throws BudgetExceededException if the budget leaves fewer than {@code minSteps} steps
   */
  public IntegratedGradientsExplanation explain(String text, Integer target) {
    requireSequenceModel();
    long start = ticker.read();
    return explain(tokenizeExplainable(text), target, start);
  }

  /** The text's tokens, refused when there is none besides special tokens. */
  private TokenizedText tokenizeExplainable(String text) {
    Objects.requireNonNull(text, "text");
    TokenizedText t = model.tokenize(text);
    boolean any = false;
    for (int i = 0; i < t.size(); i++) {
      any |= !t.isSpecial(i) && t.wordId(i) >= 0; // whitespace tokens belong to no word
    }
    if (!any) {
      throw new IllegalArgumentException(text.isBlank() ? "cannot explain an empty text: it has no tokens"
          : "the text \"" + text + "\" has no token besides special tokens");
    }
    return t;
  }

  /**
   * Explains a sentence pair (cross-encoders, NLI): attributions for the tokens and words of both
   * texts, each feature's span indexing into its own text ({@link Feature#sequence()} says which).
   * The default baseline keeps both separators in place.
   *
   * @param pair the two texts; not {@code null}
   * @param target the class ({@code null}: the predicted class)
   * @return the attributions of the tokens and words of both texts to that class
   * @throws IllegalArgumentException if either text is empty
   * @throws IllegalStateException if this was built with {@link Builder#setTokenModel}
   * @throws BudgetExceededException if the budget leaves fewer than {@code minSteps} steps
   */
  public IntegratedGradientsExplanation explain(TextPair pair, Integer target) {
    return explain(pair, target, budget);
  }

  /**
   * As {@link #explain(TextPair, Integer)}, under {@code budget} instead of the configured one.
   *
   * @param pair the two texts; not {@code null}
   * @param target the class index, or {@code null} for the predicted class
   * @param budget the limits of this one explanation; not {@code null}
   * @return the attributions of the tokens and words of both texts to that class
   * @throws IllegalArgumentException if either text is empty, or the class does not exist
   * @throws IllegalStateException if this was built with {@link Builder#setTokenModel}
   * @throws BudgetExceededException if {@code budget} leaves fewer than {@code minSteps} steps
   */
  public IntegratedGradientsExplanation explain(TextPair pair, Integer target, Budget budget) {
    requireSequenceModel();
    Objects.requireNonNull(pair, "pair");
    Objects.requireNonNull(budget, "budget");
    if (pair.text().isBlank() || pair.pair().isBlank()) {
      throw new IllegalArgumentException("cannot explain a pair with an empty side: text \"" + pair.text()
          + "\", pair \"" + pair.pair() + "\"");
    }
    return explain(model.tokenize(pair), target, ticker.read(), budget);
  }

  private IntegratedGradientsExplanation explain(TokenizedText t, Integer target, long start) {
    return explain(t, target, start, budget);
  }

  private IntegratedGradientsExplanation explain(TokenizedText t, Integer target, long start, Budget budget) {
    requireSequenceModel();
    return explain(model.embeddingGradients(), model.labels(), model.padTokenId(), t, -1, target, output, start,
        budget);
  }

  /**
   * The clock deadlines are read from ({@link BudgetedBuilder#optTicker}).
   *
   * @return the builder's ticker, {@link ai.lantern.core.Ticker#SYSTEM} by default
   */
  public ai.lantern.core.Ticker ticker() {
    return ticker;
  }

  /**
   * The configured budget (per explanation).
   *
   * @return the builder's budget, {@link Budget#UNLIMITED} by default
   */
  public Budget budget() {
    return budget;
  }

  /**
   * Explains one output of one token of a model with an output row per token (token
   * classification: a label's probability; question answering: the start or end logit), for
   * tokens the caller has already cut (and may have windowed), on the model given to
   * {@link Builder#setTokenModel}.
   *
   * @param tokens the tokens as the token model cuts them (its {@code tokenize}, or a window); not {@code null}
   * @param position the token whose output is explained, 0 to {@code tokens.size() − 1}, special tokens counted
   * @param target the output of that token (label index; 0 start, 1 end)
   * @param output the probability (softmax over the token's outputs) or the raw logit; not {@code null}
   * @return the attributions of every token of {@code tokens}, and of their words, to that output
   * @throws IllegalArgumentException if the target is out of range
   * @throws IndexOutOfBoundsException if the position is out of range
   * @throws IllegalStateException if this was built without {@link Builder#setTokenModel}
   * @throws BudgetExceededException if the budget leaves fewer than {@code minSteps} steps
   */
  public IntegratedGradientsExplanation explainToken(TokenizedText tokens, int position, int target,
      TargetOutput output) {
    return explainToken(tokens, position, target, output, budget);
  }

  /**
   * As {@link #explainToken(TokenizedText, int, int, TargetOutput)}, under {@code budget} instead
   * of the configured one (task explainers share one budget among several integrations).
   *
   * @param tokens the tokens as the token model cuts them; not {@code null}
   * @param position the token whose output is explained, 0 to {@code tokens.size() − 1}
   * @param target the output of that token (label index; 0 start, 1 end)
   * @param output the probability or the raw logit; not {@code null}
   * @param budget the limits of this one integration; not {@code null}
   * @return the attributions of every token of {@code tokens}, and of their words, to that output
   * @throws IllegalArgumentException if the target is out of range
   * @throws IndexOutOfBoundsException if the position is out of range
   * @throws IllegalStateException if this was built without {@link Builder#setTokenModel}
   * @throws BudgetExceededException if {@code budget} leaves fewer than {@code minSteps} steps
   */
  public IntegratedGradientsExplanation explainToken(TokenizedText tokens, int position, int target,
      TargetOutput output, Budget budget) {
    Objects.requireNonNull(tokens, "tokens");
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(output, "output");
    TokenTaskModel model = tokenModel;
    if (model == null) {
      throw new IllegalStateException("explainToken needs a per-token model: build with setTokenModel(...)");
    }
    Objects.checkIndex(position, tokens.size());
    Labels.checkIndex(model.labels(), target);
    return explain(model.embeddingGradients(), model.labels(), model.padTokenId(), tokens, position, target, output,
        ticker.read(), budget);
  }

  private IntegratedGradientsExplanation explain(EmbeddingGradients g, List<String> labels, long padId,
      TokenizedText t, int position, Integer target, TargetOutput output, long start, Budget budget) {
    return path.explain(g, labels, padId, t, position, target, output, start, budget);
  }

  /**
   * Explains several classes of one text in one result (one target each), as multi-label models
   * need: every label when {@code targets} is empty. Costs one integration per label; the
   * configured budget covers the whole call, each label getting an equal share of what is left.
   *
   * @param text the text to explain; not {@code null}
   * @param normalized whether token scores are L2-normalised per label
   * @param targets the class indexes to explain, in the order wanted; none for every label in index order
   * @return a {@code lig} explanation with one target of token attributions per label, in that order
   * @throws IllegalArgumentException if a target does not exist or appears twice, or the text has
   *     no token besides special ones
   * @throws IllegalStateException if this was built with {@link Builder#setTokenModel}
   * @throws BudgetExceededException if a label's share of the budget leaves fewer than {@code minSteps} steps
   */
  public ai.lantern.core.Explanation explainLabels(String text, boolean normalized, int... targets) {
    requireSequenceModel();
    int[] chosen = targets.length == 0 ? java.util.stream.IntStream.range(0, model.labels().size()).toArray()
        : targets.clone();
    if (Arrays.stream(chosen).distinct().count() != chosen.length) {
      throw new IllegalArgumentException("labels to explain must be distinct, got " + Arrays.toString(chosen));
    }
    List<ai.lantern.core.TargetExplanation> all = new ArrayList<>();
    Prediction prediction = null;
    long samples = 0;
    long passes = 0;
    long start = ticker.read();
    StopReason stop = StopReason.COMPLETED;
    TokenizedText tokens = tokenizeExplainable(text);
    for (int k = 0; k < chosen.length; k++) {
      // The budget covers the whole call: each label gets an equal share of what is left.
      Budget share = budget.share(Duration.ofNanos(ticker.read() - start), passes, chosen.length - k);
      IntegratedGradientsExplanation e = explain(tokens, Labels.checkIndex(model.labels(), chosen[k]), ticker.read(),
          share);
      ai.lantern.core.Explanation one = e.asExplanation(normalized);
      all.add(one.targets().get(0));
      prediction = e.prediction();
      samples += e.diagnostics().samples();
      passes += e.diagnostics().forwardPasses();
      stop = e.diagnostics().partial() ? e.diagnostics().stop() : stop;
    }
    return new ai.lantern.core.Explanation("lig", prediction, all, new Diagnostics(samples, passes,
        Duration.ofNanos(ticker.read() - start), null, stop, budget, 0, tokens.truncationWarnings()));
  }

  /**
   * What explaining {@code text} would cost: {@code nSteps} forward and backward passes plus the
   * text and the baseline (and one forward pass to find the predicted class when no target is
   * set), timed by one gradient batch of the text and its baseline. The estimate itself runs two
   * such batches (the first a warm-up).
   *
   * @param text the text whose explanation is estimated; not {@code null}
   * @return the forward passes (capped by the budget's pass limit) and the expected time (capped by its deadline)
   * @throws IllegalStateException if this was built with {@link Builder#setTokenModel}
   */
  public CostEstimate estimate(String text) {
    requireSequenceModel();
    TokenizedText t = model.tokenize(Objects.requireNonNull(text, "text"));
    EmbeddingGradients g = model.embeddingGradients();
    float[] both = g.embed(t.ids(), ((Baseline.Tokens) Baseline.pad()).ids(t, model.padTokenId()));
    g.valuesAndGradients(t.ids(), both, 2, 0, output); // warm-up, untimed
    long t0 = ticker.read();
    g.valuesAndGradients(t.ids(), both, 2, 0, output);
    double perSequence = (ticker.read() - t0) / 2.0;
    boolean findTarget = targetLabel == null && targetIndex == null;
    long passes = nSteps + 2L + (findTarget ? 1 : 0);
    if (budget.maxForwardPasses() > 0) {
      passes = Math.min(passes, budget.maxForwardPasses());
    }
    Duration expected = Duration.ofNanos((long) (passes * perSequence));
    if (budget.deadline() != null && expected.compareTo(budget.deadline()) > 0) {
      expected = budget.deadline();
    }
    return new CostEstimate(passes, expected, String.format(java.util.Locale.ROOT,
        "%d tokens, %d steps: %d forward and backward passes; %.3f ms per sequence (2-sequence calibration)%s",
        t.size(), nSteps, passes, perSequence / 1e6, budget.isUnlimited() ? "" : "; budget: " + budget));
  }

  /** Settings of {@link LayerIntegratedGradients}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder extends BudgetedBuilder<Builder> {
    private GradientTextClassifier model;
    private TokenTaskModel tokenModel;
    private int nSteps = 50;
    private IntegrationMethod method = IntegrationMethod.GAUSS_LEGENDRE;
    private int internalBatchSize;
    private Baseline baseline = Baseline.pad();
    private String targetLabel;
    private Integer targetIndex;
    private TargetOutput output = TargetOutput.PROBABILITY;
    private int minSteps = 4;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * A gradient-ready model (required).
     *
     * @param model the sequence classifier to explain; give it or {@link #setTokenModel}, not both
     * @return this builder
     */
    public Builder setModel(GradientTextClassifier model) {
      this.model = model;
      return this;
    }

    /**
     * A gradient-ready model with an output row per token (token classification, question
     * answering), explained with {@link #explainToken}; instead of {@link #setModel}.
     *
     * @param tokenModel the token-classification or question-answering model to explain
     * @return this builder
     */
    public Builder setTokenModel(TokenTaskModel tokenModel) {
      this.tokenModel = tokenModel;
      return this;
    }

    /**
     * Integration steps (default 50).
     *
     * @param nSteps points on the path: 1 (2 for the trapezoid rule) to {@link IntegrationMethod#MAX_STEPS}
     * @return this builder
     */
    public Builder optSteps(int nSteps) {
      this.nSteps = nSteps;
      return this;
    }

    /**
     * Integration rule (default Gauss–Legendre).
     *
     * @param method the rule that places the points and weights; not {@code null}
     * @return this builder
     */
    public Builder optIntegrationMethod(IntegrationMethod method) {
      this.method = method;
      return this;
    }

    /**
     * Steps per forward/backward batch (default: all at once); bounds memory, not results.
     *
     * @param internalBatchSize the most steps per batch, positive; 0 for all {@code nSteps} at once
     * @return this builder
     */
    public Builder optInternalBatchSize(int internalBatchSize) {
      this.internalBatchSize = internalBatchSize;
      return this;
    }

    /**
     * The reference input (default: {@link Baseline#pad()}).
     *
     * @param baseline the input the path starts from (x′); not {@code null}
     * @return this builder
     */
    public Builder optBaseline(Baseline baseline) {
      this.baseline = baseline;
      return this;
    }

    /**
     * Explain this class by name (default: the predicted class). Used by
     * {@link LayerIntegratedGradients#explain(String)}; the other methods take their own target.
     *
     * @param label a class name of the model, or {@code null} for the predicted class; not with {@link #optTargetIndex}
     * @return this builder
     */
    public Builder optTarget(String label) {
      this.targetLabel = label;
      return this;
    }

    /**
     * Explain this class by index. Used by {@link LayerIntegratedGradients#explain(String)}, as
     * {@link #optTarget} is.
     *
     * @param index a class index, from 0 to the number of labels − 1; not with {@link #optTarget}
     * @return this builder
     */
    public Builder optTargetIndex(int index) {
      this.targetIndex = index;
      return this;
    }

    /**
     * Explain the probability (default) or the raw logit, for a sequence model;
     * {@link LayerIntegratedGradients#explainToken} takes its own.
     *
     * @param output {@link TargetOutput#PROBABILITY} or {@link TargetOutput#LOGIT}; not {@code null}
     * @return this builder
     */
    public Builder optOutput(TargetOutput output) {
      this.output = output;
      return this;
    }

    /**
     * Fewest integration steps a budget may leave (default 4).
     *
     * @param minSteps at least 1; a budget that leaves fewer steps throws {@link BudgetExceededException}
     * @return this builder
     */
    public Builder optMinSteps(int minSteps) {
      this.minSteps = minSteps;
      return this;
    }

    /**
     * Checks the settings and builds the explainer.
     *
     * @return a new, immutable {@link LayerIntegratedGradients}
     * @throws IllegalArgumentException naming the setting, if one is missing or out of range
     * @throws ai.lantern.core.LanternException if the model is not gradient-ready
     */
    public LayerIntegratedGradients build() {
      if ((model == null) == (tokenModel == null)) {
        throw new IllegalArgumentException(model == null ? "setModel(...) or setTokenModel(...) is required"
            : "give setModel(...) or setTokenModel(...), not both");
      }
      Objects.requireNonNull(method, "integrationMethod");
      Objects.requireNonNull(baseline, "baseline");
      Objects.requireNonNull(output, "output");
      method.checkSteps(nSteps);
      if (minSteps < 1) {
        throw new IllegalArgumentException("minSteps must be at least 1, got " + minSteps);
      }
      if (internalBatchSize < 0) {
        throw new IllegalArgumentException("internalBatchSize must be positive, got " + internalBatchSize);
      }
      if (targetLabel != null && targetIndex != null) {
        throw new IllegalArgumentException("give the target by name or by index, not both");
      }
      List<String> labels = model != null ? model.labels() : tokenModel.labels();
      if (targetLabel != null) {
        Labels.indexOf(labels, targetLabel);
      }
      if (targetIndex != null) {
        Labels.checkIndex(labels, targetIndex);
      }
      if (model != null) {
        model.embeddingGradients();
      } else {
        tokenModel.embeddingGradients();
      }
      return new LayerIntegratedGradients(this);
    }
  }
}
