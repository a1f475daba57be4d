package ai.lantern.core.spi;

import java.util.Arrays;

/**
 * A token sequence as the model receives it, special tokens included: what subword perturbation
 * sends instead of text, so that nothing is tokenised twice. Equal when the contents are equal.
 */
public final class TokenIds {
  private final long[] ids;
  private final long[] typeIds;
  private final int hash;

  /**
   * Copies the arrays.
   *
   * @param ids the token ids, special tokens included
   * @param typeIds the token type of each id (0 for the text, 1 for a pair's second text)
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public TokenIds(long[] ids, long[] typeIds) {
    if (ids.length != typeIds.length) {
      throw new IllegalArgumentException(ids.length + " ids but " + typeIds.length + " token types");
    }
    this.ids = ids.clone();
    this.typeIds = typeIds.clone();
    this.hash = 31 * Arrays.hashCode(this.ids) + Arrays.hashCode(this.typeIds);
  }

  /**
   * The number of tokens, special tokens included.
   *
   * @return the length of {@link #ids()}
   */
  public int length() {
    return ids.length;
  }

  /**
   * The id of one token.
   *
   * @param i the token's position, in [0, {@link #length()})
   * @return its id
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public long id(int i) {
    return ids[i];
  }

  /**
   * The token type of one token.
   *
   * @param i the token's position, in [0, {@link #length()})
   * @return its type: 0 for the text, 1 for a pair's second text
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public long typeId(int i) {
    return typeIds[i];
  }

  /**
   * The token ids.
   *
   * @return a copy of the ids, one per token
   */
  public long[] ids() {
    return ids.clone();
  }

  /**
   * The token types.
   *
   * @return a copy of the types, one per token
   */
  public long[] typeIds() {
    return typeIds.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenIds t && hash == t.hash && Arrays.equals(ids, t.ids) && Arrays.equals(typeIds, t.typeIds);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "TokenIds" + Arrays.toString(ids);
  }
}
