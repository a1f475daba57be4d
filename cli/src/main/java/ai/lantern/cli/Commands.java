package ai.lantern.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The command line's grammar, declared once: every subcommand, its options, their types and
 * descriptions, from which picocli builds the parser, {@code --help} of each subcommand,
 * {@code @argfiles} and shell completion. What a command does lives in {@link Main} and the
 * command classes it calls; a command here only hands its parsed options over ({@link Args}).
 */
final class Commands {
  private Commands() {}

  /** {@code lantern}: the top command. */
  @Command(name = "lantern", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Explains why a text classifier predicted what it did.",
      subcommands = {Predict.class, Explain.class, Compare.class, ExplainDataset.class, Probe.class, StudioCommand.class,
          CommandLine.HelpCommand.class, picocli.AutoComplete.GenerateCompletion.class},
      footer = {"", "Exit status: 0 success, 1 error (the message names the file, field or value at fault), "
          + "2 bad command line.", "Options may also come from a file: lantern @options.txt"})
  static final class Lantern implements Callable<Integer> {
    final Main main;
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print the stack trace of an error.")
    boolean debug;

    Lantern(Main main) {
      this.main = main;
    }

    @Override
    public Integer call() {
      throw new CommandLine.ParameterException(spec.commandLine(), "a command is needed: predict, explain, compare, "
          + "explain-dataset, probe or studio");
    }
  }

  /** {@code --version}: the artifact's version, filtered in by Maven. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws java.io.IOException {
      java.util.Properties p = new java.util.Properties();
      try (java.io.InputStream in = Version.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"lantern " + p.getProperty("version", "(unknown version)") + " (Java "
          + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
          + System.getProperty("os.arch") + ")"};
    }
  }

  /** The text to read: given, from standard input ({@code -}) or from a file. */
  static final class TextSource {
    @Option(names = "--text", paramLabel = "TEXT", description = "The text; - reads it from standard input.")
    String text;

    @Option(names = "--text-file", paramLabel = "FILE", description = "Read the text from FILE (UTF-8).")
    String textFile;

    @Option(names = "--image", paramLabel = "FILE", description = "An image (PNG, JPEG, GIF, BMP), for an image "
        + "classifier.") String image;
  }

  /** Options of image explanations. */
  static final class ImageMixin {
    @Option(names = "--noise-tunnel", paramLabel = "TYPE", description = "image: smoothgrad, smoothgrad_sq or vargrad "
        + "(NoiseTunnel around IG).") String noiseTunnel;
    @Option(names = "--nt-samples", paramLabel = "N", description = "image: noisy copies (default 10).")
    Integer ntSamples;
    @Option(names = "--stdevs", paramLabel = "S", description = "image: noise standard deviation in pixel-value units "
        + "(default 1.0).") String stdevs;
    @Option(names = "--nt-batch-size", paramLabel = "N", description = "image: noisy copies per IG call.")
    Integer ntBatchSize;
    @Option(names = "--baseline", paramLabel = "B", description = "image: zeros (default, after normalisation) or "
        + "black.") String baseline;
    @Option(names = "--view", paramLabel = "V", description = "image: overlay (default), heatmap, masked_image, "
        + "alpha_scaling.") String view;
    @Option(names = "--sign", paramLabel = "S", description = "image: all (default), positive, negative, "
        + "absolute_value.") String sign;
    @Option(names = "--outlier-threshold", paramLabel = "T", description = "image: share of the mass clipped as "
        + "outliers (default 0.1).") String outlierThreshold;
    @Option(names = "--side-by-side", description = "image: the original beside the view.") boolean sideBySide;
    @Option(names = "--segmentation", paramLabel = "S", description = "image, lime: quickshift (default, with "
        + "lime's settings), slic or grid.") String segmentation;
    @Option(names = "--kernel-size", paramLabel = "K", description = "image, lime, quickshift: kernel size (default 4).")
    String kernelSize;
    @Option(names = "--max-dist", paramLabel = "D", description = "image, lime, quickshift: cut-off distance "
        + "(default 200).") String maxDist;
    @Option(names = "--ratio", paramLabel = "R", description = "image, lime, quickshift: colour against space, 0..1 "
        + "(default 0.2).") String ratio;
    @Option(names = "--n-segments", paramLabel = "N", description = "image, lime, slic: about how many superpixels "
        + "(default 100).") Integer nSegments;
    @Option(names = "--compactness", paramLabel = "C", description = "image, lime, slic: shape against colour "
        + "(default 10).") String compactness;
    @Option(names = "--segment-size", paramLabel = "N", description = "image, lime: a grid of N×N blocks (implies "
        + "--segmentation grid; default for grid: an eighth of the side).") Integer segmentSize;
    @Option(names = "--show", paramLabel = "S", description = "image, lime: positive (default), negative or both "
        + "superpixels in the picture (lime's get_image_and_mask).") String show;
    @Option(names = "--hide-rest", description = "image, lime: black out the superpixels not shown.") boolean hideRest;
  }

