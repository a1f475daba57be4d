package ai.lantern.explainers.tasks;

import ai.lantern.core.Explanation;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.core.GradientTextClassifier;
import ai.lantern.core.Labels;
import ai.lantern.core.Prediction;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import java.util.List;
import java.util.Objects;

/**
 * The one-line entry point for the common case, named after transformers-interpret's: what a
 * sequence classifier predicts, and why, word by word and token by token.
 *
 * <pre>{@code
 * SequenceClassificationExplainer explainer = SequenceClassificationExplainer.of(model);
 * IntegratedGradientsExplanation why = explainer.explain("I love you, I like you");
 * why.words();             // per word, with spans in the text
 * explainer.explain(text, "NEGATIVE");   // a class that was not predicted
 * }</pre>
 *
 * <p>Layer Integrated Gradients with Captum's defaults (50 Gauss–Legendre steps, pad baseline);
 * build a {@link LayerIntegratedGradients} for other settings and pass it to
 * {@link #SequenceClassificationExplainer(GradientTextClassifier, LayerIntegratedGradients)}.
 */
public final class SequenceClassificationExplainer
    implements ai.lantern.core.Explainer<String, IntegratedGradientsExplanation> {
  private final GradientTextClassifier model;
  private final LayerIntegratedGradients lig;

  /**
   * An explainer of {@code model} with {@code lig}'s settings; {@code lig}'s configured target is
   * not used, {@link #explain(String)} explains the predicted class.
   *
   * @param model the sequence classifier; not {@code null}
   * @param lig the attribution method, built with {@code setModel} on the same model; not {@code null}
   * @throws ai.lantern.core.LanternException if the model is not gradient-ready
   */
  public SequenceClassificationExplainer(GradientTextClassifier model, LayerIntegratedGradients lig) {
    this.model = Objects.requireNonNull(model, "model");
    this.lig = Objects.requireNonNull(lig, "lig");
  }

  /**
   * With the default settings.
   *
   * @param model the sequence classifier; not {@code null}
   * @return an explainer with 50 Gauss–Legendre steps and the padding baseline
   * @throws ai.lantern.core.LanternException if the model is not gradient-ready
   */
  public static SequenceClassificationExplainer of(GradientTextClassifier model) {
    return new SequenceClassificationExplainer(model, LayerIntegratedGradients.builder().setModel(model).build());
  }

  /**
   * The predicted class: index, name and probability.
   *
   * @param text the text to classify; not {@code null}
   * @return the class probabilities and the predicted class
   */
  public Prediction predict(String text) {
    return model.predict(text);
  }

  /**
   * A builder, for an explainer with its own Integrated Gradients settings.
   *
   * @return a new builder; {@link Builder#setModel} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Why the model predicted what it did. */
  @Override
  public IntegratedGradientsExplanation explain(String text) {
    return lig.explain(text, null);
  }

  /**
   * What speaks for class {@code label}, predicted or not.
   *
   * @param text the text to explain; not {@code null}
   * @param label a class name of the model
   * @return the attributions of the text's tokens and words to that class
   * @throws IllegalArgumentException listing the valid labels, if {@code label} is not one
   */
  public IntegratedGradientsExplanation explain(String text, String label) {
    return lig.explain(text, Labels.indexOf(model.labels(), label));
  }

  /**
   * A text longer than the model takes, explained window by window, as question answering and
   * token classification already cut long contexts: windows of consecutive tokens that fit the
   * model and overlap by {@code stride} tokens, each explained on its own (its own prediction and,
   * unless Integrated Gradients was given a target, its own predicted class). Every span is moved
   * into the whole text, so the windows' words can be laid side by side on it.
   *
   * @param text the text, of any length
   * @param stride tokens shared by consecutive windows (at most half a window is used)
   * @return one explanation per window, in text order; one window when the text fits
   * @throws IllegalArgumentException if the text has no token, {@code stride} is negative, or the
   *     model cannot cut texts into windows (it does not tokenize whole texts)
   */
  public List<IntegratedGradientsExplanation> explainWindows(String text, int stride) {
    Objects.requireNonNull(text, "text");
    if (stride < 0) {
      throw new IllegalArgumentException("stride must not be negative, got " + stride);
    }
    if (!(model instanceof ai.lantern.core.TokenTaskModel tokens)) {
      throw new IllegalArgumentException("explaining by windows needs a model that tokenizes whole texts "
          + "(TokenTaskModel, as every Transformer model is); " + model.getClass().getSimpleName() + " is not one");
    }
    ai.lantern.core.spi.TokenizedText whole = tokens.tokenizeWhole(text);
    List<IntegratedGradientsExplanation> out = new java.util.ArrayList<>();
    for (TextWindows.Window w : TextWindows.cut(tokens, null, text, whole, stride)) {
      String part = w.tokens().text();
      IntegratedGradientsExplanation e = lig.explain(part);
      out.add(new IntegratedGradientsExplanation(e.prediction(), e.target(), e.label(), shift(e.tokens(), w.offset()),
          shift(e.normalizedTokens(), w.offset()), shift(e.words(), w.offset()), e.fx(), e.fBaseline(),
          e.convergenceDelta(), e.diagnostics()));
    }
    return out;
  }

  private static List<ai.lantern.core.FeatureAttribution> shift(List<ai.lantern.core.FeatureAttribution> list,
      int offset) {
    return list.stream().map(a -> new ai.lantern.core.FeatureAttribution(new ai.lantern.core.Feature(
        a.feature().index(), a.text(), a.feature().spans().stream().map(sp -> new ai.lantern.core.Span(
            sp.start() + offset, sp.end() + offset)).toList(), a.feature().special(), a.feature().sequence()),
        a.score())).toList();
  }

  /**
   * Any perturbation method (LIME, KernelSHAP, Partition SHAP, occlusion) instead of Integrated
   * Gradients, with its own features, labels and seed: the same as {@code method.explain(text, seed)},
   * here so that every task explainer takes a method the same way.
   *
   * @param text the text to explain; not {@code null}
   * @param method the perturbation method, built with its own classifier; not {@code null}
   * @param seed the random seed of a sampling method (the same seed gives the same explanation)
   * @return the method's explanation
   */
  public Explanation explainWith(String text, PerturbationExplainer method, long seed) {
    return Objects.requireNonNull(method, "method").explain(text, seed);
  }

  /** Settings of a {@link SequenceClassificationExplainer}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private GradientTextClassifier model;
    private LayerIntegratedGradients lig;

    private Builder() {}

    /**
     * The sequence classifier to explain (required).
     *
     * @param model a gradient-ready text classifier
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
    public SequenceClassificationExplainer build() {
      if (model == null) {
        throw new IllegalArgumentException("setModel(...) is required");
      }
      return new SequenceClassificationExplainer(model, lig != null ? lig
          : LayerIntegratedGradients.builder().setModel(model).build());
    }
  }
}
