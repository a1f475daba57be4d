package ai.lantern.studio;

import ai.lantern.core.Ticker;

/**
 * The clock of one run, which Stop moves past any deadline: every method checks its deadline
 * after each batch, so a stopped run ends within one batch with what it has, marked partial,
 * exactly as if its time had run out. The jump is taken out of the reported time afterwards.
 */
final class StopSwitch implements Ticker {
  /** Further than any deadline the operator allows. */
  private static final long JUMP = java.time.Duration.ofDays(3650).toNanos();

  private volatile long offset;

  @Override
  public long read() {
    return System.nanoTime() + offset;
  }

  void stop() {
    offset = JUMP;
  }

  boolean stopped() {
    return offset != 0;
  }

  /** How far the clock jumped, to subtract from durations measured across the stop. */
  long jump() {
    return offset;
  }
}