  /** Where the report goes. */
  static final class ReportOptions {
    @Option(names = "--report", paramLabel = "FILE", description = "Write the report there; the extension picks "
        + "the form: .html (default lantern-report.html), .svg or .png (a chart), .json.")
    String report;

    @Option(names = "--no-report", description = "Write no report.")
    boolean noReport;
  }

  /** What every subcommand hands over: its parse result, read through {@link Args}. */
  abstract static class Sub implements Callable<Integer> {
    @ParentCommand Lantern parent;
    @Spec CommandLine.Model.CommandSpec spec;

    Args args() {
      return Args.from(spec.commandLine().getParseResult(), parent.main.in());
    }
  }

  @Command(name = "predict", mixinStandardHelpOptions = true, description = {"Classify a text, or every row of a "
      + "CSV/TSV file (--input, --column, --out).", "With --label-column, also evaluate: precision, recall, F1, "
      + "accuracy and the confusion matrix, as scikit-learn's classification_report."})
  static final class Predict extends Sub {
    @ArgGroup(exclusive = true) TextSource text;
    @Mixin ModelMixin model;
    @Option(names = "--json", description = "Print JSON instead of a summary.") boolean json;
    @Option(names = "--input", paramLabel = "FILE", description = "A CSV or TSV file with a header row.")
    String input;
    @Option(names = "--column", paramLabel = "NAME", description = "--input: the text column.") String column;
    @Option(names = "--label-column", paramLabel = "NAME", description = "--input: the true labels (names or "
        + "indices), to evaluate the model.") String labelColumn;
    @Option(names = "--out", paramLabel = "FILE", description = "--input: where the predictions go, one row each: "
        + ".csv or .jsonl.") String out;
    @Option(names = "--report", paramLabel = "FILE", description = "--label-column: the evaluation page (default "
        + "lantern-evaluation.html).") String report;
    @Option(names = "--no-report", description = "--label-column: write no evaluation page.") boolean noReport;

    @Override
    public Integer call() {
      return parent.main.predict(args());
    }
  }

  /** {@link ModelOptions} as a mixin (picocli mixins are classes with options). */
  static final class ModelMixin {
    @Option(names = "--model", paramLabel = "DIR", description = "A model folder: HuggingFace (config.json, "
        + "model.safetensors, tokenizer files), TorchScript package or ONNX export. Default: the embedded sst2-tiny.")
    String model;

    @Option(names = "--threads", paramLabel = "N", description = "Threads inside each model operation (default: one "
        + "per core); 1 is faster on a busy machine.")
    Integer threads;
  }

  /** Budget options as a mixin. */
  static final class BudgetMixin {
    @Option(names = "--deadline", paramLabel = "D", description = "Stop after D (500ms, 2s, 1m): sampling methods "
        + "fit what they drew, LIG uses fewer steps; too little to explain is an error.")
    String deadline;

