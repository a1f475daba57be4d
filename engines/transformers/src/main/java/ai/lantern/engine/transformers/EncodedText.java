package ai.lantern.engine.transformers;

/**
 * One tokenised text, ready for the model: ids and token types including special tokens.
 *
 * @param ids the token ids, special tokens included, after any truncation
 * @param typeIds the token type of each id (0, or 1 for the second text of a pair); as long as {@code ids}
 * @param truncated whether tokens beyond the model's maximum length were dropped
 * @param fullLength the number of tokens before truncation
 */
public record EncodedText(long[] ids, long[] typeIds, boolean truncated, int fullLength) {
  /**
   * The number of tokens sent to the model.
   *
   * @return the length of {@code ids}, special tokens included
   */
  public int length() {
    return ids.length;
  }
}
