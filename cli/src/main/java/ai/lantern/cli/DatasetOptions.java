package ai.lantern.cli;

import ai.lantern.core.Explanation;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import ai.lantern.reports.DatasetInsight;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How {@code explain-dataset} explains one row, as its command line says it, for engines that
 * read and distribute the rows themselves (Apache Spark): the model ({@code --model},
 * {@code --threads}), the method and its options ({@code --method}, {@code --samples},
 * {@code --label}, {@code --seed}, …) and the budget. The same words, the same checks and the same
 * explainer as the command line, so a row explained elsewhere equals the row
 * {@code explain-dataset} writes. Serializable: it is the option list, parsed again where it is
 * opened.
 */
public final class DatasetOptions implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<String> args;
  private transient Args parsed;

  private DatasetOptions(List<String> args) {
    this.args = List.copyOf(args);
    this.parsed = parse(this.args);
  }

  /**
   * Parses and checks the options.
   *
   * @param args options as {@code explain-dataset} takes them, e.g. {@code --method lime --samples 500
   *     --label 1}; file options ({@code --input}, {@code --out}, {@code --column}…) are not among them
   * @return the options
   * @throws IllegalArgumentException naming the option, if one is unknown, malformed, or belongs to
   *     another method than the one chosen
   */
  public static DatasetOptions of(List<String> args) {
    return new DatasetOptions(args);
  }

  private static Args parse(List<String> args) {
    picocli.CommandLine cl = new picocli.CommandLine(new Commands.RowOptions());
    try {
      Args a = Args.from(cl.parseArgs(args.toArray(String[]::new)), java.io.InputStream.nullInputStream());
      Methods.checkOptions(a, Methods.canonical(a.get("--method")));
      if (a.get("--seed") != null) {
        CommandBase.longArg(a, "--seed");
      }
      return a;
    } catch (picocli.CommandLine.ParameterException | Args.UsageException e) {
      throw new IllegalArgumentException("explain-dataset options " + args + ": " + e.getMessage(), e);
    }
  }

  private Args args() {
    if (parsed == null) {
      parsed = parse(args);
    }
    return parsed;
  }

  /**
   * The options as given.
   *
   * @return the option list, unmodifiable
   */
  public List<String> arguments() {
    return args;
  }

  /**
   * The run's seed ({@code --seed}, 0 by default), from which each row's seed is derived
   * ({@link DatasetInsight#rowSeed}).
   *
   * @return the seed
   */
  public long seed() {
    return args().get("--seed") == null ? 0 : CommandBase.longArg(args(), "--seed");
  }

  /**
   * The model's name as explanations record it: the folder given, or the embedded model's name.
   *
   * @return the name
   */
  public String modelName() {
    return CommandBase.modelName(args());
  }

  /**
   * The model folder of {@code --model}.
   *
   * @return the folder, or empty for the embedded model
   */
  public java.util.Optional<java.nio.file.Path> modelFolder() {
    return java.util.Optional.ofNullable(args().get("--model")).map(java.nio.file.Path::of);
  }

  /**
   * What makes two runs the same run, as {@code settings.json} of {@code explain-dataset} records
   * it (without the file's options, which the caller adds).
   *
   * @return option names without dashes, and values
   */
  public Map<String, String> settings() {
    return DataCommands.datasetSettings(args(), Set.of());
  }

  /**
   * Loads the model and builds the explainer, as {@code explain-dataset} does.
   *
   * @return the open explainer; close it to free the model
   * @throws IllegalArgumentException naming the folder or the label, if the model cannot be loaded
   *     or lacks a label given
   */
  public Session open() {
    Args a = parse(args); // load() rewrites --label to the model's own names: a fresh copy per model
    TransformerTextClassifier model;
    try {
      model = CommandBase.load(a);
    } catch (Args.UsageException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    try {
      return new Session(model, DataCommands.rowExplainer(a, model), CommandBase.modelName(a));
    } catch (RuntimeException e) {
      model.close();
      throw e instanceof Args.UsageException ? new IllegalArgumentException(e.getMessage(), e) : e;
    }
  }

  /** A loaded model and the explainer over it; thread-safe, as the model is. */
  public static final class Session implements DatasetInsight.RowExplainer, AutoCloseable {
    private final TransformerTextClassifier model;
    private final DatasetInsight.RowExplainer explainer;
    private final String modelName;

    private Session(TransformerTextClassifier model, DatasetInsight.RowExplainer explainer, String modelName) {
      this.model = model;
      this.explainer = explainer;
      this.modelName = modelName;
    }

    /**
     * Explains one row's text with the row's seed.
     *
     * @param text the text
     * @param seed the row's seed, {@link DatasetInsight#rowSeed} of {@link DatasetOptions#seed()} and the row's key
     * @return the explanation
     * @throws IllegalArgumentException if the text has nothing to explain
     */
    @Override
    public Explanation explain(String text, long seed) {
      return explainer.explain(text, seed);
    }

    /**
     * The model's name as explanations record it.
     *
     * @return the name
     */
    public String modelName() {
      return modelName;
    }

    /** Frees the model. */
    @Override
    public void close() {
      model.close();
    }
  }
}
