package ai.lantern.core;

import java.util.List;

/** Label look-ups with errors that list what would have been valid. */
public final class Labels {
  private Labels() {}

  /**
   * Index of {@code label} in {@code labels}.
   *
   * @throws IllegalArgumentException naming the valid labels, if {@code label} is not one of them
   */
  public static int indexOf(List<String> labels, String label) {
    int i = labels.indexOf(label);
    if (i < 0) {
      throw new IllegalArgumentException("unknown label '" + label + "'; valid labels: " + labels);
    }
    return i;
  }

  /**
   * Checks that {@code index} names a class.
   *
   * @throws IllegalArgumentException naming the valid range and labels
   */
  public static int checkIndex(List<String> labels, int index) {
    if (index < 0 || index >= labels.size()) {
      throw new IllegalArgumentException(
          "label index " + index + " out of range 0.." + (labels.size() - 1) + " " + labels);
    }
    return index;
  }
}
