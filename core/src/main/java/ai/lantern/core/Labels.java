package ai.lantern.core;

import java.util.List;

/** Label look-ups with errors that list what would have been valid. */
public final class Labels {
  private Labels() {}

  /**
   * Index of {@code label} in {@code labels}.
   *
   * @param labels the valid labels
   * @param label the label to find, exactly as written
   * @return its index in {@code labels}, 0-based
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
   * @param labels the valid labels
   * @param index the class index to check, 0-based
   * @return {@code index}, for use in expressions
   * @throws IllegalArgumentException naming the valid range and labels
   */
  public static int checkIndex(List<String> labels, int index) {
    if (index < 0 || index >= labels.size()) {
      throw new IllegalArgumentException(
          "label index " + index + " out of range 0.." + (labels.size() - 1) + " " + labels);
    }
    return index;
  }

  /**
   * The label a person means by {@code given}: the label itself, its index ({@code "1"}), or its
   * name in any case when only one label matches so.
   *
   * @param labels the valid labels
   * @param given what the person wrote: a label, an index, or a label in another case; not null
   * @return the matching label, as written in {@code labels}
   * @throws IllegalArgumentException listing the labels, if none or several match
   */
  public static String resolve(List<String> labels, String given) {
    if (labels.contains(given)) {
      return given;
    }
    if (given.strip().matches("\\d{1,9}")) {
      int i = Integer.parseInt(given.strip());
      if (i < labels.size()) {
        return labels.get(i);
      }
    }
    List<String> folded = labels.stream().filter(l -> l.equalsIgnoreCase(given.strip())).toList();
    if (folded.size() == 1) {
      return folded.get(0);
    }
    if (folded.size() > 1) {
      throw new IllegalArgumentException("label '" + given + "' is ambiguous: " + folded + " differ only in case");
    }
    throw new IllegalArgumentException("unknown label '" + given + "'; valid labels: " + labels + " (a name, any "
        + "case, or an index 0.." + (labels.size() - 1) + ")");
  }
}
