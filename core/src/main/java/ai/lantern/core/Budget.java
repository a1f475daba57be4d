package ai.lantern.core;

import java.time.Duration;

/**
 * Limits on what one explanation may spend. A method that runs out returns what it has, marked
 * partial, or throws {@link BudgetExceededException} when that is too little to explain anything.
 *
 * @param deadline the longest the explanation may take, or {@code null} for no limit
 * @param maxForwardPasses the most inputs it may send through the model, or 0 for no limit
 */
public record Budget(Duration deadline, long maxForwardPasses) {
  /** No limit. */
  public static final Budget UNLIMITED = new Budget(null, 0);

  /**
   * Checks the limits.
   *
   * @param deadline the longest the explanation may take, positive, or {@code null} for no limit
   * @param maxForwardPasses the most inputs it may send through the model, or 0 for no limit
   * @throws IllegalArgumentException for a non-positive deadline or a negative pass count
   */
  public Budget {
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
    if (maxForwardPasses < 0) {
      throw new IllegalArgumentException("maxForwardPasses must be 0 (no limit) or positive, got " + maxForwardPasses);
    }
  }

  /**
   * Whether this budget limits nothing: no deadline and no pass count.
   *
   * @return true when an explanation under this budget can never run out
   */
  public boolean isUnlimited() {
    return deadline == null && maxForwardPasses == 0;
  }

  /**
   * The budget of the next of {@code parts} equal shares of what is left, for a call that runs
   * several explanations in turn (one per candidate label, per token, for the start and the end):
   * the time left divided by {@code parts}, and likewise the forward passes. A share of nothing
   * is the smallest budget there is (1 ns, 1 pass), which the explanation then reports as
   * exceeded. An unlimited budget shares into itself.
   *
   * @param elapsed the time the call has used so far
   * @param passesUsed the forward passes it has used so far
   * @param parts the explanations still to run, this one included
   * @return the share for the next explanation; this budget itself when it is unlimited
   * @throws IllegalArgumentException if {@code parts < 1}
   */
  public Budget share(Duration elapsed, long passesUsed, int parts) {
    if (parts < 1) {
      throw new IllegalArgumentException("parts must be at least 1, got " + parts);
    }
    if (isUnlimited()) {
      return this;
    }
    Duration d = null;
    if (deadline != null) {
      long left = deadline.minus(elapsed).toNanos() / parts;
      d = Duration.ofNanos(Math.max(1, left));
    }
    long passes = maxForwardPasses == 0 ? 0 : Math.max(1, (maxForwardPasses - passesUsed) / parts);
    return new Budget(d, passes);
  }

  @Override
  public String toString() {
    if (isUnlimited()) {
      return "unlimited";
    }
    String d = deadline == null ? "" : "deadline " + deadline.toMillis() + " ms";
    String p = maxForwardPasses == 0 ? "" : "at most " + maxForwardPasses + " forward passes";
    return d.isEmpty() ? p : p.isEmpty() ? d : d + ", " + p;
  }
}
