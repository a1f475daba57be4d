package ai.lantern.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.cli.Main;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark path against the single-machine one: 200 SST-2 rows explained by {@code lantern
 * explain-dataset} and by the Spark job in local mode with 1 and 3 partitions give the same
 * explanation for every row and the same summary.
 */
class SparkExplainDatasetTest {
  private static final String[] OPTIONS = {"--samples", "300", "--label", "1", "--num-features", "all", "--seed", "7",
      "--threads", "1"};

  @TempDir static Path tmp;
  private static SparkSession spark;
  private static Path input;
  private static Path single;

  @BeforeAll
  static void start() throws Exception {
    Path sst2 = Path.of(System.getProperty("lantern.data.dir", "../../shared/data"), "sst2", "test.tsv");
    assertTrue(Files.isReadable(sst2), "SST-2 is needed: " + sst2.toAbsolutePath() + " (../shared/data)");
    List<String> lines = Files.readAllLines(sst2, StandardCharsets.UTF_8);
    input = tmp.resolve("sst2-200.tsv");
    Files.write(input, lines.subList(0, 201), StandardCharsets.UTF_8);
    spark = SparkSession.builder().master("local[2]").appName("lantern-test").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    single = tmp.resolve("single");
    List<String> args = new ArrayList<>(List.of("explain-dataset", "--input", input.toString(), "--column",
        "sentence", "--label-column", "label", "--out", single.toString()));
    args.addAll(List.of(OPTIONS));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    assertEquals(0, Main.execute(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new)), err.toString());
  }

  @AfterAll
  static void stop() {
    if (spark != null) {
      spark.stop();
    }
  }

  private static Path job(String name, int partitions) {
    Path out = tmp.resolve(name);
    List<String> args = new ArrayList<>(List.of("--input", input.toString(), "--column", "sentence",
        "--label-column", "label", "--out", out.toString(), "--partitions", Integer.toString(partitions)));
    args.addAll(List.of(OPTIONS));
    assertEquals(0, ExplainDatasetJob.run(args.toArray(String[]::new)));
    return out;
  }

  /** Each row's explanation by text, with the timings (which differ from run to run) taken out. */
  private static Map<String, JsonObject> byText(Stream<String> lines) {
    Map<String, JsonObject> m = new HashMap<>();
    lines.filter(l -> !l.isBlank()).forEach(l -> {
      JsonObject o = JsonParser.parseString(l).getAsJsonObject();
      JsonObject d = o.getAsJsonObject("explanation").getAsJsonObject("diagnostics");
      d.remove("elapsedMillis");
      d.remove("elapsedNanos");
      d.remove("samplesPerSecond");
      o.remove("row");
      JsonObject previous = m.put(o.get("text").getAsString(), o);
      assertTrue(previous == null || previous.equals(o), "a text met twice has one explanation");
    });
    return m;
  }

  private static Map<String, JsonObject> sparkRows(Path out) throws Exception {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> parts = Files.list(out.resolve("explanations"))) {
      for (Path p : parts.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
        lines.addAll(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    assertEquals(200, lines.size());
    return byText(lines.stream());
  }

  @Test
  void sparkWithOneAndThreePartitionsEqualsTheSingleMachineRunRowByRowAndInTheSummary() throws Exception {
    Map<String, JsonObject> expected = byText(Files.readAllLines(single.resolve("explanations.jsonl")).stream());
    assertTrue(expected.size() > 190, "distinct texts: " + expected.size());
    for (int partitions : new int[] {1, 3}) {
      Path out = job("spark-" + partitions, partitions);
      Map<String, JsonObject> actual = sparkRows(out);
      assertEquals(expected.keySet(), actual.keySet());
      for (Map.Entry<String, JsonObject> e : expected.entrySet()) {
        assertEquals(e.getValue(), actual.get(e.getKey()), "row \"" + e.getKey() + "\", " + partitions + " partitions");
      }
      assertSameSummary(single.resolve("summary.csv"), out.resolve("summary.csv"));
    }
  }

  /** Same words in the same order with the same counts; sums equal up to the order of addition. */
  private static void assertSameSummary(Path expected, Path actual) throws Exception {
    List<String> a = Files.readAllLines(expected);
    List<String> b = Files.readAllLines(actual);
    assertEquals(a.size(), b.size());
    assertTrue(a.size() > 300, "words: " + a.size());
    assertEquals(a.get(0), b.get(0));
    for (int i = 1; i < a.size(); i++) {
      String[] x = a.get(i).split(",");
      String[] y = b.get(i).split(",");
      assertEquals(x[0] + "," + x[1] + "," + x[2], y[0] + "," + y[1] + "," + y[2], "line " + (i + 1));
      for (int c = 3; c < x.length; c++) {
        assertEquals(Double.parseDouble(x[c]), Double.parseDouble(y[c]), 1e-9, "line " + (i + 1) + " column " + c);
      }
    }
  }

  @Test
  void theTransformerExplainsAColumnAndNamesWhatIsWrong() {
    Dataset<Row> df = spark.createDataFrame(List.of(org.apache.spark.sql.RowFactory.create("r1", "a wonderful film"),
        org.apache.spark.sql.RowFactory.create("r2", "   ")), new org.apache.spark.sql.types.StructType()
            .add("id", "string").add("text", "string"));
    LanternExplainer explainer = new LanternExplainer().setKeyCol("id").setOptions("--samples", "200");
    List<Row> rows = explainer.transform(df).orderBy("id").collectAsList();
    Row first = rows.get(0).getStruct(2);
    assertEquals("POSITIVE", first.getString(0));
    assertTrue(first.getDouble(1) > 0.5);
    List<Row> features = first.<Row>getList(2).get(0).getList(2);
    assertTrue(features.stream().anyMatch(f -> f.getString(0).equals("wonderful") && f.getDouble(3) > 0),
        features.toString());
    assertEquals(ai.lantern.reports.DatasetInsight.rowSeed(0, "r1"), first.getStruct(3).getLong(3));
    assertEquals("empty text", rows.get(1).getStruct(2).getString(5));

    IllegalArgumentException column = assertThrows(IllegalArgumentException.class,
        () -> new LanternExplainer().setInputCol("sentence").transform(df));
    assertTrue(column.getMessage().contains("no column 'sentence'; its columns: [id, text]"), column.getMessage());
    IllegalArgumentException option = assertThrows(IllegalArgumentException.class,
        () -> new LanternExplainer().setOptions("--method", "lig", "--samples", "10"));
    assertTrue(option.getMessage().contains("--samples applies to --method"), option.getMessage());
    IllegalArgumentException model = assertThrows(IllegalArgumentException.class,
        () -> new LanternExplainer().setOptions("--model", "/no/such/model").transform(df));
    assertTrue(model.getMessage().contains("the model folder /no/such/model cannot be read on"), model.getMessage());
  }
}
