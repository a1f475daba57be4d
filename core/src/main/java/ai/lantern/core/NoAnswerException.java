package ai.lantern.core;

/**
 * A question-answering model found no answer in the context: its "no answer" score (the
 * {@code [CLS]} position, as in SQuAD 2.0) beats every span it could extract.
 */
public final class NoAnswerException extends LanternException {
  private static final long serialVersionUID = 1L;
  private final double noAnswerScore;
  private final double bestSpanScore;

  public NoAnswerException(String message, double noAnswerScore, double bestSpanScore) {
    super(message);
    this.noAnswerScore = noAnswerScore;
    this.bestSpanScore = bestSpanScore;
  }

  /** The probability of "no answer" (start and end both at {@code [CLS]}). */
  public double noAnswerScore() {
    return noAnswerScore;
  }

  /** The probability of the best span in the context. */
  public double bestSpanScore() {
    return bestSpanScore;
  }
}
