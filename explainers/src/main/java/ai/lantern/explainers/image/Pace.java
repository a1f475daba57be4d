package ai.lantern.explainers.image;

import ai.lantern.core.Budget;
import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.CancelledException;
import ai.lantern.core.Progress;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.Ticker;
import java.time.Duration;

/**
 * One image explanation's clock: its budget checked before each batch, its cancellation (the
 * thread's interrupt) and its progress reported after each. A path integral on part of its points
 * is not an attribution, so a budget that runs out ends the explanation with
 * {@link BudgetExceededException} rather than a partial result.
 */
final class Pace {
  private final String what;
  private final Budget budget;
  private final Ticker ticker;
  private final ProgressListener listener;
  private final java.util.function.BooleanSupplier stopSignal;
  private final long total;
  private final long start;
  private long done;
  private long passes;

  /**
   * Starts an explanation's clock.
   *
   * @param total the images of its batches (the progress counts them)
   * @param extra the images it sends besides them (the prediction, the convergence delta's two),
   *     counted against a forward-pass limit too
   * @throws BudgetExceededException if the forward-pass limit is below {@code total + extra}
   */
  Pace(String what, Budget budget, Ticker ticker, ProgressListener listener,
      java.util.function.BooleanSupplier stopSignal, long total, long extra) {
    this.stopSignal = stopSignal;
    this.what = what;
    this.budget = budget;
    this.ticker = ticker;
    this.listener = listener;
    this.total = total;
    this.start = ticker.read();
    if (budget.maxForwardPasses() > 0 && total + extra > budget.maxForwardPasses()) {
      throw new BudgetExceededException(what + " needs " + (total + extra) + " images through the model, over the "
          + "budget of " + budget.maxForwardPasses() + ": give fewer steps or samples", 0, total, 0, Duration.ZERO);
    }
  }

  /** Counts images sent outside the batches (the prediction), for the forward passes a failure reports. */
  void sent(long images) {
    passes += images;
  }

  /** Whether a deadline applies, so that the batches must be small enough for it to be checked. */
  boolean hasDeadline() {
    return budget.deadline() != null;
  }

  /**
   * Before a batch.
   *
   * @throws CancelledException if the thread was interrupted
   * @throws BudgetExceededException if the deadline passed or the stop signal asked to stop
   */
  void beforeBatch() {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException(what + " cancelled after " + done + " of " + total + " images");
    }
    Duration elapsed = elapsed();
    if (stopSignal.getAsBoolean()) {
      throw new BudgetExceededException(what + " was stopped after " + done + " of " + total + " images; a path "
          + "integral on part of its points is not an attribution", done, total, passes, elapsed);
    }
    if (budget.deadline() != null && elapsed.compareTo(budget.deadline()) > 0) {
      throw new BudgetExceededException(what + " passed its deadline of " + budget.deadline().toMillis() + " ms after "
          + done + " of " + total + " images; a path integral on part of its points is not an attribution: give "
          + "more time or fewer steps", done, total, passes, elapsed);
    }
  }

  /** After a batch of {@code n} images through the model, forward and backward. */
  void afterBatch(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("a batch of " + n + " images");
    }
    done += n;
    passes += n;
    listener.onProgress(new Progress(done, total, elapsed()));
  }

  /** The time since the explanation started, on its clock. */
  Duration elapsed() {
    return Duration.ofNanos(ticker.read() - start);
  }
}
