package ai.lantern.explainers.tasks;

import ai.lantern.core.Classifier;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.PerturbationSpace;
import ai.lantern.core.TokenIds;
import ai.lantern.core.EntitySpan;
import ai.lantern.core.Probabilities;
import ai.lantern.core.Span;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TargetOutput;
import ai.lantern.core.Task;
import ai.lantern.core.TokenClassificationExplanation;
import ai.lantern.core.TokenPrediction;
import ai.lantern.core.TokenTaskModel;
import ai.lantern.core.TokenizedText;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.text.SubwordPerturber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Token classification (named entities): a label for every token and word, the words grouped
 * into entities by their {@code B-}/{@code I-} labels, and Layer Integrated Gradients for each
 * explained token: the attributions of every token of the text to the softmax probability of
 * that token's predicted label (transformers-interpret's target). Results are keyed by token
 * position, so a string that appears twice keeps two explanations.
 *
 * <pre>{@code
 * TokenClassificationExplainer ner = TokenClassificationExplainer.builder().setModel(model).build();
 * TokenClassificationExplanation e = ner.explain("john smith flew to new york");
 * }</pre>
 *
 * <p>By default every token whose label is not {@code O} is explained; tokens with an ignored
 * label or at an ignored position are labelled but not explained. Cost: one forward pass, then
 * one integration (50 steps by default) per explained token. Immutable and thread-safe.
 */
public final class TokenClassificationExplainer {
  private final TokenTaskModel model;
  private final LayerIntegratedGradients lig;
  private final Set<String> ignoredLabels;
  private final Set<Integer> ignoredIndexes;

