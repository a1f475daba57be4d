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
  private java.util.function.BooleanSupplier stopSignal = () -> false;

  /** Starts with no budget ({@link Budget#UNLIMITED}), no listener and the system clock. */
  protected BudgetedBuilder() {}

  /**
   * This builder, typed as the concrete builder.
   *
   * @return {@code this}, cast to {@code B}
   */
  protected abstract B self();

  /**
   * Limits on time and forward passes (default: none).
   *
   * @param budget the limits of each explanation, not {@code null}; {@link Budget#UNLIMITED} for none
   * @return this builder
   */
  public B optBudget(Budget budget) {
    this.budget = Objects.requireNonNull(budget, "budget");
    return self();
  }

  /**
   * Shorthand: keep the forward-pass limit, set the deadline.
   *
   * @param deadline the longest one explanation may take, positive, or {@code null} for no limit
   * @return this builder
   * @throws IllegalArgumentException if {@code deadline} is zero or negative
   */
  public B optDeadline(Duration deadline) {
    return optBudget(new Budget(deadline, budget.maxForwardPasses()));
  }

  /**
   * Shorthand: keep the deadline, set the forward-pass limit (0: none).
   *
   * @param maxForwardPasses the most inputs one explanation may send through the model, or 0 for no limit
   * @return this builder
   * @throws IllegalArgumentException if {@code maxForwardPasses} is negative
   */
  public B optMaxForwardPasses(long maxForwardPasses) {
    return optBudget(new Budget(budget.deadline(), maxForwardPasses));
  }

  /**
   * Hears after every batch of samples or steps (default: {@link ProgressListener#NONE}).
   *
   * @param listener called on the explaining thread, not {@code null}
   * @return this builder
   */
  public B optProgressListener(ProgressListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    return self();
  }

  /**
   * The clock deadlines and elapsed times are read from (default: {@link Ticker#SYSTEM}); a test
   * gives one it advances itself.
   *
   * @param ticker the clock, not {@code null}
   * @return this builder
   */
  public B optTicker(Ticker ticker) {
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    return self();
  }

  /**
   * A signal to stop early (default: never), read where the deadline is read: once it is true, the
   * method ends as a deadline would end it, with what it has drawn, marked {@link
   * ai.lantern.core.StopReason#STOPPED} (methods that have no partial result end with an
   * exception instead). Someone's Stop button, say.
   *
   * @param stopSignal true once the explanation should stop; not {@code null}
   * @return this builder
   */
  public B optStopSignal(java.util.function.BooleanSupplier stopSignal) {
    this.stopSignal = Objects.requireNonNull(stopSignal, "stopSignal");
    return self();
  }

  /**
   * The stop signal set so far.
   *
   * @return the signal; never true unless {@link #optStopSignal} was called
   */
  public java.util.function.BooleanSupplier stopSignal() {
    return stopSignal;
  }

  /**
   * The clock set so far.
   *
   * @return the ticker, {@link Ticker#SYSTEM} unless {@link #optTicker} was called
   */
  public Ticker ticker() {
    return ticker;
  }

  /**
   * The budget set so far.
   *
   * @return the budget, {@link Budget#UNLIMITED} unless one was set
   */
  public Budget budget() {
    return budget;
  }

  /**
   * The progress listener set so far.
   *
   * @return the listener, {@link ProgressListener#NONE} unless one was set
   */
  public ProgressListener progressListener() {
    return listener;
  }
}
