package ai.lantern.core;

import java.time.Duration;

/**
 * A budget ran out before the explanation had enough samples or steps to mean anything. The
 * message and the fields say how far it got.
 */
public class BudgetExceededException extends LanternException {
  private static final long serialVersionUID = 1L;
  private final long done;
  private final long planned;
  private final long forwardPasses;
  private final transient Duration elapsed;

  public BudgetExceededException(String message, long done, long planned, long forwardPasses, Duration elapsed) {
    super(message);
    this.done = done;
    this.planned = planned;
    this.forwardPasses = forwardPasses;
    this.elapsed = elapsed;
  }

  /** Samples (or steps) completed when the budget ran out. */
  public long done() {
    return done;
  }

  public long planned() {
    return planned;
  }

  public long forwardPasses() {
    return forwardPasses;
  }

  public Duration elapsed() {
    return elapsed;
  }
}