  private TokenClassificationExplainer(Builder b) {
    this.model = b.model;
    this.lig = b.lig != null ? b.lig : LayerIntegratedGradients.builder().setTokenModel(b.model).build();
    this.ignoredLabels = Set.copyOf(b.ignoredLabels);
    this.ignoredIndexes = Set.copyOf(b.ignoredIndexes);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * The labels of the text's tokens and words and its entities, without attributions.
   *
   * @throws IllegalArgumentException if the text is empty or longer than the model accepts
   */
  public TokenClassificationExplanation predict(String text) {
    long start = System.nanoTime();
    Labelled l = label(text);
    return new TokenClassificationExplanation("none", text, l.tokens, words(l), entities(text, words(l)), List.of(),
        new Diagnostics(0, 1, Duration.ofNanos(System.nanoTime() - start), null, StopReason.COMPLETED,
            ai.lantern.core.Budget.UNLIMITED));
  }

  /**
   * Explains every token whose label is not ignored.
   *
   * @throws IllegalArgumentException as {@link #predict}
   */
  public TokenClassificationExplanation explain(String text) {
    return explain(text, (int[]) null);
  }

  /**
   * Explains the tokens at {@code positions} (indexes into the tokenized text, special tokens
   * counted), whatever their label.
   *
   * @throws IllegalArgumentException as {@link #predict}, or if a position is out of range,
   *     special or repeated
   */
  public TokenClassificationExplanation explainTokens(String text, int... positions) {
    return explain(text, Objects.requireNonNull(positions, "positions"));
  }

  private TokenClassificationExplanation explain(String text, int[] positions) {
    long start = System.nanoTime();
    Labelled l = label(text);
    TokenizedText t = l.tokenized;
    List<Integer> chosen = new ArrayList<>();
    if (positions == null) {
      for (TokenPrediction p : l.tokens) {
        if (!ignoredLabels.contains(p.label()) && !ignoredIndexes.contains(p.position())) {
          chosen.add(p.position());
        }
      }
    } else {
      Set<Integer> seen = new LinkedHashSet<>();
      for (int p : positions) {
        if (p < 0 || p >= t.size() || t.isSpecial(p)) {
          throw new IllegalArgumentException("token position " + p + " is not a token of the text: positions "
              + "run 0.." + (t.size() - 1) + " and " + specials(t) + " are special tokens");
        }
        if (!seen.add(p)) {
          throw new IllegalArgumentException("token position " + p + " is given twice in " + Arrays.toString(positions));
        }
      }
      chosen.addAll(seen);
    }
    List<TargetExplanation> targets = new ArrayList<>();
    long samples = 0;
    long passes = 1;
    StopReason stop = StopReason.COMPLETED;
    Diagnostics last = null;
    for (int position : chosen) {
      int label = l.labelIndex[position];
      IntegratedGradientsExplanation e = lig.explainToken(t, position, label, TargetOutput.PROBABILITY);
      targets.add(new TargetExplanation(position, model.labels().get(label), l.probability[position],
          e.normalizedTokens(), Map.of("convergenceDelta", e.convergenceDelta(), "fx", e.fx(),
              "fBaseline", e.fBaseline())));
      samples += e.diagnostics().samples();
      passes += e.diagnostics().forwardPasses();
      stop = e.diagnostics().partial() ? e.diagnostics().stop() : stop;
      last = e.diagnostics();
    }
    List<TokenPrediction> words = words(l);
    return new TokenClassificationExplanation("lig", text, l.tokens, words, entities(text, words), targets,
        new Diagnostics(samples, passes, Duration.ofNanos(System.nanoTime() - start), null, stop,
            last == null ? ai.lantern.core.Budget.UNLIMITED : last.budget()));
  }

  /**
   * LIME instead of Integrated Gradients, for every token whose label is not ignored: the text's
   * tokens or whole words hidden by the mask token (or {@code [UNK]}, or padding, whichever the
   * tokenizer has first), so that every token keeps its position; the explained value is the
   * probability of the label {@code lime} chooses for the token (by default its predicted
   * label). Costs one forward pass per distinct sample and explained token.
   *
   * @throws IllegalArgumentException as {@link #predict}
   */
  public TokenClassificationExplanation explainWithLime(String text, LimeTextExplainer lime, long seed,
      SubwordPerturber.Granularity granularity) {
    Objects.requireNonNull(lime, "lime");
    Objects.requireNonNull(granularity, "granularity");
    long start = System.nanoTime();
    Labelled l = label(text);
    TokenizedText t = l.tokenized;
    long replacement = model.maskTokenId().orElse(model.unknownTokenId().orElse(model.padTokenId()));
    PerturbationSpace<TokenIds> space = SubwordPerturber.featurize(t, granularity, replacement);
    List<TargetExplanation> targets = new ArrayList<>();
    long samples = 0;
    long passes = 1;
    StopReason stop = StopReason.COMPLETED;
    ai.lantern.core.Budget budget = ai.lantern.core.Budget.UNLIMITED;
    for (TokenPrediction p : l.tokens) {
      if (ignoredLabels.contains(p.label()) || ignoredIndexes.contains(p.position())) {
        continue;
      }
      int position = p.position();
      Classifier<TokenIds> atPosition = new Classifier<>() {
        @Override
        public List<String> labels() {
          return model.labels();
        }

        @Override
        public double[][] predictProbabilities(List<TokenIds> inputs) {
          double[][][] logits = model.predictTokenLogits(inputs);
          double[][] out = new double[inputs.size()][];
          for (int i = 0; i < out.length; i++) {
            float[] row = new float[logits[i][position].length];
            for (int c = 0; c < row.length; c++) {
              row[c] = (float) logits[i][position][c];
            }
            out[i] = Probabilities.softmax(row);
          }
          return out;
        }
      };
      ai.lantern.core.Explanation e = lime.explain(space, atPosition, seed);
      TargetExplanation x = e.targets().get(0);
      targets.add(new TargetExplanation(position, x.label(), x.modelValue(), x.attributions(), x.quality()));
      samples += e.diagnostics().samples();
      passes += e.diagnostics().forwardPasses();
      stop = e.diagnostics().partial() ? e.diagnostics().stop() : stop;
      budget = e.diagnostics().budget();
    }
    List<TokenPrediction> words = words(l);
    return new TokenClassificationExplanation("lime", text, l.tokens, words, entities(text, words), targets,
        new Diagnostics(samples, passes, Duration.ofNanos(System.nanoTime() - start), seed, stop, budget));
  }

  private static List<Integer> specials(TokenizedText t) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      if (t.isSpecial(i)) {
        out.add(i);
      }
    }
    return out;
  }

  /** The tokens of a text with their predicted labels. */
  private record Labelled(TokenizedText tokenized, List<TokenPrediction> tokens, int[] labelIndex,
      double[] probability) {}

  private Labelled label(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("cannot label an empty text: it has no tokens");
    }
    TokenizedText t = model.tokenize(text);
    if (t.truncated()) {
      throw new IllegalArgumentException("the text has more than the model's " + model.maxLength() + " tokens; "
          + "its last tokens would get no label. Split it into shorter texts");
    }
    double[][] logits = model.predictTokenLogits(List.of(t.ids()))[0];
    int[] index = new int[t.size()];
    double[] probability = new double[t.size()];
    List<TokenPrediction> tokens = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      float[] row = new float[logits[i].length];
      for (int c = 0; c < row.length; c++) {
        row[c] = (float) logits[i][c];
      }
      double[] p = Probabilities.softmax(row);
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        best = p[c] > p[best] ? c : best;
      }
      index[i] = best;
      probability[i] = p[best];
      if (!t.isSpecial(i) && t.spans().get(i) != null) {
        tokens.add(new TokenPrediction(i, t.tokens().get(i), t.spans().get(i), t.wordId(i), model.labels().get(best),
            p[best]));
      }
    }
    return new Labelled(t, tokens, index, probability);
  }

  /** Each word takes its first token's label, and spans all its tokens. */
  private static List<TokenPrediction> words(Labelled l) {
    List<TokenPrediction> out = new ArrayList<>();
    for (TokenPrediction p : l.tokens) {
      TokenPrediction last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.word() == p.word()) {
        Span span = new Span(last.span().start(), p.span().end());
        out.set(out.size() - 1, new TokenPrediction(last.position(), l.tokenized.text().substring(span.start(),
            span.end()), span, last.word(), last.label(), last.probability()));
      } else {
        out.add(new TokenPrediction(p.position(), l.tokenized.text().substring(p.span().start(), p.span().end()),
            p.span(), p.word(), p.label(), p.probability()));
      }
    }
    return out;
  }

  /**
   * Groups words into entities: {@code B-X} starts one, {@code I-X} continues an {@code X} (or
   * starts one after anything else, as HuggingFace's simple aggregation does), {@code O} ends it;
   * a label without a prefix is its own type, consecutive words of that type joined.
   */
  static List<EntitySpan> entities(String text, List<TokenPrediction> words) {
    List<EntitySpan> out = new ArrayList<>();
    String type = null;
    int first = -1;
    int from = 0;
    double sum = 0;
    int count = 0;
    TokenPrediction previous = null;
    for (TokenPrediction w : words) {
      String label = w.label();
      boolean outside = label.equals("O");
      boolean begins = label.startsWith("B-");
      String wordType = outside ? null : label.startsWith("B-") || label.startsWith("I-") ? label.substring(2) : label;
      boolean continues = type != null && !outside && !begins && wordType.equals(type);
      if (!continues && type != null) {
        out.add(entity(text, type, from, previous, sum / count, first));
        type = null;
      }
      if (!outside && !continues) {
        type = wordType;
        first = w.position();
        from = w.span().start();
        sum = 0;
        count = 0;
      }
      if (type != null) {
        sum += w.probability();
        count++;
      }
      previous = w;
    }
    if (type != null) {
      out.add(entity(text, type, from, previous, sum / count, first));
    }
    return out;
  }

  private static EntitySpan entity(String text, String type, int from, TokenPrediction lastWord, double score,
      int first) {
    Span span = new Span(from, lastWord.span().end());
    return new EntitySpan(type, text.substring(span.start(), span.end()), span, score, first, lastWord.position());
  }

  /** Settings of a {@link TokenClassificationExplainer}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private TokenTaskModel model;
    private LayerIntegratedGradients lig;
    private Set<String> ignoredLabels = Set.of("O");
    private Set<Integer> ignoredIndexes = Set.of();

    private Builder() {}

    /** A token-classification model (required). */
    public Builder setModel(TokenTaskModel model) {
      this.model = model;
      return this;
    }

    /** The attribution method, built with {@code setTokenModel} on the same model (default: Captum's settings). */
    public Builder optLayerIntegratedGradients(LayerIntegratedGradients lig) {
      this.lig = lig;
      return this;
    }

    /** Labels whose tokens are not explained (default {@code O}); each must be a label of the model. */
    public Builder optIgnoredLabels(Set<String> labels) {
      this.ignoredLabels = Set.copyOf(labels);
      return this;
    }

    /** Token positions that are not explained (default none). */
    public Builder optIgnoredIndexes(Set<Integer> positions) {
      this.ignoredIndexes = Set.copyOf(positions);
      return this;
    }

    /**
     * @throws IllegalArgumentException if the model is missing or is not a token classifier, or
     *     an ignored label is not one of its labels
     */
    public TokenClassificationExplainer build() {
      if (model == null) {
        throw new IllegalArgumentException("setModel(...) is required");
      }
      if (model.task() != Task.TOKEN_CLASSIFICATION) {
        throw new IllegalArgumentException("TokenClassificationExplainer needs a token-classification model; this "
            + "one is " + model.task());
      }
      for (String label : ignoredLabels) {
        if (!model.labels().contains(label)) {
          throw new IllegalArgumentException("ignored label \"" + label + "\" is not a label of the model; its "
              + "labels are " + model.labels());
        }
      }
      for (int p : ignoredIndexes) {
        if (p < 0) {
          throw new IllegalArgumentException("ignored index " + p + " is negative");
        }
      }
      return new TokenClassificationExplainer(this);
    }
  }
}
