package ai.lantern.core;

import java.time.Duration;

/**
 * A budget ran out before the explanation had enough samples or steps to mean anything. The
 * message and the fields say how far it got.
 */
public class BudgetExceededException extends LanternException {
  private static final long serialVersionUID = 1L;
  /** Samples (or steps) completed when the budget ran out. */
  private final long done;
  /** Samples (or steps) the explanation planned. */
  private final long planned;
  /** Inputs sent through the model when the budget ran out. */
  private final long forwardPasses;
  private final transient Duration elapsed;

  /**
   * Creates the exception.
   *
   * @param message what ran out and how far the explanation got, for people
   * @param done samples (or steps) completed when the budget ran out
   * @param planned samples (or steps) the explanation planned
   * @param forwardPasses inputs sent through the model by then, after de-duplication
   * @param elapsed wall-clock time spent by then
   */
  public BudgetExceededException(String message, long done, long planned, long forwardPasses, Duration elapsed) {
    super(message);
    this.done = done;
    this.planned = planned;
    this.forwardPasses = forwardPasses;
    this.elapsed = elapsed;
  }

  /**
   * Samples (or steps) completed when the budget ran out.
   *
   * @return the count completed, too few for an explanation
   */
  public long done() {
    return done;
  }

  /**
   * Samples (or steps) the explanation planned.
   *
   * @return the count it would have drawn without a budget
   */
  public long planned() {
    return planned;
  }

  /**
   * Inputs sent through the model before the budget ran out.
   *
   * @return the forward passes spent, after de-duplication
   */
  public long forwardPasses() {
    return forwardPasses;
  }

  /**
   * Wall-clock time spent before the budget ran out.
   *
   * @return the time spent, or {@code null} on a deserialized exception (the duration is not serialized)
   */
  public Duration elapsed() {
    return elapsed;
  }
}
