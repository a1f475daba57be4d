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

  /** @throws IllegalArgumentException if the arrays differ in length */
  public TokenIds(long[] ids, long[] typeIds) {
    if (ids.length != typeIds.length) {
      throw new IllegalArgumentException(ids.length + " ids but " + typeIds.length + " token types");
    }
    this.ids = ids.clone();
    this.typeIds = typeIds.clone();
    this.hash = 31 * Arrays.hashCode(this.ids) + Arrays.hashCode(this.typeIds);
  }

  public int length() {
    return ids.length;
  }

  public long id(int i) {
    return ids[i];
  }

  public long typeId(int i) {
    return typeIds[i];
  }

  public long[] ids() {
    return ids.clone();
  }

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
