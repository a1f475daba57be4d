package ai.lantern.core;

import java.util.Objects;

/**
 * What an extractive question-answering model is asked: a question and the context to find the
 * answer in.
 */
public record QuestionContext(String question, String context) {
  public QuestionContext {
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(context, "context");
  }
}
