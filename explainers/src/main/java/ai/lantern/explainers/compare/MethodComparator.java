package ai.lantern.explainers.compare;

import ai.lantern.core.Budget;
import ai.lantern.core.Classifier;
import ai.lantern.core.Comparison;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.GradientTextClassifier;
import ai.lantern.core.Labels;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.SubwordTextClassifier;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TextClassifier;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.explainers.faithfulness.Faithfulness;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.occlusion.Occlusion;
import ai.lantern.explainers.shapley.KernelShap;
import ai.lantern.explainers.shapley.PartitionShap;
import ai.lantern.explainers.text.SubwordPerturber;
import ai.lantern.explainers.text.WordPerturber;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every method on the same text, the same class and the same features, as ferret's
 * {@code Benchmark} does in Python: the features are the text's words as the model's tokenizer cuts
 * them (hidden by removal; lime's words, per occurrence, for a classifier that only takes text), so
 * that scores line up one to one; Integrated Gradients' word sums are matched to them by span.
 * Each explanation carries its comprehensiveness and sufficiency measured on those features, and
 * each pair of methods gets Kendall's τ-b and the overlap of their top features.
 *
 * <pre>{@code
 * Comparison c = MethodComparator.builder().setClassifier(model).build().compare("a gripping film");
 * System.out.println(c);
 * }</pre>
 */
public final class MethodComparator {
  /** The methods {@link Builder#optMethods} accepts; {@code shap} is {@code partition-shap}. */
  public static final List<String> METHODS = List.of("lime", "lig", "kernel-shap", "partition-shap", "shap",
      "occlusion");

  private final TextClassifier classifier;
  private final List<String> methods;
  private final String label;
  private final int topK;
  private final long seed;
  private final int limeSamples;
  private final Budget budget;

  private MethodComparator(Builder b) {
    this.classifier = b.classifier;
    this.methods = b.methods;
    this.label = b.label;
    this.topK = b.topK;
    this.seed = b.seed;
    this.limeSamples = b.limeSamples;
    this.budget = b.budget;
  }

  /**
   * A builder with the defaults: the methods the classifier allows, the predicted class, top 5.
   *
   * @return a new builder; {@link Builder#setClassifier} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs every method on {@code text}.
   *
   * @param text the text to explain, not {@code null}
   * @return each method's explanation of the same class over the same features, with their faithfulness, and
   *     the agreement of every pair of methods
   * @throws IllegalArgumentException if the text has no feature
   * @throws ai.lantern.core.BudgetExceededException if a method's budget ran out below its minimum
   */
  public Comparison compare(String text) {
    Objects.requireNonNull(text, "text");
    if (classifier instanceof SubwordTextClassifier sub) {
      PerturbationSpace<TokenIds> space = SubwordPerturber.featurize(sub.tokenize(text),
          SubwordPerturber.Granularity.WHOLE_WORD, -1);
      Classifier<TokenIds> onIds = SubwordPerturber.onTokenIds(sub);
      return run(text, space, onIds);
    }
    return run(text, new WordPerturber(false, "").featurize(text), classifier);
  }

  private <P> Comparison run(String text, PerturbationSpace<P> space, Classifier<P> model) {
    String target = label != null ? label
        : classifier.predict(text).label();
    List<Comparison.Method> results = new ArrayList<>();
    for (String name : methods) {
      String m = name.equals("shap") ? "partition-shap" : name;
      Explanation e = m.equals("lig") ? lig(text, target, space, model)
          : perturbation(m, space.size(), target).explain(space, model, seed);
      results.add(new Comparison.Method(m, e));
    }
    List<Comparison.Agreement> agreements = new ArrayList<>();
    for (int i = 0; i < results.size(); i++) {
      for (int j = i + 1; j < results.size(); j++) {
        double[] a = scores(results.get(i).target(), space.size());
        double[] b = scores(results.get(j).target(), space.size());
        agreements.add(new Comparison.Agreement(results.get(i).name(), results.get(j).name(),
            RankAgreement.kendallTauB(a, b), RankAgreement.topKOverlap(a, b, Math.min(topK, a.length))));
      }
    }
    return new Comparison(text, topK, results, agreements);
  }

  private PerturbationExplainer perturbation(String method, int features, String target) {
    return switch (method) {
      case "lime" -> LimeTextExplainer.builder().optNumSamples(limeSamples).optNumFeatures(features)
          .optLabels(target).optBudget(budget).build();
      case "kernel-shap" -> KernelShap.builder().optLabels(target).optBudget(budget).build();
      case "partition-shap" -> PartitionShap.builder().optLabels(target).optBudget(budget).build();
      case "occlusion" -> Occlusion.builder().optLabels(target).optBudget(budget).build();
      default -> throw new IllegalArgumentException("unknown method '" + method + "'; methods: " + METHODS);
    };
  }

  /** LIG's word sums on the shared features (matched by span), with faithfulness measured on them. */
  private <P> Explanation lig(String text, String target, PerturbationSpace<P> space, Classifier<P> model) {
    long start = System.nanoTime();
    GradientTextClassifier g = (GradientTextClassifier) classifier;
    IntegratedGradientsExplanation x = LayerIntegratedGradients.builder().setModel(g).optBudget(budget).build()
        .explain(text, Labels.indexOf(g.labels(), target));
    List<FeatureAttribution> attributions = Faithfulness.onFeatures(x.words(), space.features());
    TargetExplanation t = new TargetExplanation(x.target(), x.label(), x.fx(), attributions,
        Map.of("convergenceDelta", x.convergenceDelta()));
    Explanation e = new Explanation("lig", x.prediction(), List.of(t), x.diagnostics());
    return Faithfulness.attach(e, space, model, start);
  }

  private static double[] scores(TargetExplanation t, int n) {
    double[] s = new double[n];
    for (FeatureAttribution a : t.attributions()) {
      s[a.feature().index()] = a.score();
    }
    return s;
  }

  /** Settings of a {@link MethodComparator}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private TextClassifier classifier;
    private List<String> methods;
    private String label;
    private int topK = 5;
    private long seed;
    private int limeSamples = 5000;
    private Budget budget = Budget.UNLIMITED;

    private Builder() {}

    /**
     * The model; Integrated Gradients needs a {@link GradientTextClassifier}.
     *
     * @param classifier the model to explain, required
     * @return this builder
     */
    public Builder setClassifier(TextClassifier classifier) {
      this.classifier = classifier;
      return this;
    }

    /**
     * The methods, in order (default: lime, lig when the model has gradients, partition-shap,
     * occlusion).
     *
     * @param methods distinct names from {@link #METHODS}, at least one
     * @return this builder
     */
    public Builder optMethods(String... methods) {
      this.methods = List.of(methods);
      return this;
    }

    /**
     * The class every method explains (default: the predicted one).
     *
     * @param label one of the classifier's labels, exactly as written, or {@code null} for the predicted one
     * @return this builder
     */
    public Builder optLabel(String label) {
      this.label = label;
      return this;
    }

    /**
     * Features compared by the top-k overlap (default 5).
     *
     * @param topK at least 1; cut to the number of features of a shorter text
     * @return this builder
     */
    public Builder optTopK(int topK) {
      this.topK = topK;
      return this;
    }

    /**
     * Seed of the sampling methods (default 0).
     *
     * @param seed the seed every sampling method is given
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * LIME's samples (default 5000).
     *
     * @param samples LIME's samples, the original text included, at least 2 (checked when comparing)
     * @return this builder
     */
    public Builder optLimeSamples(int samples) {
      this.limeSamples = samples;
      return this;
    }

    /**
     * The budget of each method (default: none).
     *
     * @param budget the limits of each method's explanation, not {@code null}
     * @return this builder
     */
    public Builder optBudget(Budget budget) {
      this.budget = Objects.requireNonNull(budget, "budget");
      return this;
    }

    /**
     * Checks the settings and builds the comparator.
     *
     * @return a comparator with these settings
     * @throws IllegalArgumentException naming the setting, if one is missing or invalid
     */
    public MethodComparator build() {
      if (classifier == null) {
        throw new IllegalArgumentException("setClassifier(...) is required");
      }
      if (methods == null) {
        methods = classifier instanceof GradientTextClassifier
            ? List.of("lime", "lig", "partition-shap", "occlusion") : List.of("lime", "partition-shap", "occlusion");
      }
      if (methods.isEmpty()) {
        throw new IllegalArgumentException("methods must not be empty; methods: " + METHODS);
      }
      for (String m : methods) {
        if (!METHODS.contains(m)) {
          throw new IllegalArgumentException("unknown method '" + m + "'; methods: " + METHODS);
        }
        if (m.equals("lig") && !(classifier instanceof GradientTextClassifier)) {
          throw new IllegalArgumentException("lig needs a model with gradients (GradientTextClassifier); this one "
              + "only answers with probabilities (an ONNX model or a function): leave lig out");
        }
      }
      if (methods.stream().map(m -> m.equals("shap") ? "partition-shap" : m).distinct().count() != methods.size()) {
        throw new IllegalArgumentException("each method once, got " + methods);
      }
      if (topK < 1) {
        throw new IllegalArgumentException("topK must be at least 1, got " + topK);
      }
      if (label != null) {
        Labels.indexOf(classifier.labels(), label);
      }
      return new MethodComparator(this);
    }
  }
}
