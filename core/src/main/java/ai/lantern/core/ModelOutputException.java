package ai.lantern.core;

/** A model returned something unusable for a given input: NaN or infinite scores, a wrong shape. */
public class ModelOutputException extends LanternException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the model returned and where (row, column), for people
   */
  public ModelOutputException(String message) {
    super(message);
  }
}
