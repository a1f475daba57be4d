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

  /** @throws IllegalArgumentException for a non-positive deadline or a negative pass count */
  public Budget {
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
    if (maxForwardPasses < 0) {
      throw new IllegalArgumentException("maxForwardPasses must be 0 (no limit) or positive, got " + maxForwardPasses);
    }
  }

  public boolean isUnlimited() {
    return deadline == null && maxForwardPasses == 0;
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
