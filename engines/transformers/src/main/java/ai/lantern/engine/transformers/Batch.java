package ai.lantern.engine.transformers;

/**
 * A padded batch in row-major order: {@code rows × columns} ids, attention mask and token types.
 *
 * @param ids token ids, {@code rows × columns}; a row's padding holds the pad id
 * @param mask attention mask, same layout: 1 for a token of the text, 0 for padding
 * @param types token type ids, same layout: 0 or 1 (second text of a pair); 0 for padding
 * @param rows the number of sequences
 * @param columns the length of the longest sequence in tokens; every row is padded to it
 */
public record Batch(long[] ids, long[] mask, long[] types, int rows, int columns) {

  /**
   * Pads {@code texts} to the longest of them with {@code padId} (mask 0, token type 0).
   *
   * @param texts the encoded sequences, one row each in this order; not null, no null element, may be empty
   * @param padId the tokenizer's padding id ({@link ModelPackage#padId()})
   * @return a batch of {@code texts.length} rows; 0 × 0 when {@code texts} is empty
   */
  public static Batch pad(EncodedText[] texts, long padId) {
    int columns = 0;
    for (EncodedText t : texts) {
      columns = Math.max(columns, t.length());
    }
    int rows = texts.length;
    long[] ids = new long[rows * columns];
    long[] mask = new long[rows * columns];
    long[] types = new long[rows * columns];
    java.util.Arrays.fill(ids, padId);
    for (int r = 0; r < rows; r++) {
      EncodedText t = texts[r];
      System.arraycopy(t.ids(), 0, ids, r * columns, t.length());
      System.arraycopy(t.typeIds(), 0, types, r * columns, t.length());
      java.util.Arrays.fill(mask, r * columns, r * columns + t.length(), 1L);
    }
    return new Batch(ids, mask, types, rows, columns);
  }
}
