package ai.lantern.explainers.tasks;

import ai.lantern.core.Budget;
import java.time.Duration;

/** One budget for a whole task call, shared among the explanations it runs in turn. */
final class Shares {
  private Shares() {}

  /**
   * The budget of the next of {@code parts} explanations, given when the call started and the
   * forward passes it has used: an equal share of what is left ({@link Budget#share}).
   */
  static Budget next(Budget total, ai.lantern.core.Ticker ticker, long startNanos, long passesUsed, int parts) {
    return total.share(Duration.ofNanos(ticker.read() - startNanos), passesUsed, parts);
  }
}
