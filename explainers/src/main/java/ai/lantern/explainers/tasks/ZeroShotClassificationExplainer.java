package ai.lantern.explainers.tasks;

import ai.lantern.core.Diagnostics;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.GradientTextClassifier;
import ai.lantern.core.Prediction;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TextPair;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Zero-shot classification with a natural-language-inference model, scored as HuggingFace's
 * zero-shot pipeline scores it, and explained with Layer Integrated Gradients: each candidate
 * label becomes a hypothesis ({@code "this text is about {} ."}), the text is the premise, and
 * <ul>
 *   <li>single-label (default): the scores are a softmax over the candidates of the
 *       entailment logits of their pairs;
 *   <li>multi-label: each candidate's score is the softmax of its pair's contradiction and
 *       entailment logits, taken at entailment.
 * </ul>
 * A candidate's attributions are those of the premise's words to the entailment probability of
 * its pair (the NLI model's own softmax), as transformers-interpret computes them, but with every
 * premise token kept (it drops the last one). The entailment and contradiction classes are found
 * by name in the model's labels ({@code label2id}).
 *
 * <pre>{@code
 * ZeroShotClassificationExplainer zs = ZeroShotClassificationExplainer.builder().setModel(nli).build();
 * Explanation e = zs.explain("the zebra was tired", List.of("animals", "music", "sports"));
 * }</pre>
 *
 * <p>Cost: one forward pass per candidate to score, and one integration (50 steps by default)
 * per explained candidate. Immutable and thread-safe.
 */
public final class ZeroShotClassificationExplainer
    implements ai.lantern.core.Explainer<ai.lantern.core.ZeroShotInput, Explanation> {
  /** The default hypothesis template, transformers-interpret's. */
  public static final String TEMPLATE = "this text is about {} .";

  private final GradientTextClassifier model;
  private final LayerIntegratedGradients lig;
  private final String template;
  private final boolean multiLabel;
  private final int entailment;
  private final int contradiction;

  private ZeroShotClassificationExplainer(Builder b) {
    this.model = b.model;
    this.lig = b.lig != null ? b.lig : LayerIntegratedGradients.builder().setModel(b.model).build();
    this.template = b.template;
    this.multiLabel = b.multiLabel;
    this.entailment = b.entailment;
    this.contradiction = b.contradiction;
  }

  /**
   * A builder with transformers-interpret's template and single-label scores.
   *
   * @return a new builder; {@link Builder#setModel} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The hypothesis for {@code label}.
   *
   * @param label a candidate label; not {@code null}
   * @return the template with every {@code {}} replaced by {@code label}
   */
  public String hypothesis(String label) {
    return template.replace("{}", label);
  }

  /**
   * The candidates' scores, as the pipeline computes them; the prediction's labels are the
   * candidates in the order given. Costs one forward pass per candidate.
   *
   * @param text the text to classify (the premise); not {@code null}
   * @param candidateLabels the labels to score, at least one, each distinct; not {@code null}
   * @return one score per candidate, summing to 1 unless multi-label
   * @throws IllegalArgumentException if the text is empty, or the candidates are empty, blank or
   *     repeated
   */
  public Prediction predict(String text, List<String> candidateLabels) {
    check(text, candidateLabels);
    return Prediction.of(candidateLabels, scores(text, candidateLabels));
  }

  /**
   * The prediction and, for every candidate, the attributions of the text's words to the
   * entailment probability of its hypothesis; word scores are divided by the L2 norm of all the
   * pair's token scores (transformers-interpret's convention). The budget of the attribution
   * method covers the whole call: each candidate's integration gets an equal share of what is left.
   *
   * @throws IllegalArgumentException as {@link #predict}
   */
  @Override
  public Explanation explain(ai.lantern.core.ZeroShotInput input) {
    return explain(input.text(), input.candidateLabels());
  }

  /**
   * Any perturbation method with word features over the premise; see
   * {@link #explainWith(String, List, PerturbationExplainer, long)}.
   *
   * @param input the text and its candidate labels; not {@code null}
   * @param method the perturbation method, with WORD features; its builder's classifier is not used
   * @param seed the random seed of a sampling method (the same seed gives the same explanation)
   * @return the method's explanation of the candidates' scores
   * @throws IllegalArgumentException as {@link #predict}
   * @throws IllegalStateException if {@code method}'s features are not WORD
   */
  public Explanation explainWith(ai.lantern.core.ZeroShotInput input, PerturbationExplainer method, long seed) {
    return explainWith(input.text(), input.candidateLabels(), method, seed);
  }

  /**
   * As {@link #explain(ai.lantern.core.ZeroShotInput)}, with the text and the candidates given apart.
   *
   * @param text the text to classify (the premise); not {@code null}
   * @param candidateLabels the labels to score, at least one, each distinct; not {@code null}
   * @return a {@code lig} explanation: the prediction and one target per candidate, in the order given
   * @throws IllegalArgumentException as {@link #predict}
   * @throws ai.lantern.core.BudgetExceededException if a candidate's share of the budget leaves too few steps
   */
  public Explanation explain(String text, List<String> candidateLabels) {
    long start = lig.ticker().read();
    Prediction prediction = predict(text, candidateLabels);
    List<TargetExplanation> targets = new ArrayList<>();
    long samples = 0;
    long passes = candidateLabels.size();
    StopReason stop = StopReason.COMPLETED;
    for (int c = 0; c < candidateLabels.size(); c++) {
      IntegratedGradientsExplanation e = lig.explain(new TextPair(text, hypothesis(candidateLabels.get(c))),
          entailment, Shares.next(lig.budget(), lig.ticker(), start, passes, candidateLabels.size() - c));
      double norm = e.norm() > 0 ? e.norm() : 1;
      List<FeatureAttribution> premise = e.words().stream().filter(w -> w.feature().sequence() == 0)
          .map(w -> new FeatureAttribution(w.feature(), w.score() / norm)).toList();
      targets.add(new TargetExplanation(c, candidateLabels.get(c), prediction.probabilities().get(c), premise,
          Map.of("convergenceDelta", e.convergenceDelta(), "fx", e.fx(), "fBaseline", e.fBaseline())));
      samples += e.diagnostics().samples();
      passes += e.diagnostics().forwardPasses();
      stop = e.diagnostics().partial() ? e.diagnostics().stop() : stop;
    }
    return new Explanation("lig", prediction, targets, new Diagnostics(samples, passes,
        Duration.ofNanos(lig.ticker().read() - start), null, stop, lig.budget()));
  }

  /**
   * Layer Integrated Gradients of the entailment probability of {@code (text, hypothesis(label))},
   * with the tokens and words of both texts.
   *
   * @param text the premise; not {@code null}
   * @param label the candidate label put into the hypothesis; not {@code null}
   * @return the attributions to the entailment class; sequence 0 is the premise, 1 the hypothesis
   * @throws IllegalArgumentException if the text or the label is empty
   */
  public IntegratedGradientsExplanation explainLabel(String text, String label) {
    check(text, List.of(label));
    return lig.explain(new TextPair(text, hypothesis(label)), entailment);
  }

  /**
   * The candidates as a text classifier: each text's scores, as {@link #predict} gives them, one
   * batched pass for all texts and candidates. What LIME perturbs.
   *
   * @param candidateLabels the labels to score, at least one, each distinct; copied
   * @return a classifier whose labels are the candidates, in the order given
   * @throws IllegalArgumentException if the candidates are empty, blank or repeated
   */
  public ai.lantern.core.TextClassifier asClassifier(List<String> candidateLabels) {
    check("-", candidateLabels);
    List<String> candidates = List.copyOf(candidateLabels);
    return ai.lantern.core.TextClassifier.of(candidates, texts -> {
      List<TextPair> pairs = new ArrayList<>(texts.size() * candidates.size());
      for (String t : texts) {
        for (String c : candidates) {
          pairs.add(new TextPair(t, hypothesis(c)));
        }
      }
      double[][] logits = model.predictPairLogits(pairs);
      double[][] out = new double[texts.size()][];
      for (int i = 0; i < out.length; i++) {
        out[i] = scores(java.util.Arrays.copyOfRange(logits, i * candidates.size(), (i + 1) * candidates.size()));
      }
      return out;
    });
  }

  /**
   * LIME instead of Integrated Gradients: the premise's words perturbed (as {@code lime}'s word
   * features cut them), every sample scored against all candidates, a surrogate per explained
   * candidate ({@code lime}'s label choice, by default the predicted one). Costs one forward pass
   * per distinct sample and candidate.
   *
   * @param text the text to classify (the premise); not {@code null}
   * @param candidateLabels the labels to score, at least one, each distinct; not {@code null}
   * @param lime the LIME explainer, with WORD features; its builder's classifier is not used
   * @param seed the random seed of the samples (the same seed gives the same explanation)
   * @return LIME's explanation of the candidates' scores over the premise's words
   * @throws IllegalArgumentException as {@link #predict}
   * @throws IllegalStateException if {@code lime}'s features are not WORD
   */
  public Explanation explainWithLime(String text, List<String> candidateLabels, LimeTextExplainer lime, long seed) {
    return explainWith(text, candidateLabels, lime, seed);
  }

  /**
   * Any perturbation method (LIME, KernelSHAP, Partition SHAP, occlusion) with word features
   * instead of Integrated Gradients, as {@link #explainWithLime} describes.
   *
   * @param text the text to classify (the premise); not {@code null}
   * @param candidateLabels the labels to score, at least one, each distinct; not {@code null}
   * @param method the perturbation method, with WORD features; its builder's classifier is not used
   * @param seed the random seed of a sampling method (the same seed gives the same explanation)
   * @return the method's explanation of the candidates' scores over the premise's words
   * @throws IllegalArgumentException as {@link #predict}
   * @throws IllegalStateException if {@code method}'s features are not WORD
   */
  public Explanation explainWith(String text, List<String> candidateLabels, PerturbationExplainer method, long seed) {
    check(text, candidateLabels);
    return Objects.requireNonNull(method, "method").explain(text, asClassifier(candidateLabels), seed);
  }

  private double[] scores(String text, List<String> candidates) {
    List<TextPair> pairs = candidates.stream().map(c -> new TextPair(text, hypothesis(c))).toList();
    return scores(model.predictPairLogits(pairs));
  }

  /** The pipeline's scores from the NLI logits of each candidate's pair. */
  private double[] scores(double[][] logits) {
    double[] out = new double[logits.length];
    if (multiLabel) {
      for (int c = 0; c < out.length; c++) {
        out[c] = 1 / (1 + Math.exp(logits[c][contradiction] - logits[c][entailment]));
      }
      return out;
    }
    for (int c = 0; c < out.length; c++) {
      out[c] = logits[c][entailment];
    }
    return ai.lantern.core.Probabilities.softmax(out);
  }

  private static void check(String text, List<String> candidates) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(candidates, "candidateLabels");
    if (text.isBlank()) {
      throw new IllegalArgumentException("cannot classify an empty text");
    }
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no candidate labels: zero-shot classification needs at least one");
    }
    Set<String> seen = new HashSet<>();
    for (String c : candidates) {
      if (c == null || c.isBlank()) {
        throw new IllegalArgumentException("candidate labels must not be empty, got " + candidates);
      }
      if (!seen.add(c)) {
        throw new IllegalArgumentException("candidate label \"" + c + "\" is given twice in " + candidates);
      }
    }
  }

  /** Settings of a {@link ZeroShotClassificationExplainer}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private GradientTextClassifier model;
    private LayerIntegratedGradients lig;
    private String template = TEMPLATE;
    private boolean multiLabel;
    private int entailment;
    private int contradiction;

    private Builder() {}

    /**
     * An NLI model: a sentence-pair classifier with entailment and contradiction classes (required).
     *
     * @param model a classifier with labels starting {@code entail} and {@code contradict}, in any case
     * @return this builder
     */
    public Builder setModel(GradientTextClassifier model) {
      this.model = model;
      return this;
    }

    /**
     * The attribution method and its settings (default: Captum's, on {@code model}).
     *
     * @param lig built with {@code setModel} on the same model, or {@code null} for the default
     * @return this builder
     */
    public Builder optLayerIntegratedGradients(LayerIntegratedGradients lig) {
      this.lig = lig;
      return this;
    }

    /**
     * The hypothesis, with {@code {}} where the label goes (default {@value #TEMPLATE}).
     *
     * @param template a text with at least one {@code {}}; not {@code null}
     * @return this builder
     */
    public Builder optHypothesisTemplate(String template) {
      this.template = template;
      return this;
    }

    /**
     * Score each candidate on its own (entailment vs contradiction) rather than against the others.
     *
     * @param multiLabel true for independent scores; false (default) for a softmax over the candidates
     * @return this builder
     */
    public Builder optMultiLabel(boolean multiLabel) {
      this.multiLabel = multiLabel;
      return this;
    }

    /**
     * Checks the settings, finds the entailment and contradiction classes, and builds the explainer.
     *
     * @return a new, immutable explainer
     * @throws IllegalArgumentException if the model is missing, the template has no {@code {}},
     *     or the model's labels have no entailment or contradiction class
     * @throws ai.lantern.core.LanternException if no attribution method was given and the model is not gradient-ready
     */
    public ZeroShotClassificationExplainer build() {
      if (model == null) {
        throw new IllegalArgumentException("setModel(...) is required");
      }
      Objects.requireNonNull(template, "template");
      if (!template.contains("{}")) {
        throw new IllegalArgumentException("the hypothesis template \"" + template + "\" has no {} for the label");
      }
      entailment = find(model.labels(), "entail");
      contradiction = find(model.labels(), "contradict");
      return new ZeroShotClassificationExplainer(this);
    }

    private static int find(List<String> labels, String prefix) {
      for (int i = 0; i < labels.size(); i++) {
        if (labels.get(i).toLowerCase(Locale.ROOT).startsWith(prefix)) {
          return i;
        }
      }
      throw new IllegalArgumentException("zero-shot classification needs an NLI model, whose labels (label2id) "
          + "include a class named " + prefix + "…; this model's labels are " + labels);
    }
  }
}
