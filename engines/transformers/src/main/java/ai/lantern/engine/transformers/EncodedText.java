package ai.lantern.engine.transformers;

/**
 * One tokenised text, ready for the model: ids and token types including special tokens.
 *
 * @param truncated whether tokens beyond the model's maximum length were dropped
 * @param fullLength the number of tokens before truncation
 */
public record EncodedText(long[] ids, long[] typeIds, boolean truncated, int fullLength) {
  public int length() {
    return ids.length;
  }
}
