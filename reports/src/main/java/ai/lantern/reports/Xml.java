package ai.lantern.reports;

/** Escaping for text and attribute values in XHTML and SVG. */
final class Xml {
  private Xml() {}

  /** {@code s} safe inside an element or a double-quoted attribute; control characters dropped. */
  static String escape(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> {
          if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            sb.append('\uFFFD'); // a lone surrogate cannot be written as UTF-8
          } else if (c >= 0x20 || c == '\n' || c == '\t') {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  /**
   * {@code v} in {@code format} ({@code %+.4f}, {@code %.2f}…), or in scientific notation with
   * three significant digits when the fixed format would print a non-zero score as zero
   * (occlusion's and Shapley values' scores can be 1e-5).
   */
  static String score(String format, double v) {
    String fixed = String.format(java.util.Locale.ROOT, format, v);
    if (v == 0 || fixed.chars().anyMatch(c -> c >= '1' && c <= '9')) {
      return fixed;
    }
    return String.format(java.util.Locale.ROOT, format.startsWith("%+") ? "%+.2e" : "%.2e", v);
  }
}
