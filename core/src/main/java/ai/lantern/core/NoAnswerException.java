package ai.lantern.core;

/**
 * A question-answering model found no answer in the context: its "no answer" score (the
 * {@code [CLS]} position, as in SQuAD 2.0) beats every span it could extract.
 */
public final class NoAnswerException extends LanternException {
  private static final long serialVersionUID = 1L;
  /** The probability of "no answer". */
  private final double noAnswerScore;
  /** The probability of the best span in the context. */
  private final double bestSpanScore;

  /**
   * Creates the exception.
   *
   * @param message the question, both scores and the best span, for people
   * @param noAnswerScore the probability of "no answer", in [0, 1]
   * @param bestSpanScore the probability of the best span, in [0, 1], below {@code noAnswerScore}
   */
  public NoAnswerException(String message, double noAnswerScore, double bestSpanScore) {
    super(message);
    this.noAnswerScore = noAnswerScore;
    this.bestSpanScore = bestSpanScore;
  }

  /**
   * The probability of "no answer" (start and end both at {@code [CLS]}).
   *
   * @return the start probability × the end probability at {@code [CLS]}, in [0, 1]
   */
  public double noAnswerScore() {
    return noAnswerScore;
  }

  /**
   * The probability of the best span in the context.
   *
   * @return its start probability × its end probability, in [0, 1], below {@link #noAnswerScore()}
   */
  public double bestSpanScore() {
    return bestSpanScore;
  }
}
