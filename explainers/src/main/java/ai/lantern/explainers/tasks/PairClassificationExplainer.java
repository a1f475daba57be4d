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

  public PairClassificationExplainer(GradientTextClassifier model, LayerIntegratedGradients lig) {
    this.model = Objects.requireNonNull(model, "model");
    this.lig = Objects.requireNonNull(lig, "lig");
  }

  /** Layer Integrated Gradients with Captum's defaults. */
  public static PairClassificationExplainer of(GradientTextClassifier model) {
    return new PairClassificationExplainer(model, LayerIntegratedGradients.builder().setModel(model).build());
  }

  public Prediction predict(String text, String pair) {
    return Prediction.of(model.labels(), model.predictPairs(List.of(new TextPair(text, pair)))[0]);
  }

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
   */
  public ai.lantern.core.Explanation explainWith(TextPair pair, PerturbationExplainer method, long seed) {
    return explainWith(pair.text(), pair.pair(), method, seed, SubwordPerturber.Granularity.WHOLE_WORD);
  }

  /** Why the model predicted what it did for the pair. */
  public IntegratedGradientsExplanation explain(String text, String pair) {
    return explain(text, pair, false);
  }

  /**
   * @param flipSign explain {@code 1 − F} (for a single-logit model: why the score is low) rather
   *     than {@code F}: integrated gradients are linear in the explained output, so every
   *     attribution changes sign
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

    public Builder setModel(GradientTextClassifier model) {
      this.model = model;
      return this;
    }

    /** Integrated Gradients' settings (default: Captum's, on the model). */
    public Builder optLayerIntegratedGradients(LayerIntegratedGradients lig) {
      this.lig = lig;
      return this;
    }

    /** @throws IllegalArgumentException if the model is missing */
    public PairClassificationExplainer build() {
      if (model == null) {
        throw new IllegalArgumentException("setModel(...) is required");
      }
      return new PairClassificationExplainer(model, lig != null ? lig
          : LayerIntegratedGradients.builder().setModel(model).build());
    }
  }
}
