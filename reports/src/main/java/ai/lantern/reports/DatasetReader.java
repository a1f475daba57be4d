package ai.lantern.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads a text column (and optionally a label column) from a CSV or TSV file with a header row.
 * CSV follows RFC 4180 (quoted fields may hold commas, quotes doubled, line breaks); TSV is split
 * on tabs. A malformed row is reported with its line number and skipped, not fatal.
 */
public final class DatasetReader {
  /**
   * One usable row: {@code line} is its 1-based line number in the file.
   *
   * @param line the 1-based line number where the row starts in the file
   * @param text the text to explain ({@link #read} gives only non-blank ones)
   * @param label the value of the label column, or {@code null} when no label column was asked for
   * @param group the value of the group column, or {@code null} when no group column was asked for
   */
  public record Row(int line, String text, String label, String group) {
    /**
     * A row without a group.
     *
     * @param line the 1-based line number where the row starts in the file
     * @param text the text to explain
     * @param label the value of the label column, or {@code null}
     */
    public Row(int line, String text, String label) {
      this(line, text, label, null);
    }
  }

  /**
   * What was read: the rows, and a message for every skipped line.
   *
   * @param rows the usable rows, in file order
   * @param skipped one message per skipped line ("line N: reason"), in file order
   */
  public record Result(List<Row> rows, List<String> skipped) {}

  private DatasetReader() {}

  /**
   * Reads the rows of {@code file}: a name ending in {@code .tsv} (any case) is read as TSV, any other as CSV.
   *
   * @param file the UTF-8 file, its first row the header naming the columns; not null
   * @param column the header name of the text column; rows whose text is blank are skipped
   * @param labelColumn the header name of the label column, or {@code null} when there is none
   * @return the usable rows and a message per skipped line
   * @throws IllegalArgumentException naming the file and the columns it has, if a column is missing; also
   *     if the file is empty or not UTF-8
   * @throws IOException if the file cannot be read
   */
  public static Result read(Path file, String column, String labelColumn) throws IOException {
    return read(file, column, labelColumn, null);
  }

  /**
   * As {@link #read(Path, String, String)}, with the value of a group column in each row (the
   * authors' group, say, to compare what the model relies on from one group to another).
   *
   * @param file the UTF-8 file, its first row the header naming the columns; not null
   * @param column the header name of the text column
   * @param labelColumn the header name of the label column, or {@code null}
   * @param groupColumn the header name of the group column, or {@code null}
   * @return the usable rows and a message per skipped line
   * @throws IllegalArgumentException as {@link #read(Path, String, String)}, and if the group
   *     column is missing
   * @throws IOException if the file cannot be read
   */
  public static Result read(Path file, String column, String labelColumn, String groupColumn) throws IOException {
    boolean tsv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv");
    String content = utf8(file, Files.readAllBytes(file));
    if (content.startsWith("\uFEFF")) {
      content = content.substring(1); // a byte-order mark written by spreadsheet programs, not part of the header
    }
    List<int[]> starts = new ArrayList<>();
    List<List<String>> records = tsv ? tsvRecords(content, starts) : csvRecords(content, starts);
    if (records.isEmpty()) {
      throw new IllegalArgumentException(file + " is empty: a header row naming the columns is needed");
    }
    List<String> header = records.get(0);
    int text = header.indexOf(column);
    if (text < 0) {
      throw new IllegalArgumentException(file + " has no column '" + column + "'; its columns: " + header);
    }
    int label = labelColumn == null ? -1 : header.indexOf(labelColumn);
    int group = groupColumn == null ? -1 : header.indexOf(groupColumn);
    if (groupColumn != null && group < 0) {
      throw new IllegalArgumentException(file + " has no column '" + groupColumn + "'; its columns: " + header);
    }
    if (labelColumn != null && label < 0) {
      throw new IllegalArgumentException(file + " has no column '" + labelColumn + "'; its columns: " + header);
    }
    List<Row> rows = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    for (int r = 1; r < records.size(); r++) {
      List<String> rec = records.get(r);
      int line = starts.get(r)[0];
      if (rec.size() == 1 && rec.get(0).isEmpty()) {
        continue; // blank line
      }
      if (starts.get(r)[1] != 0) {
        skipped.add("line " + line + ": unterminated quoted field");
      } else if (rec.size() != header.size()) {
        skipped.add("line " + line + ": " + rec.size() + " fields, the header has " + header.size());
      } else if (rec.get(text).isBlank()) {
        skipped.add("line " + line + ": empty text in column '" + column + "'");
      } else {
        rows.add(new Row(line, rec.get(text), label < 0 ? null : rec.get(label), group < 0 ? null : rec.get(group)));
      }
    }
    return new Result(rows, skipped);
  }

  /**
   * The file's text.
   *
   * @throws IllegalArgumentException naming the file, the line and the byte, if it is not UTF-8
   */
  static String utf8(Path file, byte[] bytes) {
    java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
    java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length + 1);
    java.nio.charset.CoderResult r = decoder.decode(in, out, true);
    if (r.isError()) {
      int at = in.position();
      int line = 1;
      for (int i = 0; i < at; i++) {
        if (bytes[i] == '\n') {
          line++;
        }
      }
      throw new IllegalArgumentException(String.format(Locale.ROOT, "%s is not UTF-8 text: line %d has the invalid "
          + "byte 0x%02X at byte offset %d (save the file as UTF-8)", file, line, bytes[at] & 0xFF, at));
    }
    decoder.flush(out);
    out.flip();
    return out.toString();
  }

  private static List<List<String>> tsvRecords(String content, List<int[]> starts) {
    List<List<String>> out = new ArrayList<>();
    String[] lines = content.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (i == lines.length - 1 && lines[i].isEmpty()) {
        break;
      }
      out.add(List.of(lines[i].split("\t", -1)));
      starts.add(new int[] {i + 1, 0});
    }
    return out;
  }

  /** Records with their starting line; a second value of 1 marks an unterminated quote. */
  private static List<List<String>> csvRecords(String s, List<int[]> starts) {
    List<List<String>> out = new ArrayList<>();
    int line = 1;
    int i = 0;
    while (i < s.length()) {
      int startLine = line;
      List<String> fields = new ArrayList<>();
      StringBuilder f = new StringBuilder();
      boolean quoted = false;
      boolean broken = false;
      while (i < s.length()) {
        char c = s.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
            f.append('"');
            i += 2;
            continue;
          }
          if (c == '"') {
            quoted = false;
          } else {
            if (c == '\n') {
              line++;
            }
            f.append(c);
          }
          i++;
          continue;
        }
        if (c == '"' && f.length() == 0) {
          quoted = true;
          i++;
        } else if (c == ',') {
          fields.add(f.toString());
          f.setLength(0);
          i++;
        } else if (c == '\n' || c == '\r') {
          i += c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n' ? 2 : 1;
          line++;
          break;
        } else {
          f.append(c);
          i++;
        }
      }
      if (quoted) {
        broken = true;
      }
      fields.add(f.toString());
      out.add(fields);
      starts.add(new int[] {startLine, broken ? 1 : 0});
    }
    return out;
  }
}
