package ai.lantern.spark;

import ai.lantern.reports.DatasetInsight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * {@code explain-dataset}'s summaries as DataFrame operations: per explained label and word
 * (lower-cased as {@link DatasetInsight} does; special tokens and stop words left out) the count,
 * the sum of scores and the sum of |score|, for the whole data set and for each group. Only the
 * aggregates reach the driver, which writes the same files as the single-machine run.
 */
public final class DatasetSummary {
  /** The aggregates' columns: {@code grp} is null for the whole data set. */
  public static final StructType STATS_TYPE = new StructType(new StructField[] {
      DataTypes.createStructField("grp", DataTypes.StringType, true),
      DataTypes.createStructField("label", DataTypes.StringType, false),
      DataTypes.createStructField("word", DataTypes.StringType, false),
      DataTypes.createStructField("count", DataTypes.LongType, false),
      DataTypes.createStructField("sum", DataTypes.DoubleType, false),
      DataTypes.createStructField("sum_abs", DataTypes.DoubleType, false)});

  private static final StructType SCORE_TYPE = new StructType(new StructField[] {
      DataTypes.createStructField("grp", DataTypes.StringType, true),
      DataTypes.createStructField("label", DataTypes.StringType, false),
      DataTypes.createStructField("word", DataTypes.StringType, false),
      DataTypes.createStructField("score", DataTypes.DoubleType, false)});

  private DatasetSummary() {}

  /**
   * The aggregates of explained rows.
   *
   * @param explained rows with the struct column of {@link LanternExplainer}
   * @param explanationCol that column's name
   * @param groupCol a column of groups, or {@code null} for none
   * @param stopWords lower-cased words to leave out; not null
   * @return one row per (group, label, word) of {@link #STATS_TYPE}; the whole data set's rows have
   *     a null group
   * @throws IllegalArgumentException naming the columns there are, if a column is missing
   */
  public static Dataset<Row> wordStats(Dataset<Row> explained, String explanationCol, String groupCol,
      Set<String> stopWords) {
    List<String> names = List.of(explained.columns());
    for (String c : groupCol == null ? List.of(explanationCol) : List.of(explanationCol, groupCol)) {
      if (!names.contains(c)) {
        throw new IllegalArgumentException("the explained rows have no column '" + c + "'; their columns: " + names);
      }
    }
    int e = explained.schema().fieldIndex(explanationCol);
    int g = groupCol == null ? -1 : explained.schema().fieldIndex(groupCol);
    Set<String> stop = Set.copyOf(stopWords);
    FlatMapFunction<Row, Row> scores = row -> {
      List<Row> out = new ArrayList<>();
      Row x = row.getStruct(e);
      if (x.isNullAt(x.fieldIndex("targets"))) {
        return out.iterator(); // not explained
      }
      String group = g < 0 || row.isNullAt(g) ? null : String.valueOf(row.get(g));
      for (Row t : x.<Row>getList(x.fieldIndex("targets"))) {
        String label = t.getString(0);
        for (Row f : t.<Row>getList(2)) {
          String word = f.getString(0).toLowerCase(Locale.ROOT);
          if (f.getBoolean(4) || stop.contains(word)) {
            continue;
          }
          out.add(RowFactory.create(null, label, word, f.getDouble(3)));
          if (group != null) {
            out.add(RowFactory.create(group, label, word, f.getDouble(3)));
          }
        }
      }
      return out.iterator();
    };
    return explained.flatMap(scores, Encoders.row(SCORE_TYPE))
        .groupBy("grp", "label", "word")
        .agg(functions.count(functions.lit(1)).as("count"), functions.sum("score").as("sum"),
            functions.sum(functions.abs(functions.col("score"))).as("sum_abs"));
  }

  /**
   * Brings the aggregates to the driver and writes {@code summary.csv}, {@code summary.html} and,
   * with groups, {@code summary-by-group.csv} and {@code groups.html} into {@code dir}, as
   * {@code explain-dataset} does.
   *
   * @param stats the output of {@link #wordStats}
   * @param dir an existing directory on the driver
   * @param topN words per chart, at least 1
   * @throws IOException if a file cannot be written
   */
  public static void write(Dataset<Row> stats, Path dir, int topN) throws IOException {
    List<DatasetInsight.WordStats> all = new ArrayList<>();
    Map<String, List<DatasetInsight.WordStats>> byGroup = new TreeMap<>();
    for (Row r : stats.collectAsList()) {
      DatasetInsight.WordStats s = new DatasetInsight.WordStats(r.getString(1), r.getString(2), r.getLong(3),
          r.getDouble(4), r.getDouble(5));
      if (r.isNullAt(0)) {
        all.add(s);
      } else {
        byGroup.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(s);
      }
    }
    DatasetInsight.writeSummaries(all, byGroup, dir, topN);
  }
}
