package ai.lantern.engine.pytorch;

/**
 * One tokenised text, ready for the model: ids and token types including special tokens.
 *
 * @param truncated whether tokens beyond the model's maximum length were dropped
 * @param fullLength the number of tokens before truncation
 */
record EncodedText(long[] ids, long[] typeIds, boolean truncated, int fullLength) {
  int length() {
    return ids.length;
  }
}
