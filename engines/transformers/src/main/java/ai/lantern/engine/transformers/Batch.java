package ai.lantern.engine.transformers;

/**
 * A padded batch in row-major order: {@code rows × columns} ids, attention mask and token types.
 */
public record Batch(long[] ids, long[] mask, long[] types, int rows, int columns) {

  /** Pads {@code texts} to the longest of them with {@code padId} (mask 0, token type 0). */
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
