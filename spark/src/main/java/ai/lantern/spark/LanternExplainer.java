package ai.lantern.spark;

import ai.lantern.cli.DatasetOptions;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetExplanation;
import ai.lantern.reports.DatasetInsight;
import ai.lantern.reports.ExplanationJson;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.Identifiable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Spark ML {@link Transformer} that explains the texts of a DataFrame column: each row gets a
 * struct column ({@link #OUTPUT_TYPE}) with the prediction, the explained classes' features
 * (text, start, end, score), the diagnostics and the explanation as the JSON line
 * {@code explain-dataset} writes.
 *
 * <p>The options are {@code explain-dataset}'s, as words ({@code --method lime --samples 500
 * --label 1 --model /shared/finbert}): the same checks, the same explainer. Each executor JVM loads
 * the model once, lazily, from {@code --model} (a folder every executor can read; the embedded
 * model when none is given), and explains its partitions' rows one at a time. A row's seed is
 * {@link DatasetInsight#rowSeed} of {@code --seed} and the row's key ({@link #keyCol()}, or the
 * text), so the result depends neither on the partitioning nor on the number of executors, and
 * equals {@code explain-dataset}'s for the same rows.
 */
public final class LanternExplainer extends Transformer {
  private static final long serialVersionUID = 1L;

  /** One feature of one explained class. */
  public static final StructType FEATURE_TYPE = new StructType(new StructField[] {
      DataTypes.createStructField("text", DataTypes.StringType, false),
      DataTypes.createStructField("start", DataTypes.IntegerType, false),
      DataTypes.createStructField("end", DataTypes.IntegerType, false),
      DataTypes.createStructField("score", DataTypes.DoubleType, false),
      DataTypes.createStructField("special", DataTypes.BooleanType, false)});

  /** One explained class: its label, the model's value for it, and its features in text order. */
  public static final StructType TARGET_TYPE = new StructType(new StructField[] {
      DataTypes.createStructField("label", DataTypes.StringType, false),
      DataTypes.createStructField("value", DataTypes.DoubleType, false),
      DataTypes.createStructField("features", DataTypes.createArrayType(FEATURE_TYPE, false), false)});

  /** What an explanation cost. */
  public static final StructType DIAGNOSTICS_TYPE = new StructType(new StructField[] {
      DataTypes.createStructField("samples", DataTypes.LongType, false),
      DataTypes.createStructField("forwardPasses", DataTypes.LongType, false),
      DataTypes.createStructField("elapsedMillis", DataTypes.LongType, false),
      DataTypes.createStructField("seed", DataTypes.LongType, true),
      DataTypes.createStructField("partial", DataTypes.BooleanType, false)});

  /**
   * The output column's type: {@code label} and {@code probability} (the prediction),
   * {@code targets} (the explained classes), {@code diagnostics}, {@code json} (the explanation as
   * {@code explain-dataset} writes it) and {@code error} (why the row could not be explained; the
   * other fields are then null).
   */
  public static final StructType OUTPUT_TYPE = new StructType(new StructField[] {
      DataTypes.createStructField("label", DataTypes.StringType, true),
      DataTypes.createStructField("probability", DataTypes.DoubleType, true),
      DataTypes.createStructField("targets", DataTypes.createArrayType(TARGET_TYPE, false), true),
      DataTypes.createStructField("diagnostics", DIAGNOSTICS_TYPE, true),
      DataTypes.createStructField("json", DataTypes.StringType, true),
      DataTypes.createStructField("error", DataTypes.StringType, true)});

  /** This stage's identity in a pipeline. */
  private final String uid;
  /** See {@link #inputCol()}. */
  private final Param<String> inputCol;
  /** See {@link #outputCol()}. */
  private final Param<String> outputCol;
  /** See {@link #keyCol()}. */
  private final Param<String> keyCol;
  /** See {@link #options()}. */
  private final StringArrayParam options;

  /** A transformer with a random uid, reading {@code text} and writing {@code explanation}. */
  public LanternExplainer() {
    this(Identifiable.randomUID("lanternExplainer"));
  }

  /**
   * A transformer with the given uid (Spark's copy and persistence need this constructor).
   *
   * @param uid the uid
   */
  public LanternExplainer(String uid) {
    this.uid = uid;
    inputCol = new Param<>(this, "inputCol", "the column of texts to explain");
    outputCol = new Param<>(this, "outputCol", "the struct column of explanations to add");
    keyCol = new Param<>(this, "keyCol", "a column whose value keys each row's seed (default: the text)");
    options = new StringArrayParam(this, "options", "explain-dataset's options, e.g. --method lime --samples 500");
    setDefault(inputCol, "text");
    setDefault(outputCol, "explanation");
    setDefault(keyCol, "");
    setDefault(options, new String[0]);
  }

  @Override
  public String uid() {
    return uid;
  }

  /**
   * The column of texts.
   *
   * @return the parameter, {@code text} by default
   */
  public Param<String> inputCol() {
    return inputCol;
  }

  /**
   * The added column.
   *
   * @return the parameter, {@code explanation} by default
   */
  public Param<String> outputCol() {
    return outputCol;
  }

  /**
   * The column of stable row keys, or empty to key rows by their text.
   *
   * @return the parameter, empty by default
   */
  public Param<String> keyCol() {
    return keyCol;
  }

  /**
   * explain-dataset's options.
   *
   * @return the parameter, none by default (LIME on the embedded model)
   */
  public StringArrayParam options() {
    return options;
  }

  /**
   * Sets the column of texts.
   *
   * @param value a string column of the input
   * @return this transformer
   */
  public LanternExplainer setInputCol(String value) {
    set(inputCol, value);
    return this;
  }

