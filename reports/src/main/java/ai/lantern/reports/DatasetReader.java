package ai.lantern.reports;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a text column (and optionally a label column) from a CSV or TSV file with a header row.
 * CSV follows RFC 4180 (quoted fields may hold commas, quotes doubled, line breaks), parsed by
 * Apache Commons CSV; TSV is split on tabs. A malformed row is reported with its line number and
 * skipped, not fatal; {@link #stream} reads a file of any size row by row.
 */
public final class DatasetReader {
  /**
   * One usable row: {@code line} is its 1-based line number in the file.
   *
   * @param line the 1-based line number where the row starts in the file
   * @param text the text to explain ({@link #read} gives only non-blank ones)
   * @param label the value of the label column, or {@code null} when no label column was asked for
   * @param group the value of the group column, or {@code null} when no group column was asked for
   * @param id the value of the id column, or {@code null} when no id column was asked for
   */
  public record Row(int line, String text, String label, String group, String id) {
    /**
     * A row without an id.
     *
     * @param line the 1-based line number where the row starts in the file
     * @param text the text to explain
     * @param label the value of the label column, or {@code null}
     * @param group the value of the group column, or {@code null}
     */
    public Row(int line, String text, String label, String group) {
      this(line, text, label, group, null);
    }

    /**
     * The row's stable key: its id when the file has an id column, its text otherwise. It does
     * not depend on how the file is split, on line numbers or on the order rows are explained in,
     * so seeds derived from it do not either (a data set read by another reader, Spark's, gives
     * the same keys); rows with the same text and no id get the same seed, and so the same
     * explanation.
     *
     * @return the id, or the text
     */
    public String key() {
      return id != null ? id : text;
    }

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

  /**
   * Which rows of a file to use: those whose columns meet every {@code where} condition and whose
   * id is not excluded.
   *
   * @param idColumn the header name of a column of row ids (each row's {@link Row#key()}), or
   *     {@code null} to key rows by their text
   * @param where conditions {@code COLUMN=VALUE} or {@code COLUMN!=VALUE}, all of which a row must
   *     meet (values compared exactly, after the first {@code =}); none null
   * @param excludedIds ids of rows to leave out; needs {@code idColumn}; none null
   */
  public record Selection(String idColumn, List<String> where, Set<String> excludedIds) {
    /** Every row, keyed by line number. */
    public static final Selection ALL = new Selection(null, List.of(), Set.of());

    /**
     * Copies the lists.
     *
     * @param idColumn the id column, or {@code null}
     * @param where the conditions; not null
     * @param excludedIds the excluded ids; not null
     * @throws IllegalArgumentException if ids are excluded without an id column, or a condition
     *     is not {@code COLUMN=VALUE} or {@code COLUMN!=VALUE}
     */
    public Selection {
      where = List.copyOf(where);
      excludedIds = Set.copyOf(excludedIds);
      if (!excludedIds.isEmpty() && idColumn == null) {
        throw new IllegalArgumentException("excluding rows by id needs an id column");
      }
      for (String w : where) {
        if (w.indexOf('=') < 1 || w.startsWith("!=")) {
          throw new IllegalArgumentException("the condition '" + w + "' is not COLUMN=VALUE or COLUMN!=VALUE");
        }
      }
    }
  }

  /** One {@code where} condition, resolved against the header. */
  private record Condition(int column, boolean equal, String value) {
    boolean test(org.apache.commons.csv.CSVRecord rec) {
      return rec.get(column).equals(value) == equal;
    }
  }

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
    List<Row> rows = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    stream(file, column, labelColumn, groupColumn, rows::add, skipped::add);
    return new Result(rows, skipped);
  }

  /**
   * Reads {@code file} row by row, handing each usable row to {@code rows} and a message for each
   * skipped line to {@code skipped}, so that memory does not depend on the file's size. CSV is
   * parsed by Apache Commons CSV (RFC 4180: quoted fields, doubled quotes, line breaks in quotes);
   * TSV is split on tabs, no quoting. A UTF-8 byte-order mark before the header is ignored.
   *
   * @param file the UTF-8 file, its first row the header naming the columns; not null
   * @param column the header name of the text column
   * @param labelColumn the header name of the label column, or {@code null}
   * @param groupColumn the header name of the group column, or {@code null}
   * @param rows receives each usable row, in file order
   * @param skipped receives "line N: reason" for each malformed line, in file order
   * @throws IllegalArgumentException naming the file and its columns, if a column is missing; if
   *     the file is empty; if it is not UTF-8 (with the line and byte)
   * @throws IOException if the file cannot be read
   */
  public static void stream(Path file, String column, String labelColumn, String groupColumn,
      java.util.function.Consumer<Row> rows, java.util.function.Consumer<String> skipped) throws IOException {
    stream(file, column, labelColumn, groupColumn, Selection.ALL, rows, skipped);
  }

  /**
   * As {@link #stream(Path, String, String, String, java.util.function.Consumer,
   * java.util.function.Consumer)}, handing on only the rows {@code selection} keeps, with their id.
   *
   * @param file the UTF-8 file, its first row the header naming the columns; not null
   * @param column the header name of the text column
   * @param labelColumn the header name of the label column, or {@code null}
   * @param groupColumn the header name of the group column, or {@code null}
   * @param selection which rows to use; not null
   * @param rows receives each usable, selected row, in file order
   * @param skipped receives "line N: reason" for each malformed line, in file order
   * @return how many well-formed rows the selection left out
   * @throws IllegalArgumentException naming the file and its columns, if a column (of the text,
   *     label, group, id or a condition) is missing; if the file is empty; if it is not UTF-8 (with
   *     the line and byte)
   * @throws IOException if the file cannot be read
   */
  public static long stream(Path file, String column, String labelColumn, String groupColumn, Selection selection,
      java.util.function.Consumer<Row> rows, java.util.function.Consumer<String> skipped) throws IOException {
    boolean tsv = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tsv");
    org.apache.commons.csv.CSVFormat format = (tsv
        ? org.apache.commons.csv.CSVFormat.Builder.create().setDelimiter('\t').setQuote(null)
        : org.apache.commons.csv.CSVFormat.RFC4180.builder()).setIgnoreEmptyLines(false).build();
    java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    try (java.io.Reader in = new java.io.BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
        decoder)); org.apache.commons.csv.CSVParser parser = org.apache.commons.csv.CSVParser.parse(skipBom(in),
            format)) {
      java.util.Iterator<org.apache.commons.csv.CSVRecord> records = parser.iterator();
      if (!records.hasNext()) {
        throw new IllegalArgumentException(file + " is empty: a header row naming the columns is needed");
      }
      List<String> header = records.next().toList();
      int text = header.indexOf(column);
      if (text < 0) {
        throw new IllegalArgumentException(file + " has no column '" + column + "'; its columns: " + header);
      }
      int label = labelColumn == null ? -1 : header.indexOf(labelColumn);
      if (labelColumn != null && label < 0) {
        throw new IllegalArgumentException(file + " has no column '" + labelColumn + "'; its columns: " + header);
      }
      int group = groupColumn == null ? -1 : header.indexOf(groupColumn);
      if (groupColumn != null && group < 0) {
        throw new IllegalArgumentException(file + " has no column '" + groupColumn + "'; its columns: " + header);
      }
      int id = selection.idColumn() == null ? -1 : header.indexOf(selection.idColumn());
      if (selection.idColumn() != null && id < 0) {
        throw new IllegalArgumentException(file + " has no id column '" + selection.idColumn() + "'; its columns: "
            + header);
      }
      List<Condition> conditions = new ArrayList<>();
      for (String w : selection.where()) {
        boolean equal = w.indexOf("!=") < 0 || w.indexOf("!=") > w.indexOf('=');
        String name = equal ? w.substring(0, w.indexOf('=')) : w.substring(0, w.indexOf("!="));
        int at = header.indexOf(name);
        if (at < 0) {
          throw new IllegalArgumentException(file + " has no column '" + name + "' (in the condition '" + w
              + "'); its columns: " + header);
        }
        conditions.add(new Condition(at, equal, w.substring(name.length() + (equal ? 1 : 2))));
      }
      long left = 0;
      long linesBefore = parser.getCurrentLineNumber();
      while (true) {
        int line = (int) linesBefore + 1;
        org.apache.commons.csv.CSVRecord rec;
        try {
          if (!records.hasNext()) {
            break;
          }
          rec = records.next();
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
          if (e.getCause() instanceof java.nio.charset.CharacterCodingException) {
            utf8(file, Files.readAllBytes(file)); // names the line and the byte
          }
          skipped.accept("line " + line + ": unterminated quoted field");
          break;
        }
        linesBefore = parser.getCurrentLineNumber();
        if (rec.size() == 1 && rec.get(0).isEmpty()) {
          continue; // blank line
        }
        if (rec.size() != header.size()) {
          skipped.accept("line " + line + ": " + rec.size() + " fields, the header has " + header.size());
        } else if (!meets(conditions, rec) || id >= 0 && selection.excludedIds().contains(rec.get(id))) {
          left++;
        } else if (rec.get(text).isBlank()) {
          skipped.accept("line " + line + ": empty text in column '" + column + "'");
        } else {
          rows.accept(new Row(line, rec.get(text), label < 0 ? null : rec.get(label), group < 0 ? null
              : rec.get(group), id < 0 ? null : rec.get(id)));
        }
      }
      return left;
    } catch (java.nio.charset.CharacterCodingException e) {
      utf8(file, Files.readAllBytes(file));
      throw new IllegalArgumentException(file + " is not UTF-8 text", e);
    }
  }

  private static boolean meets(List<Condition> conditions, org.apache.commons.csv.CSVRecord rec) {
    for (Condition c : conditions) {
      if (!c.test(rec)) {
        return false;
      }
    }
    return true;
  }

  /** The reader past a UTF-8 byte-order mark, which spreadsheet programs write before the header. */
  private static java.io.Reader skipBom(java.io.Reader in) throws IOException {
    java.io.PushbackReader p = new java.io.PushbackReader(in, 1);
    int c = p.read();
    if (c != -1 && c != '\uFEFF') {
      p.unread(c);
    }
    return p;
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
}
