package ai.lantern.core;

import java.util.Objects;

/**
 * An extractive question-answering model's answer and why it chose its start and its end.
 *
 * @param method {@code lig} or {@code lime}
 * @param question the question
 * @param context the whole context
 * @param answer the answer, as written in the context
 * @param span the answer's place in {@code context}
 * @param score the answer's probability: start probability × end probability, each a softmax
 *     over the context tokens of its window (and {@code [CLS]}, the "no answer" position)
 * @param window which window of a long context holds the answer (0 when the context fits once)
 * @param windows how many windows the context was cut into
 * @param start attributions of the start logit at the answer's first token
 *     ({@link TargetExplanation#index()} is that token's position in the window's encoding);
 *     features of the question have sequence 0, of the context sequence 1, with spans into
 *     the whole question and the whole context
 * @param end the same for the end logit at the answer's last token
 * @param diagnostics the cost of the prediction and both explanations
 */
public record QuestionAnsweringExplanation(
    String method, String question, String context, String answer, Span span, double score, int window,
    int windows, TargetExplanation start, TargetExplanation end, Diagnostics diagnostics) {
  /**
   * Checks that the texts, the span, both explanations and the diagnostics are present.
   *
   * @param method {@code lig} or {@code lime}; not null
   * @param question the question; not null
   * @param context the whole context; not null
   * @param answer the answer, as written in the context; not null
   * @param span the answer's place in {@code context}; not null
   * @param score the answer's probability, start probability × end probability
   * @param window which window of a long context holds the answer, 0-based
   * @param windows how many windows the context was cut into, at least 1
   * @param start attributions of the start logit at the answer's first token; not null
   * @param end attributions of the end logit at the answer's last token; not null
   * @param diagnostics the cost of the prediction and both explanations; not null
   */
  public QuestionAnsweringExplanation {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(answer, "answer");
    Objects.requireNonNull(span, "span");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(diagnostics, "diagnostics");
  }
}
