package ai.lantern.core;

import java.util.Objects;

/**
 * What an extractive question-answering model is asked: a question and the context to find the
 * answer in.
 *
 * @param question the question
 * @param context the text to find the answer in
 */
public record QuestionContext(String question, String context) {
  /**
   * Checks that both texts are present.
   *
   * @param question the question; not null
   * @param context the text to find the answer in; not null
   */
  public QuestionContext {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(context, "context");
  }
}