  /**
   * Sets the added column.
   *
   * @param value a name the input does not have
   * @return this transformer
   */
  public LanternExplainer setOutputCol(String value) {
    set(outputCol, value);
    return this;
  }

  /**
   * Sets the column of stable row keys (an id), from which each row's seed derives.
   *
   * @param value a column of the input, or empty to key rows by their text
   * @return this transformer
   */
  public LanternExplainer setKeyCol(String value) {
    set(keyCol, value);
    return this;
  }

  /**
   * Sets explain-dataset's options, checked at once.
   *
   * @param value the options as words, e.g. {@code "--method", "lime", "--samples", "500"}
   * @return this transformer
   * @throws IllegalArgumentException naming the option, if one is unknown, malformed or belongs
   *     to another method
   */
  public LanternExplainer setOptions(String... value) {
    DatasetOptions.of(Arrays.asList(value));
    set(options, value.clone());
    return this;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    String in = getOrDefault(inputCol);
    List<String> names = Arrays.asList(schema.fieldNames());
    if (!names.contains(in)) {
      throw new IllegalArgumentException("the input has no column '" + in + "'; its columns: " + names);
    }
    if (!schema.apply(in).dataType().equals(DataTypes.StringType)) {
      throw new IllegalArgumentException("the column '" + in + "' holds " + schema.apply(in).dataType().simpleString()
          + ", not strings");
    }
    String key = getOrDefault(keyCol);
    if (!key.isEmpty() && !names.contains(key)) {
      throw new IllegalArgumentException("the input has no key column '" + key + "'; its columns: " + names);
    }
    String out = getOrDefault(outputCol);
    if (names.contains(out)) {
      throw new IllegalArgumentException("the input already has a column '" + out + "': choose another outputCol");
    }
    return schema.add(DataTypes.createStructField(out, OUTPUT_TYPE, false));
  }

  /**
   * Adds the explanation column; nothing runs until an action asks for rows.
   *
   * @param dataset the input, with the text column (and the key column, if set)
   * @return the input's rows and columns, and the explanation column
   * @throws IllegalArgumentException if a column is missing or of the wrong type, or if the model
   *     folder given cannot be read here on the driver (named)
   */
  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType outSchema = transformSchema(dataset.schema());
    DatasetOptions opts = DatasetOptions.of(Arrays.asList(getOrDefault(options)));
    ExecutorModels.checkReadable(opts);
    int text = dataset.schema().fieldIndex(getOrDefault(inputCol));
    String keyName = getOrDefault(keyCol);
    int key = keyName.isEmpty() ? -1 : dataset.schema().fieldIndex(keyName);
    return dataset.toDF().mapPartitions(explainRows(opts, text, key), Encoders.row(outSchema));
  }

  /** The work of a task: its rows, each with its explanation added, explained as they are asked for. */
  private static MapPartitionsFunction<Row, Row> explainRows(DatasetOptions opts, int text, int key) {
    return rows -> new Iterator<Row>() {
      @Override
      public boolean hasNext() {
        return rows.hasNext();
      }

      @Override
      public Row next() {
        Row row = rows.next();
        Object[] values = new Object[row.size() + 1];
        for (int i = 0; i < row.size(); i++) {
          values[i] = row.get(i);
        }
        values[row.size()] = explain(opts, row, text, key);
        return RowFactory.create(values);
      }
    };
  }

  /** One row's explanation struct; a row that cannot be explained gets its reason. */
  private static Row explain(DatasetOptions opts, Row row, int text, int key) {
    String t = row.isNullAt(text) ? null : row.getString(text);
    if (t == null || t.isBlank()) {
      return failed("empty text");
    }
    if (key >= 0 && row.isNullAt(key)) {
      return failed("no key: the key column is null");
    }
    String k = key >= 0 ? String.valueOf(row.get(key)) : t;
    DatasetOptions.Session session = ExecutorModels.session(opts);
    Explanation e;
    try {
      e = session.explain(t, DatasetInsight.rowSeed(opts.seed(), k));
    } catch (IllegalArgumentException | ai.lantern.core.ModelOutputException ex) {
      return failed(ex.getMessage());
    }
    return toRow(e, session.modelName());
  }

  private static Row failed(String reason) {
    return RowFactory.create(null, null, null, null, null, reason);
  }

  /**
   * The struct of an explanation.
   *
   * @param e the explanation
   * @param model the model's name, recorded in the JSON
   * @return a row of {@link #OUTPUT_TYPE}
   */
  static Row toRow(Explanation e, String model) {
    List<Row> targets = new ArrayList<>();
    for (TargetExplanation t : e.targets()) {
      List<Row> features = new ArrayList<>();
      for (FeatureAttribution a : t.attributions()) {
        features.add(RowFactory.create(a.text(), a.span().start(), a.span().end(), a.score(), a.feature().special()));
      }
      targets.add(RowFactory.create(t.label(), t.modelValue(), seq(features)));
    }
    var d = e.diagnostics();
    Row diagnostics = RowFactory.create(d.samples(), d.forwardPasses(), d.elapsed().toMillis(), d.seed(),
        d.partial());
    return RowFactory.create(e.prediction().label(), e.prediction().probability(), seq(targets), diagnostics,
        ExplanationJson.writeLine(e, model), null);
  }

  /** Spark's encoders take Scala sequences for arrays. */
  private static scala.collection.Seq<Row> seq(List<Row> rows) {
    return scala.jdk.javaapi.CollectionConverters.asScala(rows);
  }

  @Override
  public LanternExplainer copy(ParamMap extra) {
    return (LanternExplainer) defaultCopy(extra);
  }
}
