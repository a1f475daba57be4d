package ai.lantern.explainers;

import ai.lantern.core.Budget;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.Ticker;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings every explainer's builder shares: a {@link Budget} and a {@link ProgressListener}.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class BudgetedBuilder<B extends BudgetedBuilder<B>> {
  private Budget budget = Budget.UNLIMITED;
  private ProgressListener listener = ProgressListener.NONE;
  private Ticker ticker = Ticker.SYSTEM;

  protected BudgetedBuilder() {}

  /** This builder, typed as the concrete builder. */
  protected abstract B self();

  /** Limits on time and forward passes (default: none). */
  public B optBudget(Budget budget) {
    this.budget = Objects.requireNonNull(budget, "budget");
    return self();
  }

  /** Shorthand: keep the forward-pass limit, set the deadline. */
  public B optDeadline(Duration deadline) {
    return optBudget(new Budget(deadline, budget.maxForwardPasses()));
  }

  /** Shorthand: keep the deadline, set the forward-pass limit (0: none). */
  public B optMaxForwardPasses(long maxForwardPasses) {
    return optBudget(new Budget(budget.deadline(), maxForwardPasses));
  }

  /** Hears after every batch of samples or steps. */
  public B optProgressListener(ProgressListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return self();
  }

  /**
   * The clock deadlines and elapsed times are read from (default: {@link Ticker#SYSTEM}); a test
   * gives one it advances itself.
   */
  public B optTicker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return self();
  }

  /** The clock set so far. */
  public Ticker ticker() {
    return ticker;
  }

  /** The budget set so far. */
  public Budget budget() {
    return budget;
  }

  /** The progress listener set so far. */
  public ProgressListener progressListener() {
    return listener;
  }
}
