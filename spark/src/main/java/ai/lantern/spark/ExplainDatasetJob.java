package ai.lantern.spark;

import ai.lantern.cli.DatasetOptions;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code explain-dataset} as a Spark application: reads a CSV or TSV with Spark, explains the text
 * column with {@link LanternExplainer} across the cluster, and writes the explanations (JSON
 * lines, one folder of parts) and the summaries of {@link DatasetSummary} into {@code --out}.
 * Every option it does not know is an option of {@code explain-dataset} ({@code --method},
 * {@code --samples}, {@code --label}, {@code --model}…).
 *
 * <pre>
 * spark-submit --class ai.lantern.spark.ExplainDatasetJob lantern-spark-VERSION-job.jar \
 *   --input rows.csv --column text --out results --method lime --samples 500
 * </pre>
 */
@Command(name = "explain-dataset-on-spark", mixinStandardHelpOptions = true, description = {"Explain every row of "
    + "a CSV or TSV on Spark; any other option is one of lantern explain-dataset's."})
public final class ExplainDatasetJob implements Callable<Integer> {
  @Option(names = "--input", required = true, paramLabel = "PATH", description = "CSV or TSV (header row) every "
      + "executor can read; .tsv is tab-separated.") String input;
  @Option(names = "--column", required = true, paramLabel = "NAME", description = "The text column.") String column;
  @Option(names = "--out", required = true, paramLabel = "DIR", description = "The output folder, on the driver: "
      + "explanations/ (JSON lines), summary.csv, summary.html.") String out;
  @Option(names = "--id-column", paramLabel = "NAME", description = "Row ids: each row's seed derives from its id "
      + "(default: from its text).") String idColumn;
  @Option(names = "--label-column", paramLabel = "NAME", description = "True labels, kept with each row.")
  String labelColumn;
  @Option(names = "--group-column", paramLabel = "NAME", description = "Summaries per group.") String groupColumn;
  @Option(names = "--stop-words", paramLabel = "FILE", description = "Words left out of the summaries.")
  String stopWords;
  @Option(names = "--top", paramLabel = "N", description = "Words per chart (default 20).") int top = 20;
  @Option(names = "--partitions", paramLabel = "N", description = "Split the rows into N partitions (default: as "
      + "read).") Integer partitions;
  @Option(names = "--master", paramLabel = "URL", description = "The Spark master when not run by spark-submit "
      + "(local[2], say).") String master;
  @Unmatched List<String> explainOptions = new ArrayList<>();

  /**
   * Runs the job and exits with its status (0 done, 1 error, 2 bad command line).
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /**
   * Runs the job in this JVM.
   *
   * @param args the command line
   * @return the exit status: 0 done, 1 error, 2 bad command line
   */
  public static int run(String... args) {
    CommandLine cl = new CommandLine(new ExplainDatasetJob()).setUnmatchedArgumentsAllowed(true);
    cl.setExecutionExceptionHandler((e, line, parsed) -> {
      System.err.println("lantern: " + e.getMessage());
      return e instanceof IllegalArgumentException ? 2 : 1;
    });
    return cl.execute(args);
  }

  @Override
  public Integer call() throws Exception {
    DatasetOptions options = DatasetOptions.of(explainOptions);
    Set<String> stop = Set.of();
    if (stopWords != null) {
      stop = Set.copyOf(Files.readAllLines(Path.of(stopWords), StandardCharsets.UTF_8).stream().map(String::trim)
          .filter(w -> !w.isEmpty()).map(w -> w.toLowerCase(Locale.ROOT)).toList());
    }
    SparkSession.Builder b = SparkSession.builder().appName("lantern explain-dataset");
    if (master != null) {
      b.master(master);
    }
    SparkSession spark = b.getOrCreate();
    boolean tsv = input.toLowerCase(Locale.ROOT).endsWith(".tsv");
    Dataset<Row> rows = spark.read().option("header", true).option("mode", "DROPMALFORMED")
        .option("sep", tsv ? "\t" : ",").option("quote", tsv ? "\u0000" : "\"").option("escape", "\"")
        .option("multiLine", !tsv).csv(input);
    rows = rows.filter(functions.col(quoted(column)).isNotNull().and(functions.trim(functions.col(quoted(column)))
        .notEqual("")));
    if (partitions != null) {
      rows = rows.repartition(partitions);
    }
    LanternExplainer explainer = new LanternExplainer().setInputCol(column).setOutputCol("explanation")
        .setKeyCol(idColumn == null ? "" : idColumn).setOptions(explainOptions.toArray(String[]::new));
    Dataset<Row> explained = explainer.transform(rows).persist(StorageLevel.MEMORY_AND_DISK());
    Path dir = Path.of(out);
    Files.createDirectories(dir);
    int text = explained.schema().fieldIndex(column);
    int id = idColumn == null ? -1 : explained.schema().fieldIndex(idColumn);
    int label = labelColumn == null ? -1 : explained.schema().fieldIndex(labelColumn);
    int group = groupColumn == null ? -1 : explained.schema().fieldIndex(groupColumn);
    int e = explained.schema().fieldIndex("explanation");
    MapFunction<Row, String> line = r -> {
      JsonObject o = new JsonObject();
      if (id >= 0) {
        o.addProperty("id", String.valueOf(r.get(id)));
      }
      o.addProperty("text", r.getString(text));
      o.addProperty("trueLabel", label < 0 || r.isNullAt(label) ? null : String.valueOf(r.get(label)));
      if (group >= 0 && !r.isNullAt(group)) {
        o.addProperty("group", String.valueOf(r.get(group)));
      }
      Row x = r.getStruct(e);
      if (x.isNullAt(x.fieldIndex("json"))) {
        o.addProperty("error", x.getString(x.fieldIndex("error")));
      } else {
        o.add("explanation", JsonParser.parseString(x.getString(x.fieldIndex("json"))));
      }
      return o.toString();
    };
    explained.map(line, Encoders.STRING()).write().mode("overwrite").text(dir.resolve("explanations").toString());
    DatasetSummary.write(DatasetSummary.wordStats(explained, "explanation", groupColumn, stop), dir, top);
    long total = explained.count();
    long failed = explained.filter(functions.col("explanation.error").isNotNull()).count();
    explained.unpersist();
    System.out.printf("%d rows explained (%d not explainable); %s%n", total - failed, failed,
        dir.resolve("summary.html"));
    return 0;
  }

  private static String quoted(String column) {
    return "`" + column.replace("`", "``") + "`";
  }
}
