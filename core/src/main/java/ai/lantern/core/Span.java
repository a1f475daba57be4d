package ai.lantern.core;

/**
 * A range of characters in the caller's original input, as {@code String} (UTF-16) indices:
 * {@code input.substring(start, end)} is the text it covers.
 *
 * @param start first index, inclusive
 * @param end last index, exclusive
 */
public record Span(int start, int end) {
  /** @throws IllegalArgumentException if {@code start < 0} or {@code end < start} */
  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("invalid span [" + start + ", " + end + ")");
    }
  }

  /** The covered text of {@code input}. */
  public String of(String input) {
    return input.substring(start, end);
  }

  public int length() {
    return end - start;
  }
}
