package ai.lantern.core;

import java.time.Duration;

/**
 * How far a running explanation is.
 *
 * @param done samples or steps finished
 * @param total samples or steps planned
 * @param elapsed time since the explanation started
 */
public record Progress(long done, long total, Duration elapsed) {
  /**
   * The share of the planned work that is done.
   *
   * @return {@code done / total}, at most 1; 1 when nothing is planned
   */
  public double fraction() {
    return total == 0 ? 1 : Math.min(1, (double) done / total);
  }

  /**
   * Expected time left, from the pace so far; {@code null} before anything is done.
   *
   * @return the time the remaining samples or steps take at the pace so far, or {@code null}
   */
  public Duration eta() {
    if (done == 0) {
      return null;
    }
    return Duration.ofNanos((long) (elapsed.toNanos() * ((double) (total - done) / done)));
  }
}
