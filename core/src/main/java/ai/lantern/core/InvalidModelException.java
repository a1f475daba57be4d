package ai.lantern.core;

/**
 * A model package cannot be used: a file is missing or malformed, a field is absent or
 * inconsistent, or the model does not behave as its configuration says. The message names the
 * file, the field and the offending value.
 */
public class InvalidModelException extends LanternException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, naming the file, the field and the offending value
   */
  public InvalidModelException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure that revealed the problem.
   *
   * @param message what is wrong, naming the file, the field and the offending value
   * @param cause the underlying failure (a parse or I/O error), or {@code null} if unknown
   */
  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
