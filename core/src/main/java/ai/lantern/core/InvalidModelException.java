package ai.lantern.core;

/**
 * A model package cannot be used: a file is missing or malformed, a field is absent or
 * inconsistent, or the model does not behave as its configuration says. The message names the
 * file, the field and the offending value.
 */
public class InvalidModelException extends LanternException {
  private static final long serialVersionUID = 1L;

  public InvalidModelException(String message) {
    super(message);
  }

  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
