package ai.lantern.explainers.tasks;

import ai.lantern.core.Classifier;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.spi.TokenIds;
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
import ai.lantern.core.spi.TokenizedText;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.PerturbationExplainer;
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
 * label or at an ignored position are labelled but not explained. A text longer than the model
 * accepts is cut into overlapping windows ({@code stride} tokens shared); each token is labelled
 * and explained in the window where it has the most context, and positions and spans always
 * refer to the whole text. Cost: one batched forward pass over the windows, then one integration
 * (50 steps by default) per explained token; the attribution method's budget covers the whole
 * call, each token getting an equal share of what is left. Immutable and thread-safe.
 *
 * <p>Why one class of this size: labelling, windows over long texts and the two methods share the
 * private {@code Labelled} view of a text (tokens, windows, each token's best window); splitting
 * them would expose it. Entities are grouped apart, in {@code BioEntities}.
 */
public final class TokenClassificationExplainer
    implements ai.lantern.core.Explainer<String, TokenClassificationExplanation> {
  private final TokenTaskModel model;
  private final LayerIntegratedGradients lig;
  private final Set<String> ignoredLabels;
  private final Set<Integer> ignoredIndexes;
  private final int stride;

  private TokenClassificationExplainer(Builder b) {
    this.stride = b.stride;
    this.model = b.model;
    this.lig = b.lig != null ? b.lig : LayerIntegratedGradients.builder().setTokenModel(b.model).build();
    this.ignoredLabels = Set.copyOf(b.ignoredLabels);
    this.ignoredIndexes = Set.copyOf(b.ignoredIndexes);
  }

  /**
   * A builder that ignores the {@code O} label, with a stride of 128.
   *
   * @return a new builder; {@link Builder#setModel} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The labels of the text's tokens and words and its entities, without attributions.
   *
   * @param text the text to label, of any length; not {@code null}
   * @return the labels and entities, with method {@code none} and no targets
   * @throws IllegalArgumentException if the text is empty
   */
  public TokenClassificationExplanation predict(String text) {
    long start = System.nanoTime();
    Labelled l = label(text);
    return new TokenClassificationExplanation("none", text, l.tokens, words(l), BioEntities.of(text, words(l)), List.of(),
        new Diagnostics(0, 1, Duration.ofNanos(System.nanoTime() - start), null, StopReason.COMPLETED,
            ai.lantern.core.Budget.UNLIMITED));
  }

  /**
   * Explains every token whose label is not ignored.
   *
   * @throws IllegalArgumentException as {@link #predict}
   */
  @Override
  public TokenClassificationExplanation explain(String text) {
    return explain(text, (int[]) null);
  }

  /**
   * Explains the tokens at {@code positions} (indexes into the tokenized text, special tokens
   * counted), whatever their label.
   *
   * @param text the text to label and explain, of any length; not {@code null}
   * @param positions positions in the whole text's tokenization; none explains no token; not {@code null}
   * @return the labels, and one target per position, in the order given
   * @throws IllegalArgumentException as {@link #predict}, or if a position is out of range,
   *     special or repeated
   */
  public TokenClassificationExplanation explainTokens(String text, int... positions) {
    return explain(text, Objects.requireNonNull(positions, "positions"));
  }

  private TokenClassificationExplanation explain(String text, int[] positions) {
    long start = lig.ticker().read();
    Labelled l = label(text);
    TokenizedText t = l.whole;
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
    for (int k = 0; k < chosen.size(); k++) {
      int position = chosen.get(k);
      int label = l.labelIndex[position];
      Window w = l.windows.get(l.windowOf[position]);
      IntegratedGradientsExplanation e = lig.explainToken(w.tokens, l.local[position], label,
          TargetOutput.PROBABILITY, Shares.next(lig.budget(), lig.ticker(), start, passes, chosen.size() - k));
      targets.add(new TargetExplanation(position, model.labels().get(label), l.probability[position],
          w.toWhole(e.normalizedTokens(), true), Map.of("convergenceDelta", e.convergenceDelta(), "fx", e.fx(),
              "fBaseline", e.fBaseline())));
      samples += e.diagnostics().samples();
      passes += e.diagnostics().forwardPasses();
      stop = e.diagnostics().partial() ? e.diagnostics().stop() : stop;
    }
    List<TokenPrediction> words = words(l);
    return new TokenClassificationExplanation("lig", text, l.tokens, words, BioEntities.of(text, words), targets,
        new Diagnostics(samples, passes, Duration.ofNanos(lig.ticker().read() - start), null, stop,
            lig.budget()));
  }

  /**
   * LIME instead of Integrated Gradients, for every token whose label is not ignored: the text's
   * tokens or whole words hidden by the mask token (or {@code [UNK]}, or padding, whichever the
   * tokenizer has first), so that every token keeps its position; the explained value is the
   * probability of the label {@code lime} chooses for the token (by default its predicted
   * label). Costs one forward pass per distinct sample and explained token.
   *
   * @param text the text to label and explain, of any length; not {@code null}
   * @param lime the LIME explainer; its builder's classifier and features are not used; not {@code null}
   * @param seed the random seed of the samples, the same for every token
   * @param granularity single tokens or whole words as features; not {@code null}
   * @return the labels, and one target per explained token, keyed by its position in the whole text
   * @throws IllegalArgumentException as {@link #predict}
   */
  public TokenClassificationExplanation explainWithLime(String text, LimeTextExplainer lime, long seed,
      SubwordPerturber.Granularity granularity) {
    return explainWith(text, lime, seed, granularity);
  }

  /**
   * Any perturbation method (LIME, KernelSHAP, Partition SHAP, occlusion) instead of Integrated
   * Gradients, as {@link #explainWithLime} describes: each explained token's label probability,
   * the text's tokens or whole words hidden so that every token keeps its position.
   *
   * @param text the text to label and explain, of any length; not {@code null}
   * @param method the perturbation method; its builder's classifier and features are not used; not {@code null}
   * @param seed the random seed of a sampling method, the same for every token
   * @return the labels, and one target per explained token, single tokens as features
   * @throws IllegalArgumentException as {@link #predict}
   */
  public TokenClassificationExplanation explainWith(String text, PerturbationExplainer method, long seed) {
    return explainWith(text, method, seed, SubwordPerturber.Granularity.TOKEN);
  }

  /**
   * As {@link #explainWith(String, PerturbationExplainer, long)}, with tokens or whole words as features.
   *
   * @param text the text to label and explain, of any length; not {@code null}
   * @param lime the perturbation method (LIME or another); its classifier and features are not used; not {@code null}
   * @param seed the random seed of a sampling method, the same for every token
   * @param granularity single tokens or whole words as features; not {@code null}
   * @return the labels, and one target per explained token
   * @throws IllegalArgumentException as {@link #predict}
   */
  public TokenClassificationExplanation explainWith(String text, PerturbationExplainer lime, long seed,
      SubwordPerturber.Granularity granularity) {
    Objects.requireNonNull(lime, "method");
    Objects.requireNonNull(granularity, "granularity");
    long start = lime.ticker().read();
    Labelled l = label(text);
    long replacement = model.maskTokenId().orElse(model.unknownTokenId().orElse(model.padTokenId()));
    List<PerturbationSpace<TokenIds>> spaces = new ArrayList<>();
    for (Window w : l.windows) {
      spaces.add(SubwordPerturber.featurize(w.tokens, granularity, replacement));
    }
    List<TargetExplanation> targets = new ArrayList<>();
    long samples = 0;
    long passes = 1;
    long evaluationPasses = 0;
    StopReason stop = StopReason.COMPLETED;
    List<TokenPrediction> explained = l.tokens.stream()
        .filter(p -> !ignoredLabels.contains(p.label()) && !ignoredIndexes.contains(p.position())).toList();
    for (int k = 0; k < explained.size(); k++) {
      TokenPrediction p = explained.get(k);
      Window w = l.windows.get(l.windowOf[p.position()]);
      int position = l.local[p.position()];
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
            out[i] = Probabilities.softmax(logits[i][position]);
          }
          return out;
        }
      };
      ai.lantern.core.Explanation e = lime.explain(spaces.get(l.windowOf[p.position()]), atPosition, seed,
          Shares.next(lime.budget(), lime.ticker(), start, passes, explained.size() - k));
      TargetExplanation x = e.targets().get(0);
      targets.add(new TargetExplanation(p.position(), x.label(), x.modelValue(), w.toWhole(x.attributions(), false),
          x.quality()));
      samples += e.diagnostics().samples();
      passes += e.diagnostics().forwardPasses();
      evaluationPasses += e.diagnostics().evaluationPasses();
      stop = e.diagnostics().partial() ? e.diagnostics().stop() : stop;
    }
    List<TokenPrediction> words = words(l);
    return new TokenClassificationExplanation(lime.method(), text, l.tokens, words, BioEntities.of(text, words), targets,
        new Diagnostics(samples, passes, Duration.ofNanos(lime.ticker().read() - start), seed, stop, lime.budget(),
            evaluationPasses));
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

  /**
   * One window of a text, as the model receives it: a text that fits is its own single window;
   * a longer one is cut into overlapping windows of consecutive tokens.
   *
   * @param tokens the window's tokens (spans index into the window's substring)
   * @param offset where the window starts in the text
   * @param whole each window token's position in the whole text's tokenization
   */
  private record Window(TokenizedText tokens, int offset, int[] whole) {
    /**
     * Attributions with spans in the whole text; with {@code positions}, feature indexes become
     * positions in the whole text's tokenization (the window's special tokens take those of the
     * whole text).
     */
    List<ai.lantern.core.FeatureAttribution> toWhole(List<ai.lantern.core.FeatureAttribution> attributions,
        boolean positions) {
      if (offset == 0 && !positions) {
        return attributions;
      }
      List<ai.lantern.core.FeatureAttribution> out = new ArrayList<>(attributions.size());
      for (ai.lantern.core.FeatureAttribution a : attributions) {
        ai.lantern.core.Feature f = a.feature();
        List<Span> spans = f.spans().stream().map(x -> new Span(x.start() + offset, x.end() + offset)).toList();
        int index = positions ? whole[f.index()] : f.index();
        out.add(new ai.lantern.core.FeatureAttribution(new ai.lantern.core.Feature(index, f.text(), spans, f.special(),
            f.sequence()), a.score()));
      }
      return out;
    }
  }

  /**
   * The tokens of a text with their predicted labels; arrays are indexed by position in the whole
   * text's tokenization.
   */
  private record Labelled(TokenizedText whole, List<Window> windows, int[] windowOf, int[] local,
      List<TokenPrediction> tokens, int[] labelIndex, double[] probability) {}

  private Labelled label(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("cannot label an empty text: it has no tokens");
    }
    // One tokenization serves both cases: a text that fits is its own window.
    TokenizedText whole = model.tokenizeWhole(text);
    List<Window> windows = whole.size() > model.maxLength() ? cut(text, whole)
        : List.of(new Window(whole, 0, java.util.stream.IntStream.range(0, whole.size()).toArray()));
    double[][][] logits = model.predictTokenLogits(windows.stream().map(w -> w.tokens.ids()).toList());
    int n = whole.size();
    int[] windowOf = new int[n];
    int[] local = new int[n];
    int[] margin = new int[n];
    Arrays.fill(windowOf, -1);
    Arrays.fill(margin, -1);
    // A token seen by several windows takes its label from the one where it has most context.
    for (int w = 0; w < windows.size(); w++) {
      Window win = windows.get(w);
      int first = -1;
      int last = -1;
      for (int j = 0; j < win.tokens.size(); j++) {
        if (!win.tokens.isSpecial(j)) {
          first = first < 0 ? j : first;
          last = j;
        }
      }
      for (int j = 0; j < win.tokens.size(); j++) {
        int p = win.whole[j];
        if (win.tokens.isSpecial(j) || p < 0) {
          continue;
        }
        int m = Math.min(j - first, last - j);
        if (m > margin[p]) {
          margin[p] = m;
          windowOf[p] = w;
          local[p] = j;
        }
      }
    }
    int[] index = new int[n];
    double[] probability = new double[n];
    List<TokenPrediction> tokens = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (whole.isSpecial(i) || whole.spans().get(i) == null) {
        continue;
      }
      if (windowOf[i] < 0) {
        throw new IllegalStateException("token " + i + " of the text fell outside every window");
      }
      double[] p = Probabilities.softmax(logits[windowOf[i]][local[i]]);
      int best = 0;
      for (int c = 1; c < p.length; c++) {
        best = p[c] > p[best] ? c : best;
      }
      index[i] = best;
      probability[i] = p[best];
      tokens.add(new TokenPrediction(i, whole.tokens().get(i), whole.spans().get(i), whole.wordId(i),
          model.labels().get(best), p[best]));
    }
    return new Labelled(whole, windows, windowOf, local, tokens, index, probability);
  }

  /**
   * Windows of at most the model's length, consecutive ones sharing {@code stride} tokens, each
   * token mapped to its position in the whole text (the window's special tokens to the whole
   * text's first and last).
   */
  private List<Window> cut(String text, TokenizedText whole) {
    List<Integer> content = new ArrayList<>();
    Map<Integer, Integer> byStart = new java.util.HashMap<>();
    for (int i = 0; i < whole.size(); i++) {
      if (!whole.isSpecial(i) && whole.spans().get(i) != null) {
        content.add(i);
        byStart.putIfAbsent(whole.spans().get(i).start(), i);
      }
    }
    List<Window> out = new ArrayList<>();
    for (TextWindows.Window w : TextWindows.cut(model, null, text, whole, stride)) {
      TokenizedText t = w.tokens();
      int[] map = new int[t.size()];
      for (int j = 0; j < t.size(); j++) {
        if (t.isSpecial(j) || t.spans().get(j) == null) {
          map[j] = j == 0 ? 0 : whole.size() - 1;
        } else {
          int at = t.spans().get(j).start() + w.offset();
          map[j] = byStart.getOrDefault(at, covering(whole, content, at));
        }
      }
      out.add(new Window(t, w.offset(), map));
    }
    return out;
  }

  /** The whole-text token whose span holds character {@code at} (the last one starting before it). */
  private static int covering(TokenizedText whole, List<Integer> content, int at) {
    int found = content.get(0);
    for (int i : content) {
      if (whole.spans().get(i).start() > at) {
        break;
      }
      found = i;
    }
    return found;
  }

  /** Each word takes its first token's label, and spans all its tokens. */
  private static List<TokenPrediction> words(Labelled l) {
    List<TokenPrediction> out = new ArrayList<>();
    for (TokenPrediction p : l.tokens) {
      TokenPrediction last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last.word() == p.word()) {
        Span span = new Span(last.span().start(), p.span().end());
        out.set(out.size() - 1, new TokenPrediction(last.position(), l.whole.text().substring(span.start(),
            span.end()), span, last.word(), last.label(), last.probability()));
      } else {
        out.add(new TokenPrediction(p.position(), l.whole.text().substring(p.span().start(), p.span().end()),
            p.span(), p.word(), p.label(), p.probability()));
      }
    }
    return out;
  }

  /** Settings of a {@link TokenClassificationExplainer}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private TokenTaskModel model;
    private LayerIntegratedGradients lig;
    private Set<String> ignoredLabels = Set.of("O");
    private Set<Integer> ignoredIndexes = Set.of();
    private int stride = 128;

    private Builder() {}

    /**
     * Tokens shared by consecutive windows of a text longer than the model accepts (default 128;
     * at most half a window is used). Each token takes its label from the window where it has the
     * most context on both sides.
     *
     * @param tokens the overlap of consecutive windows in tokens, 0 or more
     * @return this builder
     */
    public Builder optStride(int tokens) {
      this.stride = tokens;
      return this;
    }

    /**
     * A token-classification model (required).
     *
     * @param model a token model whose task is {@link Task#TOKEN_CLASSIFICATION}
     * @return this builder
     */
    public Builder setModel(TokenTaskModel model) {
      this.model = model;
      return this;
    }

    /**
     * The attribution method, built with {@code setTokenModel} on the same model (default: Captum's settings).
     *
     * @param lig the method, whose budget covers each whole call, or {@code null} for the default
     * @return this builder
     */
    public Builder optLayerIntegratedGradients(LayerIntegratedGradients lig) {
      this.lig = lig;
      return this;
    }

    /**
     * Labels whose tokens are not explained (default {@code O}); each must be a label of the model.
     * {@link TokenClassificationExplainer#explainTokens} does not use them.
     *
     * @param labels the labels, copied; empty to explain every token; not {@code null}
     * @return this builder
     */
    public Builder optIgnoredLabels(Set<String> labels) {
      this.ignoredLabels = Set.copyOf(labels);
      return this;
    }

    /**
     * Token positions that are not explained (default none).
     * {@link TokenClassificationExplainer#explainTokens} does not use them.
     *
     * @param positions positions in the whole text's tokenization, none negative, copied; not {@code null}
     * @return this builder
     */
    public Builder optIgnoredIndexes(Set<Integer> positions) {
      this.ignoredIndexes = Set.copyOf(positions);
      return this;
    }

    /**
     * Checks the settings and builds the explainer.
     *
     * @return a new, immutable explainer
     * @throws IllegalArgumentException if the model is missing or is not a token classifier, or
     *     an ignored label is not one of its labels
     * @throws ai.lantern.core.LanternException if no attribution method was given and the model is not gradient-ready
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
      if (stride < 0) {
        throw new IllegalArgumentException("stride must not be negative, got " + stride);
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
