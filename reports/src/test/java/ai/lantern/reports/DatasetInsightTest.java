package ai.lantern.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetInsightTest {
  private static PyTorchTextClassifier sst2;
  private static List<DatasetReader.Row> rows;
  @TempDir Path tmp;

  /** 200 short reviews made here (no external data): the test always runs. */
  static List<DatasetReader.Row> reviews() {
    String[] subjects = {"the film", "this movie", "the acting", "the plot", "the music", "the ending", "the cast",
        "the script", "the story", "every scene"};
    String[] verdicts = {"is wonderful", "was dull", "feels fresh and funny", "is a boring mess", "was beautifully "
        + "made", "drags on and on", "is moving", "was awful", "is clever", "falls flat", "is pure joy",
        "is tedious", "was a delight", "is forgettable", "is charming", "was painful", "is gripping", "is stale",
        "shines", "never works"};
    List<DatasetReader.Row> out = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String text = subjects[i % subjects.length] + " " + verdicts[(i * 7 + i / subjects.length) % verdicts.length];
      out.add(new DatasetReader.Row(i + 2, text, null));
    }
    return out;
  }

  @BeforeAll
  static void load() throws Exception {
    rows = reviews();
    sst2 = PyTorchTextClassifier.load(Path.of(System.getProperty("lantern.models.dir"), "sst2-tiny"));
  }

  @AfterAll
  static void close() {
    if (sst2 != null) {
      sst2.close();
    }
  }

  private DatasetInsight insight(Path out, ai.lantern.core.ProgressListener listener) {
    LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(sst2).optNumSamples(300).build();
    return DatasetInsight.builder().setExplainer(lime).setOutputDirectory(out).optModelName("sst2-tiny")
        .optStopWords(Set.of("the", "a")).optProgressListener(listener).build();
  }

  @Test
  void aggregatesEqualARecomputationFromTheJsonLines() throws Exception {
    Path out = tmp.resolve("full");
    List<DatasetInsight.WordStats> stats = insight(out, ai.lantern.core.ProgressListener.NONE).run(rows);
    Map<String, double[]> expected = new TreeMap<>();
    List<String> lines = Files.readAllLines(out.resolve(DatasetInsight.EXPLANATIONS));
    assertEquals(200, lines.size());
    for (String line : lines) {
      JsonObject e = JsonParser.parseString(line).getAsJsonObject().getAsJsonObject("explanation");
      for (JsonElement t : e.getAsJsonArray("explanations")) {
        String label = t.getAsJsonObject().get("label").getAsString();
        JsonArray features = t.getAsJsonObject().getAsJsonArray("features");
        for (JsonElement f : features) {
          String word = f.getAsJsonObject().get("text").getAsString().toLowerCase(Locale.ROOT);
          if (word.equals("the") || word.equals("a")) {
            continue;
          }
          double score = f.getAsJsonObject().get("score").getAsDouble();
          double[] s = expected.computeIfAbsent(label + "\t" + word, k -> new double[3]);
          s[0]++;
          s[1] += score;
          s[2] += Math.abs(score);
        }
      }
    }
    assertEquals(expected.size(), stats.size());
    for (DatasetInsight.WordStats s : stats) {
      double[] e = expected.get(s.label() + "\t" + s.word());
      assertArrayEquals(e, new double[] {s.count(), s.sum(), s.sumAbs()}, 1e-12, s.word());
    }
    assertEquals(stats.size() + 1, Files.readAllLines(out.resolve("summary.csv")).size());
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(out.resolve("summary.html").toFile());
  }

  @Test
  void explainedRowsReadBackWhatTheRunWroteAndNameABadLine() throws Exception {
    Path out = tmp.resolve("rows-back");
    List<DatasetReader.Row> some = List.of(new DatasetReader.Row(2, "a wonderful film", "pos", "A"),
        new DatasetReader.Row(3, "   ", null, "B"), new DatasetReader.Row(4, "so dull", null, null));
    insight(out, ai.lantern.core.ProgressListener.NONE).run(some);
    Path jsonl = out.resolve(DatasetInsight.EXPLANATIONS);
    List<DatasetInsight.ExplainedRow> back = DatasetInsight.explainedRows(jsonl);
    assertEquals(List.of(2, 4), back.stream().map(DatasetInsight.ExplainedRow::line).toList(), "line 3 is skipped");
    assertEquals("a wonderful film", back.get(0).text());
    assertEquals("pos", back.get(0).trueLabel());
    assertEquals("A", back.get(0).group());
    assertEquals(null, back.get(1).trueLabel());
    assertEquals(null, back.get(1).group());
    assertEquals("lime", back.get(1).explanation().method());
    Files.writeString(jsonl, "{\"row\": 9, \"text\": \"x\", \"explanation\": {}}\n", StandardOpenOption.APPEND);
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
        () -> DatasetInsight.explainedRows(jsonl));
    assertTrue(bad.getMessage().contains("line 4"), bad.getMessage());
  }

  @Test
  void anInterruptedRunResumesToTheSameSummary() throws Exception {
    Path whole = tmp.resolve("whole");
    insight(whole, ai.lantern.core.ProgressListener.NONE).run(rows);
    Path broken = tmp.resolve("broken");
    RuntimeException crash = assertThrows(RuntimeException.class, () -> insight(broken, p -> {
      if (p.done() == 100) {
        throw new RuntimeException("killed");
      }
    }).run(rows));
    assertEquals("killed", crash.getMessage());
    // as if killed in the middle of writing the next line
    Files.writeString(broken.resolve(DatasetInsight.EXPLANATIONS), "{\"row\": 999, \"text\": \"half a li",
        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    int[] explainedAfterRestart = {0};
    insight(broken, p -> explainedAfterRestart[0] = (int) p.done()).run(rows);
    assertEquals(100, explainedAfterRestart[0], "only the missing rows are explained again");
    assertEquals(Files.readString(whole.resolve("summary.csv")), Files.readString(broken.resolve("summary.csv")));
  }

  @Test
  void eachRowIsExplainedWithASeedOfItsKeyWhateverTheOrderOrTheRowsAround() throws Exception {
    java.util.Map<String, Long> seen = new java.util.HashMap<>();
    DatasetInsight.RowExplainer recording = (text, seed) -> {
      seen.put(text, seed);
      throw new IllegalArgumentException("recorded only");
    };
    List<DatasetReader.Row> some = List.of(new DatasetReader.Row(2, "first", null, null, "id-7"),
        new DatasetReader.Row(5, "second", null, null, null));
    DatasetInsight.builder().setRowExplainer(recording).optSeed(42).setOutputDirectory(tmp.resolve("seeds")).build()
        .run(some);
    assertEquals(DatasetInsight.rowSeed(42, "id-7"), seen.get("first"));
    assertEquals(DatasetInsight.rowSeed(42, "second"), seen.get("second"));
    // Alone and in another order, the second row gets the same seed.
    seen.clear();
    DatasetInsight.builder().setRowExplainer(recording).optSeed(42).setOutputDirectory(tmp.resolve("seeds-2")).build()
        .run(List.of(some.get(1)));
    assertEquals(DatasetInsight.rowSeed(42, "second"), seen.get("second"));
    // Unrelated seeds for neighbouring keys and run seeds, all in numpy's range.
    java.util.Set<Long> seeds = new java.util.HashSet<>();
    for (int run = 0; run < 10; run++) {
      for (int key = 1; key <= 1000; key++) {
        long s = DatasetInsight.rowSeed(run, Integer.toString(key));
        assertTrue(s >= 0 && s <= 0xFFFFFFFFL, "seed " + s);
        seeds.add(s);
      }
    }
    assertEquals(10_000, seeds.size());
  }

  @Test
  void aStreamedSourceIsReadAgainForEachPassAndTheOutcomeCountsTheRows() throws Exception {
    Path out = tmp.resolve("streamed");
    int[] passes = {0};
    DatasetInsight.RowSource source = sink -> {
      passes[0]++;
      rows.subList(0, 30).forEach(sink);
    };
    DatasetInsight.Outcome first = insight(out, ai.lantern.core.ProgressListener.NONE).run(source);
    assertEquals(30, first.rows());
    assertEquals(30, first.explained());
    assertEquals(0, first.resumed());
    assertEquals(2, passes[0], "one pass to count, one to explain");
    DatasetInsight.Outcome again = insight(out, ai.lantern.core.ProgressListener.NONE).run(source);
    assertEquals(0, again.explained());
    assertEquals(30, again.resumed());
    assertEquals(first.words(), again.words());
  }

  @Test
  void tenThousandGroupsKeepTheGroupPageReadable() throws Exception {
    Map<String, List<DatasetInsight.WordStats>> groups = new java.util.TreeMap<>();
    for (int g = 0; g < 10_000; g++) {
      groups.put("g" + g, List.of(new DatasetInsight.WordStats("POSITIVE", "film", 1, g % 2 == 0 ? 5 : -5, 5)));
    }
    groups.put("big-a", List.of(new DatasetInsight.WordStats("POSITIVE", "film", 400, 40, 50)));
    groups.put("big-b", List.of(new DatasetInsight.WordStats("POSITIVE", "film", 300, -30, 40)));
    Path dir = Files.createDirectories(tmp.resolve("many-groups"));
    DatasetInsight.writeSummaries(List.of(), groups, dir, 20);
    String page = Files.readString(dir.resolve("groups.html"));
    assertTrue(page.contains("10002 groups: this page compares the 12 with the most scored words"), page);
    assertTrue(page.contains("big-a") && page.contains("big-b"), "the largest groups are shown");
    assertTrue(page.length() < 20_000, "page size " + page.length());
    // The gap over the shown groups (big-a, big-b and ten of one word each, means +5 and -5).
    assertTrue(page.contains("<td>film</td><td>10.0000</td>"), page);
    assertEquals(10_003, Files.readAllLines(dir.resolve("summary-by-group.csv")).size(), "the CSV has every group");
  }

  @Test
  void aPlainListOfTextsWorksToo() throws Exception {
    List<DatasetInsight.WordStats> stats = insight(tmp.resolve("list"), ai.lantern.core.ProgressListener.NONE)
        .runTexts(List.of("I love you, I like you", "so dull and boring"));
    assertEquals(2, Files.readAllLines(tmp.resolve("list").resolve(DatasetInsight.EXPLANATIONS)).size());
    assertEquals(true, stats.stream().anyMatch(s -> s.word().equals("love") && s.label().equals("POSITIVE")));
  }

  @Test
  void malformedRowsAreReportedWithTheirLineAndSkipped() throws Exception {
    Path csv = tmp.resolve("in.csv");
    Files.writeString(csv, "id,review,label\n1,\"fine, really\",1\n2,too,many,fields\n3,,0\n4,\"never closed,1\n");
    DatasetReader.Result r = DatasetReader.read(csv, "review", "label");
    assertEquals(1, r.rows().size());
    assertEquals("fine, really", r.rows().get(0).text());
    assertEquals(List.of("line 3: 4 fields, the header has 3", "line 4: empty text in column 'review'",
        "line 5: unterminated quoted field"), r.skipped());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DatasetReader.read(csv, "text", null));
    assertEquals(csv + " has no column 'text'; its columns: [id, review, label]", e.getMessage());
  }
}
