package ai.lantern.explainers.tasks;

import ai.lantern.core.Diagnostics;
import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.NoAnswerException;
import ai.lantern.core.QuestionAnsweringExplanation;
import ai.lantern.core.Span;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TargetOutput;
import ai.lantern.core.Task;
import ai.lantern.core.TextPair;
import ai.lantern.core.TokenTaskModel;
import ai.lantern.core.spi.TokenizedText;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Extractive question answering: the answer span in the context and Layer Integrated Gradients
 * for its start and for its end, each explaining the model's start (end) logit at the answer's
 * first (last) token, a fixed position along the integration path (transformers-interpret
 * explains the largest start and end logits, which are these at the input).
 *
 * <p>The answer is chosen as HuggingFace's question-answering pipeline chooses it: start and end
 * logits each go through a softmax over the context tokens and {@code [CLS]}, and the span with
 * the largest start × end probability wins, its end not before its start and at most
 * {@code maxAnswerLength} tokens long. When {@code [CLS]}'s start × end probability (the SQuAD 2.0
 * "no answer") beats that span, {@link NoAnswerException} says so.
 *
 * <p>A context longer than the model accepts is cut into windows of consecutive context tokens
 * that overlap by {@code stride} tokens, each sent with the whole question; the window with the
 * best span is explained. Spans of the result index into the whole context.
 *
 * <pre>{@code
 * QuestionAnsweringExplainer qa = QuestionAnsweringExplainer.builder().setModel(model).build();
 * QuestionAnsweringExplanation e = qa.explain("what is the color ?", "the color is red .");
 * }</pre>
 *
 * <p>Cost: one batched forward pass over the windows, then two integrations (50 steps each by
 * default); the attribution method's budget covers the whole call, the start getting half of it
 * and the end what is left. Immutable and thread-safe.
 */
