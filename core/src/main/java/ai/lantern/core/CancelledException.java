package ai.lantern.core;

/**
 * The thread running an explanation was interrupted (for example by {@code Future.cancel(true)});
 * the explanation stopped at the next batch boundary and released its native memory. The
 * thread's interrupt status is set again when this is thrown.
 */
public class CancelledException extends LanternException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what was cancelled, for people
   */
  public CancelledException(String message) {
    super(message);
  }

  /**
   * Throws if the current thread was interrupted, keeping its interrupt status.
   *
   * @param what the work that stops if the thread was interrupted, for the message
   *     ({@code "the LIME explanation"})
   * @throws CancelledException naming {@code what} was interrupted
   */
  public static void checkInterrupted(String what) {
    if (Thread.currentThread().isInterrupted()) {
      throw new CancelledException(what + " was cancelled (thread interrupted)");
    }
  }
}
