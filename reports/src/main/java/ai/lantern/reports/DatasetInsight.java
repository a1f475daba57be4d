package ai.lantern.reports;

import ai.lantern.core.Explainer;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Progress;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.TargetExplanation;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Explains every row of a data set and finds which words a model relies on overall.
 *
 * <p>Each row's explanation is appended to {@code explanations.jsonl} in the output directory as
 * soon as it exists ({@code {"row", "text", "trueLabel", "explanation"}}), so an interrupted run
 * started again with the same output directory explains only the rows it had not finished and
 * loses nothing (a line cut short by the interruption is dropped and redone). The summary is
 * computed from that file alone, so a resumed run ends with the same summary as one that was never
 * interrupted. Per explained label and word (lower-cased; special tokens and stop words left out):
 * count, mean score, mean |score| and sum; the top N most positive and most negative words by sum
 * go to {@code summary.html} with charts, all of them to {@code summary.csv}.
 *
 * <p>A row the explainer refuses (no word to explain, say) is recorded as skipped, with its line
 * and the reason ({@code {"row", "text", "error"}}), and the run goes on; a resume does not try it
 * again. A resume checks that the directory belongs to this run: the settings given to
 * {@link Builder#optSettings} (kept in {@code settings.json}) and every stored row's text must
 * equal this run's, or nothing is written. The file is only ever appended to, or replaced whole by
 * an atomic rename, so a kill at any moment leaves either the old file or the new one.
 */
public final class DatasetInsight {
  /**
   * Aggregate of one word for one explained label.
   *
   * @param label the explained label
   * @param word the word, lower-cased
   * @param count how many times the word was scored for the label, over all rows; at least 1
   * @param sum the sum of its scores
   * @param sumAbs the sum of the absolute values of its scores; at least {@code |sum|}
   */
  public record WordStats(String label, String word, long count, double sum, double sumAbs) {
    /**
     * The mean score: which way the word pushes the label, on average.
     *
     * @return {@code sum / count}
     */
    public double mean() {
      return sum / count;
    }

    /**
     * The mean absolute score: how much the word matters, whichever way.
     *
     * @return {@code sumAbs / count}
     */
    public double meanAbs() {
      return sumAbs / count;
    }
  }

  /** The order of summary.csv: by label, then most positive sum first, then word. */
  private static final Comparator<WordStats> SUMMARY_ORDER = Comparator.comparing(WordStats::label)
      .thenComparing(WordStats::sum, Comparator.reverseOrder()).thenComparing(WordStats::word);
  /** The order of each group in summary-by-group.csv: by label, then word. */
  private static final Comparator<WordStats> GROUP_ORDER = Comparator.comparing(WordStats::label)
      .thenComparing(WordStats::word);

  /** Groups compared side by side on {@code groups.html}, at most. */
  static final int MAX_GROUPS_SHOWN = 12;

  /** The file, in the output directory, of one JSON line per explained or skipped row. */
  public static final String EXPLANATIONS = "explanations.jsonl";
  /** The settings of the run that owns the directory. */
  public static final String SETTINGS = "settings.json";

  private final RowExplainer explainer;
  private final long seed;
  private final Path out;
  private final Set<String> stopWords;
  private final int topN;
  private final String model;
  private final ProgressListener listener;
  private final Map<String, String> settings;

  private DatasetInsight(Builder b) {
    this.explainer = b.explainer;
    this.seed = b.seed;
    this.out = b.out;
    this.stopWords = Set.copyOf(b.stopWords);
    this.topN = b.topN;
    this.model = b.model;
    this.listener = b.listener;
    this.settings = b.settings;
  }

  /**
   * Starts the settings of a run.
   *
   * @return a new builder with default settings and no explainer or output directory yet
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Rows handed over one at a time, in file order: a file read as it goes, or a list. A run asks
   * for them three times (to check a resumed directory, to count, to explain), so memory does not
   * depend on how many there are.
   */
  @FunctionalInterface
  public interface RowSource {
    /**
     * Hands every row to {@code sink}, in the same order each time.
     *
     * @param sink receives the rows
     * @throws IOException if the rows cannot be read
     */
    void forEach(java.util.function.Consumer<DatasetReader.Row> sink) throws IOException;
  }

  /** Explains one row's text with the row's own seed (methods that draw nothing ignore it). */
  @FunctionalInterface
  public interface RowExplainer {
    /**
     * Explains a text.
     *
     * @param text the row's text
     * @param seed the row's seed, {@link #rowSeed(long, String)} of the run's seed and the row's key
     * @return the explanation
     */
    Explanation explain(String text, long seed);
  }

  /**
   * What a run did.
   *
   * @param words the aggregates over every explained row of the directory, most positive sum first per label
   * @param rows the input's rows
   * @param resumed rows already in the directory, from an earlier run
   * @param explained rows explained by this run
   * @param notExplained rows of the directory recorded as not explainable (see {@link #skippedRows})
   */
  public record Outcome(List<WordStats> words, long rows, long resumed, long explained, long notExplained) {}

  /**
   * The seed of one row: the run's seed, mixed by SplitMix64's finaliser, then the row's stable key
   * hashed onto it (FNV-1a over its UTF-8 bytes) and mixed again, so a row gets the same draws whichever machine, thread
   * or partition explains it, and different rows get unrelated draws. In 0..2^32-1, which every
   * method accepts, numpy-compatible LIME included.
   *
   * @param seed the run's seed
   * @param key the row's {@link DatasetReader.Row#key()}; not null
   * @return the row's seed
   */
  public static long rowSeed(long seed, String key) {
    long h = mix(seed + 0x9E3779B97F4A7C15L) ^ 0xCBF29CE484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xFF)) * 0x100000001B3L;
    }
    return mix(h) >>> 32;
  }

  private static long mix(long h) {
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  /**
   * Explains a list of texts (row {@code i + 1} is {@code texts.get(i)}), resuming like
   * {@link #run(List)}.
   *
   * @param texts the texts, in row order; not null, none null
   * @return the aggregates, most positive sum first per label
   * @throws IOException if the output directory cannot be written
   * @throws IllegalArgumentException if the directory holds another run's results (other settings,
   *     or a stored row whose text is not this input's)
   */
  public List<WordStats> runTexts(List<String> texts) throws IOException {
    List<DatasetReader.Row> rows = new ArrayList<>(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      rows.add(new DatasetReader.Row(i + 1, texts.get(i), null));
    }
    return run(rows);
  }

  /**
   * Explains the rows not yet in {@code explanations.jsonl}, then writes the summaries.
   *
   * @param rows the rows, told apart by {@link DatasetReader.Row#line()} (unique, as
   *     {@link DatasetReader} gives them); not null
   * @return the aggregates, most positive sum first per label
   * @throws IOException if the output directory cannot be written
   * @throws IllegalArgumentException if the directory holds another run's results (other settings,
   *     or a stored row whose text is not this input's)
   */
  public List<WordStats> run(List<DatasetReader.Row> rows) throws IOException {
    return run(rows::forEach).words();
  }

  /**
   * Explains the rows of {@code source} not yet in {@code explanations.jsonl}, one at a time as
   * they are read, then writes the summaries. Memory holds one row, one bit per line number for
   * the rows already done, and the aggregates; never the rows.
   *
   * @param source the rows, in file order, told apart by {@link DatasetReader.Row#line()}; not null
   * @return what the run did, with the aggregates
   * @throws IOException if the rows cannot be read or the output directory cannot be written
   * @throws IllegalArgumentException if the directory holds another run's results (other settings,
   *     or a stored row whose text is not this input's)
   */
  public Outcome run(RowSource source) throws IOException {
    Files.createDirectories(out);
    Path jsonl = out.resolve(EXPLANATIONS);
    checkSettings(out.resolve(SETTINGS), Files.exists(jsonl));
    long[] errors = new long[1];
    java.util.BitSet done = finishedRows(jsonl, errors);
    long[] count = new long[2]; // rows, rows already done
    try (StoredTexts stored = new StoredTexts(jsonl)) {
      source.forEach(row -> {
        count[0]++;
        if (done.get(row.line())) {
          count[1]++;
          stored.check(row);
        }
      });
    }
    long todo = count[0] - count[1];
    long start = System.nanoTime();
    long[] finished = new long[1];
    try (BufferedWriter w = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.APPEND)) {
      source.forEach(row -> {
        if (done.get(row.line())) {
          return;
        }
        JsonObject line = new JsonObject();
        line.addProperty("row", row.line());
        line.addProperty("text", row.text());
        line.addProperty("trueLabel", row.label());
        if (row.group() != null) {
          line.addProperty("group", row.group());
        }
        if (row.id() != null) {
          line.addProperty("id", row.id());
        }
        try {
          Explanation e = explainer.explain(row.text(), rowSeed(seed, row.key()));
          line.add("explanation", JsonParser.parseString(ExplanationJson.writeLine(e, model)));
        } catch (IllegalArgumentException | ai.lantern.core.ModelOutputException e) {
          // This row cannot be explained (no word, say): recorded, and the run goes on.
          line.addProperty("error", e.getMessage());
          errors[0]++;
        }
        try {
          w.write(line.toString());
          w.write('\n');
          w.flush();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
        done.set(row.line()); // a line met twice in the input is explained once
        finished[0]++;
        listener.onProgress(new Progress(finished[0], todo, Duration.ofNanos(System.nanoTime() - start)));
      });
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    Aggregates aggregates = read(jsonl, stopWords);
    List<WordStats> stats = aggregates.all();
    writeSummaries(stats, aggregates.byGroup(), out, topN);
    return new Outcome(stats, count[0], count[1], finished[0], errors[0]);
  }

  /**
   * Rows already explained or skipped, one bit per line; lines cut short by an interruption are
   * dropped (the file replaced by an atomic rename, never rewritten in place). Read line by line.
   *
   * @param errors receives the count of rows recorded as not explainable
   */
  static java.util.BitSet finishedRows(Path jsonl, long[] errors) throws IOException {
    java.util.BitSet done = new java.util.BitSet();
    if (!Files.exists(jsonl)) {
      return done;
    }
    long bad = 0;
    try (java.io.BufferedReader reader = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      for (String l = reader.readLine(); l != null; l = reader.readLine()) {
        JsonObject o = stored(l);
        if (o == null) {
          bad += l.isBlank() ? 0 : 1;
          continue;
        }
        done.set(o.get("row").getAsInt());
        errors[0] += o.has("error") ? 1 : 0;
      }
    }
    if (bad > 0) {
      Path tmp = jsonl.resolveSibling(jsonl.getFileName() + ".tmp");
      try (java.io.BufferedReader reader = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8);
          BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        for (String l = reader.readLine(); l != null; l = reader.readLine()) {
          if (stored(l) != null) {
            w.write(l);
            w.write('\n');
          }
        }
      }
      Files.move(tmp, jsonl, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
    return done;
  }

  /** A complete stored row, or {@code null} for a blank line or one an interrupted write cut short. */
  private static JsonObject stored(String l) {
    if (l.isBlank()) {
      return null;
    }
    try {
      JsonObject o = JsonParser.parseString(l).getAsJsonObject();
      if (o.get("row").getAsInt() < 0) {
        return null;
      }
      if (!o.has("error")) {
        ExplanationJson.read(o.getAsJsonObject("explanation"));
      }
      return o;
    } catch (JsonParseException | IllegalArgumentException | IllegalStateException | NullPointerException
        | UnsupportedOperationException | ClassCastException e) {
      return null; // an interrupted write: dropped, and the row explained again
    }
  }

  /**
   * The stored rows' texts, read alongside the input: both are in line order, so checking that a
   * resumed directory holds this input's rows takes one pass and no memory per row. An input
   * that goes back in line order starts the file over.
   */
  private static final class StoredTexts implements AutoCloseable {
    private final Path jsonl;
    private java.io.BufferedReader reader;
    private JsonObject current;

    StoredTexts(Path jsonl) {
      this.jsonl = jsonl;
    }

    void check(DatasetReader.Row row) {
      try {
        if (reader == null || current != null && current.get("row").getAsInt() > row.line()) {
          close();
          reader = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8);
          current = null;
          advance();
        }
        while (current != null && current.get("row").getAsInt() < row.line()) {
          advance();
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      if (current == null || current.get("row").getAsInt() != row.line()) {
        return;
      }
      String stored = current.has("text") && !current.get("text").isJsonNull()
          ? current.get("text").getAsString() : null;
      if (!row.text().equals(stored)) {
        throw new IllegalArgumentException(jsonl + " holds row " + row.line() + " with the text \""
            + abbreviate(stored) + "\", but row " + row.line() + " of this input is \"" + abbreviate(row.text())
            + "\": it belongs to another run; give another output directory or delete it");
      }
    }

    private void advance() throws IOException {
      for (String l = reader.readLine(); l != null; l = reader.readLine()) {
        JsonObject o = stored(l);
        if (o != null) {
          current = o;
          return;
        }
      }
      current = null;
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
      }
    }
  }

  private static String abbreviate(String s) {
    return s == null ? "(none)" : s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  /** Refuses a directory whose recorded settings differ from this run's; records them otherwise. */
  private void checkSettings(Path file, boolean resuming) throws IOException {
    if (settings.isEmpty()) {
      return;
    }
    JsonObject now = new JsonObject();
    new TreeMap<>(settings).forEach(now::addProperty);
    if (Files.exists(file)) {
      JsonObject before;
      try {
        before = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      } catch (JsonParseException | IllegalStateException e) {
        throw new IllegalArgumentException(file + " is not a settings file of Lantern (" + e.getMessage() + ")");
      }
      if (!before.equals(now)) {
        List<String> differ = new ArrayList<>();
        Set<String> keys = new java.util.TreeSet<>(before.keySet());
        keys.addAll(now.keySet());
        for (String k : keys) {
          if (!Objects.equals(before.get(k), now.get(k))) {
            differ.add(k + ": " + before.get(k) + " then, " + now.get(k) + " now");
          }
        }
        throw new IllegalArgumentException(out + " holds the results of a run with other settings (" + String.join(
            "; ", differ) + "); results of different runs are never mixed: give another output directory or "
            + "delete it");
      }
      return;
    }
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, now.toString(), StandardCharsets.UTF_8);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The rows a run skipped, as "line N: reason", from its {@code explanations.jsonl}.
   *
   * @param jsonl a run's {@code explanations.jsonl}; not null, need not exist
   * @return one message per skipped row, in file order; empty if the file does not exist
   * @throws IOException if the file exists but cannot be read
   */
  public static List<String> skippedRows(Path jsonl) throws IOException {
    List<String> out = new ArrayList<>();
    if (!Files.exists(jsonl)) {
      return out;
    }
    try (java.io.BufferedReader reader = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      for (String l = reader.readLine(); l != null; l = reader.readLine()) {
        if (l.isBlank()) {
          continue;
        }
        JsonObject o = JsonParser.parseString(l).getAsJsonObject();
        if (o.has("error")) {
          out.add("line " + o.get("row").getAsInt() + ": " + o.get("error").getAsString());
        }
      }
    }
    return out;
  }

  /**
   * Per (explained label, lower-cased word): count, sum and sum of |score|, from the JSON lines.
   * Skipped rows and special tokens are left out.
   *
   * @param jsonl a run's {@code explanations.jsonl}; not null, must exist
   * @param stopWords lower-cased words to leave out; not null, may be empty
   * @return one entry per label and word, by label, then most positive sum first, then word
   * @throws IOException if the file cannot be read
   */
  public static List<WordStats> aggregate(Path jsonl, Set<String> stopWords) throws IOException {
    return read(jsonl, stopWords).all();
  }

  /**
   * The aggregates of {@link #aggregate} computed per group, for runs whose rows carry a group.
   *
   * @param jsonl the run's {@code explanations.jsonl}
   * @param stopWords lower-cased words to leave out
   * @return the aggregates by group (sorted by group), empty when no row has a group
   * @throws IOException if the file cannot be read
   */
  public static Map<String, List<WordStats>> aggregateByGroup(Path jsonl, Set<String> stopWords) throws IOException {
    return read(jsonl, stopWords).byGroup();
  }

  /**
   * One explained row of {@code explanations.jsonl}.
   *
   * @param line the row's line in the input file
   * @param text the explained text
   * @param trueLabel the row's true label, or {@code null} when the run had no label column
   * @param group the row's group, or {@code null} when the run had no group column
   * @param explanation the row's explanation
   */
  public record ExplainedRow(int line, String text, String trueLabel, String group, Explanation explanation) {}

  /**
   * The explained rows of a run, in file order; skipped rows are left out.
   *
   * @param jsonl a run's {@code explanations.jsonl}; not null, must exist
   * @return every row that has an explanation
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the line, if a line is not a row this class wrote
   */
  public static List<ExplainedRow> explainedRows(Path jsonl) throws IOException {
    List<ExplainedRow> rows = new ArrayList<>();
    forEachExplained(jsonl, rows::add);
    return rows;
  }

  /** Reads the file line by line, so a caller that keeps nothing holds one row at a time. */
  private static void forEachExplained(Path jsonl, java.util.function.Consumer<ExplainedRow> action)
      throws IOException {
    try (java.io.BufferedReader reader = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
      int n = 0;
      for (String l = reader.readLine(); l != null; l = reader.readLine()) {
        n++;
        if (l.isBlank()) {
          continue;
        }
        ExplainedRow row;
        try {
          JsonObject o = JsonParser.parseString(l).getAsJsonObject();
          if (o.has("error")) {
            continue;
          }
          row = new ExplainedRow(o.get("row").getAsInt(), o.get("text").getAsString(), optional(o, "trueLabel"),
              optional(o, "group"), ExplanationJson.read(o.getAsJsonObject("explanation")));
        } catch (JsonParseException | IllegalArgumentException | IllegalStateException | NullPointerException
            | ClassCastException | UnsupportedOperationException e) {
          throw new IllegalArgumentException(jsonl + " line " + n + ": not a row of explanations: " + e.getMessage(),
              e);
        }
        action.accept(row);
      }
    }
  }

  private static String optional(JsonObject o, String field) {
    return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : null;
  }

  /** The whole run's aggregates and each group's. */
  private record Aggregates(List<WordStats> all, Map<String, List<WordStats>> byGroup) {}

  /**
   * Both aggregates in one pass over the file, line by line: memory holds a count and two sums
   * per (group, label, word), never the rows. The whole run is group {@code null}.
   */
  private static Aggregates read(Path jsonl, Set<String> stopWords) throws IOException {
    Map<String, Map<String, Map<String, double[]>>> sums = new java.util.HashMap<>();
    forEachExplained(jsonl, row -> {
      List<String> groups = new ArrayList<>(java.util.Collections.singletonList(null));
      if (row.group() != null) {
        groups.add(row.group());
      }
      for (TargetExplanation t : row.explanation().targets()) {
        for (FeatureAttribution a : t.attributions()) {
          String word = a.text().toLowerCase(Locale.ROOT);
          if (a.feature().special() || stopWords.contains(word)) {
            continue;
          }
          for (String g : groups) {
            double[] s = sums.computeIfAbsent(g, k -> new TreeMap<>()).computeIfAbsent(t.label(),
                k -> new TreeMap<>()).computeIfAbsent(word, k -> new double[3]);
            s[0]++;
            s[1] += a.score();
            s[2] += Math.abs(a.score());
          }
        }
      }
    });
    List<WordStats> all = stats(sums.getOrDefault(null, Map.of()));
    all.sort(SUMMARY_ORDER);
    Map<String, List<WordStats>> byGroup = new TreeMap<>();
    sums.forEach((g, byLabel) -> {
      if (g != null) {
        byGroup.put(g, stats(byLabel));
      }
    });
    return new Aggregates(all, byGroup);
  }

  private static List<WordStats> stats(Map<String, Map<String, double[]>> byLabel) {
    List<WordStats> out = new ArrayList<>();
    byLabel.forEach((label, words) -> words.forEach((word, s) ->
        out.add(new WordStats(label, word, (long) s[0], s[1], s[2]))));
    return out;
  }

  /**
   * Writes the summaries of a run into {@code dir}: {@code summary.csv} (every word) and
   * {@code summary.html} (charts of the top words), and with groups {@code summary-by-group.csv}
   * and {@code groups.html}. Aggregates computed elsewhere (on a cluster) give the same files.
   *
   * @param all the aggregates of the whole run, in any order (written by label, then most positive
   *     sum first, then word)
   * @param byGroup each group's aggregates, in any order (written by label, then word); empty when
   *     rows have no group
   * @param dir the output directory; must exist
   * @param topN words per chart and per group table, at least 1
   * @throws IOException if a file cannot be written
   */
  public static void writeSummaries(List<WordStats> all, Map<String, List<WordStats>> byGroup, Path dir, int topN)
      throws IOException {
    List<WordStats> sorted = new ArrayList<>(all);
    sorted.sort(SUMMARY_ORDER);
    writeCsv(sorted, dir.resolve("summary.csv"));
    writeHtml(sorted, dir.resolve("summary.html"), topN);
    if (!byGroup.isEmpty()) {
      Map<String, List<WordStats>> groups = new TreeMap<>();
      byGroup.forEach((g, stats) -> {
        List<WordStats> l = new ArrayList<>(stats);
        l.sort(GROUP_ORDER);
        groups.put(g, l);
      });
      writeGroups(groups, dir.resolve("summary-by-group.csv"), dir.resolve("groups.html"), topN);
    }
  }

  /** Per group CSV, and a page of the words whose mean score differs most between groups. */
  private static void writeGroups(Map<String, List<WordStats>> groups, Path csvFile, Path page, int topN)
      throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("group,label,word,count,mean,mean_abs,sum");
    groups.forEach((g, stats) -> stats.forEach(s -> lines.add(csv(g) + "," + csv(s.label()) + "," + csv(s.word()) + ","
        + s.count() + "," + s.mean() + "," + s.meanAbs() + "," + s.sum())));
    Files.write(csvFile, lines, StandardCharsets.UTF_8);
    // With many groups the page compares the largest (most scored words), so that it stays readable
    // and a gap is not one rare group's noise; the CSV has every group.
    List<String> names = new ArrayList<>(groups.keySet());
    names.sort(Comparator.comparingLong((String g) -> -groups.get(g).stream().mapToLong(WordStats::count).sum())
        .thenComparing(Comparator.naturalOrder()));
    String shownNote = "";
    if (names.size() > MAX_GROUPS_SHOWN) {
      shownNote = "<p>" + names.size() + " groups: this page compares the " + MAX_GROUPS_SHOWN + " with the most scored "
          + "words; summary-by-group.csv has every group.</p>";
      names = new ArrayList<>(names.subList(0, MAX_GROUPS_SHOWN));
    }
    names.sort(Comparator.naturalOrder());
    Set<String> shown = Set.copyOf(names);
    Map<String, Map<String, Map<String, WordStats>>> byLabel = new TreeMap<>();
    groups.entrySet().stream().filter(e -> shown.contains(e.getKey())).forEach(e -> e.getValue().forEach(s -> byLabel.computeIfAbsent(s.label(), k -> new TreeMap<>())
        .computeIfAbsent(s.word(), k -> new TreeMap<>()).put(e.getKey(), s)));
    StringBuilder h = new StringBuilder(shownNote);
    for (Map.Entry<String, Map<String, Map<String, WordStats>>> l : byLabel.entrySet()) {
      record Gap(String word, double gap, Map<String, WordStats> byGroup) {}
      List<Gap> gaps = new ArrayList<>();
      l.getValue().forEach((word, byGroup) -> {
        if (byGroup.size() >= 2) {
          double max = byGroup.values().stream().mapToDouble(WordStats::mean).max().orElse(0);
          double min = byGroup.values().stream().mapToDouble(WordStats::mean).min().orElse(0);
          gaps.add(new Gap(word, max - min, byGroup));
        }
      });
      gaps.sort(Comparator.comparingDouble(Gap::gap).reversed().thenComparing(Gap::word));
      h.append("<section><h2>Explained label: ").append(Xml.escape(l.getKey()))
          .append(" &#8212; words whose mean score differs most between groups</h2>");
      if (gaps.isEmpty()) {
        h.append("<p>No word occurs in two groups for this label.</p></section>");
        continue;
      }
      h.append("<table class=\"ti\"><thead><tr><th>word</th><th>difference</th>");
      for (String g : names) {
        h.append("<th>").append(Xml.escape(g)).append(": mean (count)</th>");
      }
      h.append("</tr></thead><tbody>");
      for (Gap gap : gaps.subList(0, Math.min(topN, gaps.size()))) {
        h.append("<tr><td>").append(Xml.escape(gap.word())).append("</td><td>")
            .append(String.format(Locale.ROOT, "%.4f", gap.gap())).append("</td>");
        for (String g : names) {
          WordStats s = gap.byGroup().get(g);
          h.append("<td>").append(s == null ? "" : String.format(Locale.ROOT, "%+.4f (%d)", s.mean(), s.count()))
              .append("</td>");
        }
        h.append("</tr>");
      }
      h.append("</tbody></table></section>");
    }
    new HtmlReport("Lantern: dataset insight by group" + (shownNote.isEmpty() ? " " + names : ""))
        .addSection(h.toString()).write(page);
  }

  static void writeCsv(List<WordStats> stats, Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("label,word,count,mean,mean_abs,sum");
    for (WordStats s : stats) {
      lines.add(csv(s.label()) + "," + csv(s.word()) + "," + s.count() + "," + s.mean() + "," + s.meanAbs() + ","
          + s.sum());
    }
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static void writeHtml(List<WordStats> stats, Path file, int topN) throws IOException {
    StringBuilder h = new StringBuilder();
    Map<String, List<WordStats>> byLabel = new TreeMap<>();
    stats.forEach(s -> byLabel.computeIfAbsent(s.label(), k -> new ArrayList<>()).add(s));
    for (Map.Entry<String, List<WordStats>> e : byLabel.entrySet()) {
      List<WordStats> words = e.getValue();
      List<BarChart.Bar> positive = words.stream().filter(s -> s.sum() > 0).limit(topN)
          .map(s -> new BarChart.Bar(s.word() + " (" + s.count() + ")", s.sum())).toList();
      List<WordStats> negatives = new ArrayList<>(words.stream().filter(s -> s.sum() < 0).toList());
      negatives.sort(Comparator.comparingDouble(WordStats::sum));
      List<BarChart.Bar> negative = negatives.stream().limit(topN)
          .map(s -> new BarChart.Bar(s.word() + " (" + s.count() + ")", s.sum())).toList();
      h.append("<section><h2>Explained label: ").append(Xml.escape(e.getKey())).append("</h2>");
      h.append(BarChart.weights("Most positive words for " + e.getKey() + " (sum of scores; count)", positive).toSvg());
      h.append(BarChart.weights("Most negative words for " + e.getKey() + " (sum of scores; count)", negative).toSvg());
      h.append("</section>");
    }
    HtmlReport report = new HtmlReport("Lantern: dataset insight").addSection(h.toString());
    report.write(file);
  }

  /** Settings of {@link DatasetInsight}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private RowExplainer explainer;
    private long seed;
    private Path out;
    private Set<String> stopWords = Set.of();
    private int topN = 20;
    private String model;
    private ProgressListener listener = ProgressListener.NONE;
    private Map<String, String> settings = Map.of();

    private Builder() {}

    /**
     * What identifies the run (model, method, options…): recorded in {@code settings.json}, and a
     * resume with other settings is refused.
     *
     * @param settings names and values, none null; copied; empty (the default) records and checks nothing
     * @return this builder
     */
    public Builder optSettings(Map<String, String> settings) {
      this.settings = Map.copyOf(settings);
      return this;
    }

    /**
     * The explainer of every row (required). A row it refuses with an {@link IllegalArgumentException}
     * or a {@link ai.lantern.core.ModelOutputException} is recorded as skipped; any other failure ends the run.
     *
     * @param explainer the explainer, called on the thread of {@link DatasetInsight#run(List)}, one row at a time
     * @return this builder
     */
    public Builder setExplainer(Explainer<String, Explanation> explainer) {
      this.explainer = explainer == null ? null : (text, rowSeed) -> explainer.explain(text);
      return this;
    }

    /**
     * The explainer of every row, given each row's own seed (required, unless
     * {@link #setExplainer(Explainer)} is given): {@link #rowSeed(long, String)} of
     * {@link #optSeed(long)} and the row's key. Rows it refuses are recorded as
     * {@link #setExplainer(Explainer)} says.
     *
     * @param explainer the explainer, called on the thread of {@link DatasetInsight#run(RowSource)}, one row at a time
     * @return this builder
     */
    public Builder setRowExplainer(RowExplainer explainer) {
      this.explainer = explainer;
      return this;
    }

    /**
     * The run's seed, from which each row's seed is derived.
     *
     * @param seed any value; 0 by default
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Where explanations.jsonl, summary.csv and summary.html go; reusing it resumes a run.
     *
     * @param out the output directory (required); created with its parents if missing
     * @return this builder
     */
    public Builder setOutputDirectory(Path out) {
      this.out = out;
      return this;
    }

    /**
     * Lower-cased words left out of the aggregates.
     *
     * @param stopWords the words, none null; copied when built; empty by default
     * @return this builder
     * @throws NullPointerException if {@code stopWords} is null
     */
    public Builder optStopWords(Set<String> stopWords) {
      this.stopWords = Objects.requireNonNull(stopWords, "stopWords");
      return this;
    }

    /**
     * Words per chart (default 20); summary.csv has them all.
     *
     * @param topN the most positive and the most negative words shown per label, at least 1; checked by build
     * @return this builder
     */
    public Builder optTopN(int topN) {
      this.topN = topN;
      return this;
    }

    /**
     * The model's name, recorded in every JSON line.
     *
     * @param model the name, or {@code null} (the default) to leave it out
     * @return this builder
     */
    public Builder optModelName(String model) {
      this.model = model;
      return this;
    }

    /**
     * Hears after every row (done and total count rows still to explain in this run).
     *
     * @param listener called on the thread of {@link DatasetInsight#run(List)}; an exception it throws ends the run
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder optProgressListener(ProgressListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Checks the settings and makes the runner; nothing is read or written yet.
     *
     * @return the runner
     * @throws IllegalArgumentException if a required setting is missing or {@code topN < 1}
     */
    public DatasetInsight build() {
      if (explainer == null || out == null) {
        throw new IllegalArgumentException("setExplainer(...) and setOutputDirectory(...) are required");
      }
      if (topN < 1) {
        throw new IllegalArgumentException("topN must be at least 1, got " + topN);
      }
      return new DatasetInsight(this);
    }
  }
}