public final class QuestionAnsweringExplainer
    implements ai.lantern.core.Explainer<ai.lantern.core.QuestionContext, QuestionAnsweringExplanation> {
  private final TokenTaskModel model;
  private final LayerIntegratedGradients lig;
  private final int maxAnswerLength;
  private final int stride;

  private QuestionAnsweringExplainer(Builder b) {
    this.model = b.model;
    this.lig = b.lig != null ? b.lig : LayerIntegratedGradients.builder().setTokenModel(b.model).build();
    this.maxAnswerLength = b.maxAnswerLength;
    this.stride = b.stride;
  }

  /**
   * A builder with HuggingFace's defaults: answers of at most 15 tokens, a stride of 128.
   *
   * @return a new builder; {@link Builder#setModel} is required
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The model's answer.
   *
   * @param text the answer as written in the context
   * @param span its place in the context
   * @param score start probability × end probability
   * @param window the window that holds it
   * @param windows how many windows the context was cut into
   * @param startToken the answer's first token in the window's encoding
   * @param endToken its last token
   * @param startLogit the start logit at {@code startToken}
   * @param endLogit the end logit at {@code endToken}
   */
  public record Answer(String text, Span span, double score, int window, int windows, int startToken, int endToken,
      double startLogit, double endLogit) {}

  /**
   * The model's answer, without attributions: one batched forward pass over the windows.
   *
   * @param question the question; not {@code null}
   * @param context the text that holds the answer, of any length; not {@code null}
   * @return the best span, its place given in the whole context
   * @throws IllegalArgumentException if the question or the context is empty, or the question
   *     leaves no room for the context
   * @throws NoAnswerException if the model's best answer is "no answer"
   */
  public Answer answer(String question, String context) {
    return best(question, context).answer;
  }

  /**
   * The answer and the attributions of every token of the question and the context (in its
   * window) to the start and to the end logit, L2-normalised per target.
   *
   * @throws IllegalArgumentException as {@link #answer}
   * @throws NoAnswerException as {@link #answer}
   */
  @Override
  public QuestionAnsweringExplanation explain(ai.lantern.core.QuestionContext input) {
    return explain(input.question(), input.context());
  }

  /**
   * As {@link #explain(ai.lantern.core.QuestionContext)}, with the question and the context given apart.
   *
   * @param question the question; not {@code null}
   * @param context the text that holds the answer, of any length; not {@code null}
   * @return the answer and the attributions to its start and end logits, spans indexing into the whole context
   * @throws IllegalArgumentException as {@link #answer}
   * @throws NoAnswerException as {@link #answer}
   * @throws ai.lantern.core.BudgetExceededException if the budget leaves too few steps for either integration
   */
  public QuestionAnsweringExplanation explain(String question, String context) {
    long start = lig.ticker().read();
    Best b = best(question, context);
    Answer a = b.answer;
    IntegratedGradientsExplanation s = lig.explainToken(b.window, a.startToken(), 0, TargetOutput.LOGIT,
        Shares.next(lig.budget(), lig.ticker(), start, a.windows(), 2));
    IntegratedGradientsExplanation e = lig.explainToken(b.window, a.endToken(), 1, TargetOutput.LOGIT,
        Shares.next(lig.budget(), lig.ticker(), start, a.windows() + s.diagnostics().forwardPasses(), 1));
    Diagnostics d = new Diagnostics(s.diagnostics().samples() + e.diagnostics().samples(),
        a.windows() + s.diagnostics().forwardPasses() + e.diagnostics().forwardPasses(),
        Duration.ofNanos(lig.ticker().read() - start), null,
        s.diagnostics().partial() ? s.diagnostics().stop() : e.diagnostics().partial() ? e.diagnostics().stop()
            : StopReason.COMPLETED, lig.budget());
    return new QuestionAnsweringExplanation("lig", question, context, a.text(), a.span(), a.score(), a.window(),
        a.windows(), target(s, a.startToken(), "start", a.startLogit(), b.offset),
        target(e, a.endToken(), "end", a.endLogit(), b.offset), d);
  }

  private static TargetExplanation target(IntegratedGradientsExplanation e, int position, String label, double logit,
      int offset) {
    List<FeatureAttribution> shifted = e.normalizedTokens().stream().map(f -> {
      Feature x = f.feature();
      if (x.sequence() != 1 || offset == 0) {
        return f;
      }
      List<Span> spans = x.spans().stream().map(sp -> new Span(sp.start() + offset, sp.end() + offset)).toList();
      return new FeatureAttribution(new Feature(x.index(), x.text(), spans, x.special(), 1), f.score());
    }).toList();
    return new TargetExplanation(position, label, logit, shifted,
        Map.of("convergenceDelta", e.convergenceDelta(), "fx", e.fx(), "fBaseline", e.fBaseline()));
  }

  private record Best(Answer answer, TokenizedText window, int offset) {}

  private Best best(String question, String context) {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(context, "context");
    if (question.isBlank() || context.isBlank()) {
      throw new IllegalArgumentException("question answering needs a question and a context; got "
          + (question.isBlank() ? "an empty question" : "an empty context"));
    }
    List<TokenizedText> windows = new ArrayList<>();
    List<Integer> offsets = new ArrayList<>();
    cut(question, context, windows, offsets);
    double[][][] logits = model.predictTokenLogits(windows.stream().map(TokenizedText::ids).toList());
    Best best = null;
    double noAnswer = 0;
    for (int w = 0; w < windows.size(); w++) {
      TokenizedText t = windows.get(w);
      double[] ps = softmaxOverContext(t, logits[w], 0);
      double[] pe = softmaxOverContext(t, logits[w], 1);
      int bs = -1;
      int be = -1;
      double score = -1;
      for (int s = 0; s < t.size(); s++) {
        if (t.sequenceId(s) != 1 || t.spans().get(s) == null) {
          continue;
        }
        for (int e = s; e < Math.min(t.size(), s + maxAnswerLength); e++) {
          if (t.sequenceId(e) != 1 || t.spans().get(e) == null) {
            break;
          }
          if (ps[s] * pe[e] > score) {
            score = ps[s] * pe[e];
            bs = s;
            be = e;
          }
        }
      }
      if (bs >= 0 && (best == null || score > best.answer.score())) {
        int offset = offsets.get(w);
        Span span = new Span(offset + t.spans().get(bs).start(), offset + t.spans().get(be).end());
        best = new Best(new Answer(context.substring(span.start(), span.end()), span, score, w, windows.size(), bs, be,
            logits[w][bs][0], logits[w][be][1]), t, offset);
        noAnswer = ps[0] * pe[0];
      }
    }
    if (best == null) {
      throw new IllegalArgumentException("the context \"" + context + "\" has no token the answer could start at");
    }
    if (noAnswer > best.answer.score()) {
      throw new NoAnswerException(String.format(Locale.ROOT, "the model finds no answer to \"%s\" in the context: "
          + "its no-answer score %.4f beats its best span \"%s\" (%.4f)", question, noAnswer, best.answer.text(),
          best.answer.score()), noAnswer, best.answer.score());
    }
    return best;
  }

  /** Softmax of output {@code column} over the context tokens and position 0 ({@code [CLS]}); 0 elsewhere. */
  private static double[] softmaxOverContext(TokenizedText t, double[][] logits, int column) {
    int[] allowed = java.util.stream.IntStream.range(0, t.size()).filter(i -> i == 0 || t.sequenceId(i) == 1)
        .toArray();
    double[] x = new double[allowed.length];
    for (int k = 0; k < allowed.length; k++) {
      x[k] = logits[allowed[k]][column];
    }
    double[] p = ai.lantern.core.Probabilities.softmax(x);
    double[] out = new double[t.size()];
    for (int k = 0; k < allowed.length; k++) {
      out[allowed[k]] = p[k];
    }
    return out;
  }

  /** The pair as one encoding when it fits; otherwise windows of the context, each with the whole question. */
  private void cut(String question, String context, List<TokenizedText> windows, List<Integer> offsets) {
    TokenizedText whole = model.tokenize(new TextPair(question, context));
    if (!whole.truncated()) {
      windows.add(whole);
      offsets.add(0);
      return;
    }
    for (TextWindows.Window w : TextWindows.cut(model, question, context, model.tokenizeWhole(context), stride)) {
      windows.add(w.tokens());
      offsets.add(w.offset());
    }
  }

  /** Settings of a {@link QuestionAnsweringExplainer}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private TokenTaskModel model;
    private LayerIntegratedGradients lig;
    private int maxAnswerLength = 15;
    private int stride = 128;

    private Builder() {}

    /**
     * An extractive question-answering model (required).
     *
     * @param model a token model whose task is {@link Task#QUESTION_ANSWERING}
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
     * The longest answer in tokens (default 15, HuggingFace's {@code max_answer_len}).
     *
     * @param tokens the most tokens an answer may span, at least 1
     * @return this builder
     */
    public Builder optMaxAnswerLength(int tokens) {
      this.maxAnswerLength = tokens;
      return this;
    }

    /**
     * Tokens shared by consecutive windows of a long context (default 128, HuggingFace's
     * {@code doc_stride}; at most half a window is used).
     *
     * @param tokens the overlap of consecutive windows in tokens, 0 or more
     * @return this builder
     */
    public Builder optStride(int tokens) {
      this.stride = tokens;
      return this;
    }

    /**
     * Checks the settings and builds the explainer.
     *
     * @return a new, immutable explainer
     * @throws IllegalArgumentException if the model is missing or does not answer questions, or
     *     a length is out of range
     * @throws ai.lantern.core.LanternException if no attribution method was given and the model is not gradient-ready
     */
    public QuestionAnsweringExplainer build() {
      if (model == null) {
        throw new IllegalArgumentException("setModel(...) is required");
      }
      if (model.task() != Task.QUESTION_ANSWERING) {
        throw new IllegalArgumentException("QuestionAnsweringExplainer needs a question-answering model; this one is "
            + model.task());
      }
      if (maxAnswerLength < 1) {
        throw new IllegalArgumentException("maxAnswerLength must be at least 1, got " + maxAnswerLength);
      }
      if (stride < 0) {
        throw new IllegalArgumentException("stride must not be negative, got " + stride);
      }
      return new QuestionAnsweringExplainer(this);
    }
  }
}
