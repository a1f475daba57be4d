package ai.lantern.core;

/** Base of every exception Lantern throws on purpose; unchecked, with a message meant for people. */
public class LanternException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong and, where known, what to do about it, for people
   */
  public LanternException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that caused it.
   *
   * @param message what went wrong and, where known, what to do about it, for people
   * @param cause the underlying failure, or {@code null} if unknown
   */
  public LanternException(String message, Throwable cause) {
    super(message, cause);
  }
}