    @Option(names = "--max-forward-passes", paramLabel = "N", description = "Send at most N inputs through the "
        + "model.")
    Long maxForwardPasses;
  }

  /**
   * The settings of the explanation methods, shared by {@code explain} and {@code explain-dataset};
   * each belongs to the methods {@link Methods} says, and another method refuses it by name.
   */
  static final class MethodMixin {
    @Option(names = "--features", paramLabel = "KIND", description = "word (lime's words, default), token (model "
        + "subwords), whole-word (the tokenizer's words).") String features;
    @Option(names = "--samples", paramLabel = "N", description = "lime: samples, the original included (default "
        + "5000); kernel-shap: coalitions (default 2·features + 2048).") Integer samples;
    @Option(names = "--seed", paramLabel = "S", description = "lime, kernel-shap: seed of the sampling (default 0).")
    Long seed;
    @Option(names = "--num-features", paramLabel = "N|all", description = "lime: features per explanation (default "
        + "10; all: every feature).") String numFeatures;
    @Option(names = "--feature-selection", paramLabel = "MODE", description = "lime: auto (default), "
        + "forward_selection, highest_weights, lasso_path, none.") String featureSelection;
    @Option(names = "--numpy-compatible", description = "lime: draw exactly the samples Python lime draws.")
    boolean numpyCompatible;
    @Option(names = "--max-evals", paramLabel = "N", description = "partition-shap: model evaluations (default 500).")
    Integer maxEvals;
    @Option(names = "--window", paramLabel = "K", description = "occlusion: features hidden together (default 1).")
    Integer window;
    @Option(names = "--stride", paramLabel = "S", description = "occlusion: features between windows (default 1).")
    Integer stride;
    @Option(names = "--steps", paramLabel = "N", description = "lig: integration steps (default 50, at most 10000).")
    Integer steps;
    @Option(names = "--integration", paramLabel = "METHOD", description = "lig: gausslegendre (default), "
        + "riemann_left, riemann_right, riemann_middle, riemann_trapezoid.") String integration;
    @Option(names = "--internal-batch-size", paramLabel = "N", description = "lig: steps per forward/backward batch.")
    Integer internalBatchSize;
  }

  @Command(name = "explain", mixinStandardHelpOptions = true,
      description = {"Which features of a text pushed the prediction up or down.", "",
          "Methods: lime (LIME, default), lig (Layer Integrated Gradients), kernel-shap (KernelSHAP), "
              + "partition-shap or shap (SHAP's Partition explainer: Owen values), occlusion (leave-one-out). "
              + "An option of another method is refused by name."})
  static final class Explain extends Sub {
    @ArgGroup(exclusive = true, multiplicity = "1") TextSource text;
    @Mixin ImageMixin image;
    @Mixin ModelMixin model;
    @Mixin BudgetMixin budget;
    @Mixin MethodMixin settings;
    @ArgGroup(exclusive = true) ReportOptions report;

