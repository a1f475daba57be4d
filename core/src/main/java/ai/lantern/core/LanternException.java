package ai.lantern.core;

/** Base of every exception Lantern throws on purpose; unchecked, with a message meant for people. */
public class LanternException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LanternException(String message) {
    super(message);
  }

  public LanternException(String message, Throwable cause) {
    super(message, cause);
  }
}
