package ai.lantern.core;

/**
 * A range of characters in the caller's original input, as {@code String} (UTF-16) indices:
 * {@code input.substring(start, end)} is the text it covers.
 *
 * @param start first index, inclusive
 * @param end last index, exclusive
 */
public record Span(int start, int end) {
  /**
   * Checks the range.
   *
   * @param start first index, inclusive, at least 0
   * @param end last index, exclusive, at least {@code start}
   * @throws IllegalArgumentException if {@code start < 0} or {@code end < start}
   */
  public Span {
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("invalid span [" + start + ", " + end + ")");
    }
  }

  /**
   * The covered text of {@code input}.
   *
   * @param input the text the span indexes into; not null
   * @return {@code input.substring(start, end)}
   * @throws IndexOutOfBoundsException if the span runs past the end of {@code input}
   */
  public String of(String input) {
    return input.substring(start, end);
  }

  /**
   * The number of UTF-16 chars covered.
   *
   * @return {@code end - start}, at least 0
   */
  public int length() {
    return end - start;
  }
}