    @Option(names = "--method", paramLabel = "M", description = "lime (default; lig for --task qa), lig, "
        + "kernel-shap, partition-shap, shap, occlusion.") String method;
    @Option(names = "--task", paramLabel = "T", description = "sequence (default), multilabel (every label), pair "
        + "(--pair), zero-shot (--labels), token (NER), qa (--question; --text is the context), image (--image).")
    String task;
    @Option(names = "--label", paramLabel = "NAME", description = "Explain this class (a name, case-insensitive when "
        + "unambiguous, or an index); default: the predicted one.") String label;
    @Option(names = "--top-labels", paramLabel = "K", description = "Explain the K most probable classes.")
    Integer topLabels;
    @Option(names = "--json", description = "Print JSON instead of a summary.") boolean json;
    @Option(names = "--estimate", description = "Print the expected forward passes and duration; do not run.")
    boolean estimate;
    @Option(names = "--pair", paramLabel = "TEXT", description = "pair: the second text.") String pair;
    @Option(names = "--flip", description = "pair, lig: explain why the score is low.") boolean flip;
    @Option(names = "--labels", paramLabel = "A,B,C", description = "zero-shot: the candidate labels.") String labels;
    @Option(names = "--template", paramLabel = "T", description = "zero-shot: the hypothesis, {} for the label.")
    String template;
    @Option(names = "--multi-label", description = "zero-shot: score each label on its own.") boolean multiLabel;
    @Option(names = "--ignore-labels", paramLabel = "A,B", description = "token: labels not explained (default O).")
    String ignoreLabels;
    @Option(names = "--question", paramLabel = "Q", description = "qa: the question.") String question;
    @Option(names = "--no-faithfulness", description = "Skip comprehensiveness and sufficiency (at most 20 passes "
        + "per class).") boolean noFaithfulness;
    @Option(names = "--baseline-token", paramLabel = "TOKEN", description = "lig: replace every token by TOKEN in "
        + "the baseline (default: the pad token).") String baselineToken;
    @Option(names = "--raw", description = "lig: raw attributions instead of L2-normalised ones.") boolean raw;
    @Option(names = "--windows", description = "lig: a text longer than the model, explained window by window "
        + "(128 tokens of overlap), spans in the whole text.") boolean windows;

    @Override
    public Integer call() {
      return parent.main.explain(args());
    }
  }

  @Command(name = "compare", mixinStandardHelpOptions = true, description = "Every method on the same text, class "
      + "and words: top features, faithfulness, cost, rank agreement.")
  static final class Compare extends Sub {
    @ArgGroup(exclusive = true, multiplicity = "1") TextSource text;
    @Mixin ModelMixin model;
    @Mixin BudgetMixin budget;
    @ArgGroup(exclusive = true) ReportOptions report;
    @Option(names = "--methods", paramLabel = "M,M", description = "Methods to compare (default: lime, lig when the "
        + "model has gradients, partition-shap, occlusion).") String methods;
    @Option(names = "--label", paramLabel = "NAME", description = "The class every method explains.") String label;
    @Option(names = "--top", paramLabel = "K", description = "Features compared by the top-k overlap (default 5).")
    Integer top;
    @Option(names = "--samples", paramLabel = "N", description = "LIME's samples (default 5000).") Integer samples;
    @Option(names = "--seed", paramLabel = "S", description = "Seed of the sampling methods.") Long seed;
    @Option(names = "--json", description = "Print JSON instead of a table.") boolean json;

    @Override
    public Integer call() {
      return new CompareCommand(parent.main.out(), parent.main.err()).run(args());
    }
  }

  @Command(name = "explain-dataset", mixinStandardHelpOptions = true, description = {"Explain every row of a CSV or "
      + "TSV (header row needed); explanations.jsonl, summary.csv and summary.html in the output folder.",
      "Run it again with the same folder to resume; another run's folder is refused."})
  static final class ExplainDataset extends Sub {
    @Mixin ModelMixin model;
    @Mixin MethodMixin settings;
    @Option(names = "--input", paramLabel = "FILE", required = true, description = "The CSV or TSV file.")
    String input;
    @Option(names = "--column", paramLabel = "NAME", required = true, description = "The text column.") String column;
    @Option(names = "--label-column", paramLabel = "NAME", description = "A column of true labels.")
    String labelColumn;
    @Option(names = "--out", paramLabel = "DIR", required = true, description = "The output folder.") String out;
    @Option(names = "--method", paramLabel = "M", description = "lime (default), lig, kernel-shap, partition-shap, "
        + "occlusion.") String method;
    @Option(names = "--top", paramLabel = "N", description = "Words per chart (default 20).") Integer top;
    @Option(names = "--stop-words", paramLabel = "FILE", description = "Words left out of the summaries, one per "
        + "line.") String stopWords;
    @Option(names = "--label", paramLabel = "A[,B]", description = "Explain these classes on every row (names, any "
        + "case, or indices; default: each row's predicted class).") String label;
    @Option(names = "--group-column", paramLabel = "NAME", description = "Summaries per group of rows and a page of the "
        + "words whose mean score differs most between groups (summary-by-group.csv, groups.html).")
    String groupColumn;
    @Option(names = "--id-column", paramLabel = "NAME", description = "A column of row ids: each row's seed derives "
        + "from its id instead of its text, and --exclude-ids names rows by it.") String idColumn;
    @Option(names = "--where", paramLabel = "COL=VALUE", description = "Explain only rows whose column equals "
        + "(COL=VALUE) or differs from (COL!=VALUE) the value; may be given several times, all must hold.")
    List<String> where;
    @Option(names = "--exclude-ids", paramLabel = "FILE", description = "Leave out the rows whose id (--id-column) is "
        + "listed in FILE, one per line.") String excludeIds;
    @Mixin BudgetMixin budget;
    @Option(names = "--pick", paramLabel = "B", description = "SP-LIME: also choose the B explanations that together "
        + "cover the most important words (picked.html in the output folder).") Integer pick;

