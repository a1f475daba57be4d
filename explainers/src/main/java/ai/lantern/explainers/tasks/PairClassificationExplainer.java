package ai.lantern.explainers.tasks;

import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.GradientTextClassifier;
import ai.lantern.core.Prediction;
import ai.lantern.core.TextPair;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.text.SubwordPerturber;
import java.util.List;
import java.util.Objects;

/**
 * Sentence pairs (cross-encoders, NLI, similarity): the prediction for {@code (text, pair)} and
 * the attributions of both texts, each word's span indexing into its own text
 * ({@code feature().sequence()} is 0 for the text, 1 for the pair). A model with one logit is read
 * with a sigmoid; {@code flipSign} explains a score near 0 instead of near 1.
 *
 * <pre>{@code
 * PairClassificationExplainer pairs = PairClassificationExplainer.of(model);
 * IntegratedGradientsExplanation why = pairs.explain("the zebra was tired", "a tiger slept");
 * }</pre>
 */
public final class PairClassificationExplainer
    implements ai.lantern.core.Explainer<TextPair, IntegratedGradientsExplanation> {
  private final GradientTextClassifier model;
  private final LayerIntegratedGradients lig;

  /**
   * An explainer of {@code model} with {@code lig}'s settings; {@code lig}'s configured target is
   * not used, the predicted class is explained.
   *
   * @param model the sentence-pair classifier; not {@code null}
   * @param lig the attribution method, built with {@code setModel} on the same model; not {@code null}
   */
  public PairClassificationExplainer(GradientTextClassifier model, LayerIntegratedGradients lig) {
    this.model = Objects.requireNonNull(model, "model");
    this.lig = Objects.requireNonNull(lig, "lig");
  }

  /**
   * Layer Integrated Gradients with Captum's defaults.
   *
   * @param model the sentence-pair classifier; not {@code null}
   * @return an explainer with 50 Gauss–Legendre steps and the padding baseline
   * @throws ai.lantern.core.LanternException if the model is not gradient-ready
   */
  public static PairClassificationExplainer of(GradientTextClassifier model) {
    return new PairClassificationExplainer(model, LayerIntegratedGradients.builder().setModel(model).build());
  }

  /**
   * The model's prediction for the pair, without attributions: one forward pass.
   *
   * @param text the first text; not {@code null}
   * @param pair the second text; not {@code null}
   * @return the class probabilities and the predicted class
   */
  public Prediction predict(String text, String pair) {
    return Prediction.of(model.labels(), model.predictPairs(List.of(new TextPair(text, pair)))[0]);
  }

  /**
   * A builder, for an explainer with its own Integrated Gradients settings.
   *
   * @return a new builder; {@link Builder#setModel} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Why the model predicted what it did for the pair. */
  @Override
  public IntegratedGradientsExplanation explain(TextPair pair) {
    return explain(pair.text(), pair.pair(), false);
  }

  /**
   * Any perturbation method over the features of both texts, whole words removed when hidden; see
   * {@link #explainWith(String, String, PerturbationExplainer, long, SubwordPerturber.Granularity)}.
   *
   * @param pair the two texts; not {@code null}
   * @param method the perturbation method; its builder's classifier and features are not used; not {@code null}
   * @param seed the random seed of a sampling method (the same seed gives the same explanation)
   * @return the method's explanation over the whole words of both texts
   * @throws IllegalArgumentException if either text is empty
   */
  public ai.lantern.core.Explanation explainWith(TextPair pair, PerturbationExplainer method, long seed) {
    return explainWith(pair.text(), pair.pair(), method, seed, SubwordPerturber.Granularity.WHOLE_WORD);
  }

  /**
   * Why the model predicted what it did for the pair.
   *
   * @param text the first text; not {@code null}
   * @param pair the second text; not {@code null}
   * @return the attributions of the tokens and words of both texts to the predicted class
   * @throws IllegalArgumentException if either text is empty
   */
  public IntegratedGradientsExplanation explain(String text, String pair) {
    return explain(text, pair, false);
  }

  /**
   * Why the model predicted what it did for the pair, or, with {@code flipSign}, why its score is
   * not higher.
   *
   * @param text the first text; not {@code null}
   * @param pair the second text; not {@code null}
   * @param flipSign explain {@code 1 − F} (for a single-logit model: why the score is low) rather
   *     than {@code F}: integrated gradients are linear in the explained output, so every
   *     attribution changes sign
   * @return the attributions to the predicted class; with {@code flipSign}, negated, and fx and
   *     fBaseline replaced by {@code 1 − fx} and {@code 1 − fBaseline}
   * @throws IllegalArgumentException if either text is empty
   */
  public IntegratedGradientsExplanation explain(String text, String pair, boolean flipSign) {
    IntegratedGradientsExplanation e = lig.explain(new TextPair(text, pair), null);
    if (!flipSign) {
      return e;
    }
    return new IntegratedGradientsExplanation(e.prediction(), e.target(), e.label(), negate(e.tokens()),
        negate(e.normalizedTokens()), negate(e.words()), 1 - e.fx(), 1 - e.fBaseline(), -e.convergenceDelta(),
        e.diagnostics());
  }

  /**
   * LIME instead of Integrated Gradients: the tokens or whole words of both texts perturbed
   * together ({@link SubwordPerturber}'s default hiding for the granularity: whole words removed,
   * single tokens masked), each sample sent as token ids with its token types, one surrogate over
   * the features of both texts ({@code feature().sequence()} says which text).
   *
   * @param text the first text; not {@code null}
   * @param pair the second text; not {@code null}
   * @param lime the LIME explainer; its builder's classifier and features are not used; not {@code null}
   * @param seed the random seed of the samples (the same seed gives the same explanation)
   * @param granularity single tokens or whole words as features; not {@code null}
   * @return LIME's explanation over the features of both texts
   * @throws IllegalArgumentException if either text is empty
   */
  public ai.lantern.core.Explanation explainWithLime(String text, String pair, LimeTextExplainer lime, long seed,
      SubwordPerturber.Granularity granularity) {
    return explainWith(text, pair, lime, seed, granularity);
  }

  /**
   * Any perturbation method (LIME, KernelSHAP, Partition SHAP, occlusion) over the features of
   * both texts, as {@link #explainWithLime} describes.
   *
   * @param text the first text; not {@code null}
   * @param pair the second text; not {@code null}
   * @param lime the perturbation method; its builder's classifier and features are not used; not {@code null}
   * @param seed the random seed of a sampling method (the same seed gives the same explanation)
   * @param granularity single tokens or whole words as features; not {@code null}
   * @return the method's explanation over the features of both texts
   * @throws IllegalArgumentException if either text is empty
   */
  public ai.lantern.core.Explanation explainWith(String text, String pair, PerturbationExplainer lime, long seed,
      SubwordPerturber.Granularity granularity) {
    TextPair p = new TextPair(text, pair);
    if (text.isBlank() || pair.isBlank()) {
      throw new IllegalArgumentException("cannot explain a pair with an empty side: text \"" + text + "\", pair \""
          + pair + "\"");
    }
    SubwordPerturber.Hiding hiding = SubwordPerturber.defaultHiding(model, granularity);
    long replacement = switch (hiding) {
      case REMOVE -> -1;
      case MASK -> model.maskTokenId().getAsLong();
      case UNKNOWN -> model.unknownTokenId().getAsLong();
      case PAD -> model.padTokenId();
    };
    ai.lantern.core.Classifier<ai.lantern.core.spi.TokenIds> onIds = SubwordPerturber.onTokenIds(model);
    return Objects.requireNonNull(lime, "lime").explain(SubwordPerturber.featurize(model.tokenize(p), granularity,
        replacement), onIds, seed);
  }

  private static List<FeatureAttribution> negate(List<FeatureAttribution> a) {
    return a.stream().map(f -> new FeatureAttribution(f.feature(), -f.score())).toList();
  }

  /** Settings of a {@link PairClassificationExplainer}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private GradientTextClassifier model;
    private LayerIntegratedGradients lig;

    private Builder() {}

    /**
     * The sentence-pair classifier to explain (required).
     *
     * @param model a gradient-ready classifier of text pairs
     * @return this builder
     */
    public Builder setModel(GradientTextClassifier model) {
      this.model = model;
      return this;
    }

    /**
     * Integrated Gradients' settings (default: Captum's, on the model).
     *
     * @param lig built with {@code setModel} on the same model, or {@code null} for the default
     * @return this builder
     */
    public Builder optLayerIntegratedGradients(LayerIntegratedGradients lig) {
      this.lig = lig;
      return this;
    }

    /**
     * Builds the explainer.
     *
     * @return a new explainer
     * @throws IllegalArgumentException if the model is missing
     * @throws ai.lantern.core.LanternException if no attribution method was given and the model is not gradient-ready
     */
    public PairClassificationExplainer build() {
      if (model == null) {
        throw new IllegalArgumentException("setModel(...) is required");
      }
      return new PairClassificationExplainer(model, lig != null ? lig
          : LayerIntegratedGradients.builder().setModel(model).build());
    }
  }
}
