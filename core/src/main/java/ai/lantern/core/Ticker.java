package ai.lantern.core;

/**
 * A source of nanoseconds for deadlines and elapsed times: {@link #SYSTEM} reads
 * {@link System#nanoTime()}; tests give a clock they advance themselves, so that what a deadline
 * does never depends on how busy the machine is.
 */
@FunctionalInterface
public interface Ticker {
  /** The clock of the running JVM. */
  Ticker SYSTEM = System::nanoTime;

  /**
   * Nanoseconds since an arbitrary origin; only differences mean anything.
   *
   * @return the current reading, in nanoseconds
   */
  long read();
}