    @Override
    public Integer call() {
      return parent.main.explainDataset(args());
    }
  }

  /**
   * The options of {@code explain-dataset} that decide how one row is explained, without the
   * file's: what {@link DatasetOptions} parses for engines that read rows themselves (Spark).
   */
  @Command(name = "row-options")
  static final class RowOptions {
    @Mixin ModelMixin model;
    @Mixin MethodMixin settings;
    @Mixin BudgetMixin budget;
    @Option(names = "--method", paramLabel = "M") String method;
    @Option(names = "--label", paramLabel = "A[,B]") String label;
  }

  @Command(name = "studio", mixinStandardHelpOptions = true, description = {"Lantern Studio: a local web page to "
      + "type a text, explain it, watch the progress and stop it, and the HTTP API behind it (see the README).",
      "Prints the address and serves until Ctrl-C."})
  static final class StudioCommand extends Sub {
    @Option(names = "--model", paramLabel = "DIR", description = "A model folder to serve; may be given several "
        + "times. Default: the embedded sst2-tiny.") List<String> models;
    @Option(names = "--host", paramLabel = "HOST", description = "The address to listen on (default 127.0.0.1, this "
        + "machine only).") String host;
    @Option(names = "--port", paramLabel = "N", description = "The port (default 8080; 0 picks a free one).")
    Integer port;
    @Option(names = "--runs-per-model", paramLabel = "N", description = "Explanations of one model at once "
        + "(default 1).") Integer runs;
    @Option(names = "--queue", paramLabel = "N", description = "Requests waiting per model before 429 (default 8).")
    Integer queue;
    @Option(names = "--max-deadline", paramLabel = "D", description = "The longest any run may take (default 60s).")
    String maxDeadline;
    @Option(names = "--threads", paramLabel = "N", description = "libtorch threads inside each operation.")
    Integer threads;

    @Override
    public Integer call() {
      return parent.main.studio(args());
    }
  }

  @Command(name = "probe", mixinStandardHelpOptions = true, description = "The prediction for every filled-in "
      + "template, the largest gap, and the explanations side by side.")
  static final class Probe extends Sub {
    @Mixin ModelMixin model;
    @Option(names = "--template", paramLabel = "T", required = true, description = "A text with {} once, e.g. "
        + "\"you are {}\".") String template;
    @Option(names = "--values", paramLabel = "A,B,C", required = true, description = "The values for {}.")
    String values;
    @Option(names = "--method", paramLabel = "M", description = "lime (default) or lig.") String method;
    @Option(names = "--report", paramLabel = "FILE", description = "The page (default lantern-probe.html).")
    String report;
    @Option(names = "--samples", paramLabel = "N", description = "lime: samples.") Integer samples;
    @Option(names = "--label", paramLabel = "NAME", description = "Explain this class.") String label;
    @Option(names = "--json", description = "Print JSON instead of a summary.") boolean json;

    @Override
    public Integer call() {
      return parent.main.probe(args());
    }
  }
}
