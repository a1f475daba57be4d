package ai.lantern.core;

import java.util.List;
import java.util.Objects;

/**
 * What a zero-shot classifier is asked: a text and the candidate labels to score it against.
 *
 * @param text the text
 * @param candidateLabels the labels, at least one, each distinct
 */
public record ZeroShotInput(String text, List<String> candidateLabels) {
  /**
   * Copies the labels and checks them.
   *
   * @param text the text; not null
   * @param candidateLabels the labels, at least one, each distinct; not null
   * @throws IllegalArgumentException if there is no candidate or one is repeated
   */
  public ZeroShotInput {
    Objects.requireNonNull(text, "text");
    candidateLabels = List.copyOf(candidateLabels);
    if (candidateLabels.isEmpty()) {
      throw new IllegalArgumentException("zero-shot classification needs at least one candidate label");
    }
    if (candidateLabels.stream().distinct().count() != candidateLabels.size()) {
      throw new IllegalArgumentException("candidate labels must be distinct, got " + candidateLabels);
    }
  }
}
