package ai.lantern.cli;

import ai.lantern.core.Budget;
import ai.lantern.core.CostEstimate;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.LanternException;
import ai.lantern.core.Prediction;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.onnx.OnnxTextClassifier;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.engine.transformers.ModelPackage;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import ai.lantern.explainers.gradient.Baseline;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.IntegrationMethod;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.lime.FeatureSelection;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.models.EmbeddedModels;
import com.google.gson.GsonBuilder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code lantern} command line. Results go to standard output, logs and errors to standard error. */
public final class Main {

  private final PrintStream out;
  private final PrintStream err;
  private final java.io.InputStream in;

  Main(PrintStream out, PrintStream err) {
    this(out, err, System.in);
  }

  Main(PrintStream out, PrintStream err, java.io.InputStream in) {
    this.out = out;
    this.err = err;
    this.in = in;
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err).run(args));
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  java.io.InputStream in() {
    return in;
  }

  /** Runs one command; returns the exit status (0 success, 1 failure, 2 bad command line). */
  int run(String[] args) {
    Commands.Lantern top = new Commands.Lantern(this);
    picocli.CommandLine cl = new picocli.CommandLine(top);
    cl.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8),
        true));
    cl.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(err, java.nio.charset.StandardCharsets.UTF_8),
        true));
    cl.setParameterExceptionHandler((e, given) -> usageError(e.getCommandLine(), describe(e)));
    cl.setExecutionExceptionHandler((e, command, parsed) -> {
      if (e instanceof Args.UsageException) {
        return usageError(command, e.getMessage());
      }
      err.println("lantern: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
      if (top.debug) {
        e.printStackTrace(err);
      } else if (!(e instanceof LanternException || e instanceof IllegalArgumentException
          || e instanceof IllegalStateException || e instanceof UncheckedIOException)) {
        err.println("lantern: (an unexpected " + e.getClass().getSimpleName() + "; --debug prints its stack trace)");
      }
      return 1;
    });
    if (args.length == 0) {
      cl.usage(err);
      return 2;
    }
    return cl.execute(args);
  }

  /** A bad command line in words: what is unknown, missing or clashing, and what would do. */
  private static String describe(picocli.CommandLine.ParameterException e) {
    picocli.CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
    if (e instanceof picocli.CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String first = u.getUnmatched().get(0);
      String suggestion = u.getSuggestions().isEmpty() ? "" : " (did you mean " + String.join(" or ",
          u.getSuggestions()) + "?)";
      if (first.startsWith("-")) {
        java.util.TreeSet<String> valid = new java.util.TreeSet<>();
        spec.options().forEach(o -> valid.add(o.longestName()));
        return "unknown option '" + first + "'" + suggestion + "; valid options: " + valid;
      }
      if (spec.parent() == null) {
        return "unknown command '" + first + "'" + suggestion + "; commands: " + spec.subcommands().keySet();
      }
      return "unexpected argument '" + first + "' (every value follows its option, e.g. --text \"...\")";
    }
    if (e instanceof picocli.CommandLine.MissingParameterException m) {
      List<String> names = m.getMissing().stream().map(a -> a instanceof picocli.CommandLine.Model.OptionSpec o
          ? o.longestName() : a.paramLabel()).toList();
      return names.size() == 1 ? names.get(0) + " is required" : "give one of " + String.join(", ", names);
    }
    if (e instanceof picocli.CommandLine.MutuallyExclusiveArgsException) {
      return e.getMessage().replaceFirst("^Error: ", "").replaceAll("=[A-Z]+", "");
    }
    return e.getMessage();
  }

  /** The one line that matters, and where to read more: the short usage of a bad command line. */
  private int usageError(picocli.CommandLine command, String message) {
    err.println("lantern: " + message);
    err.println("Usage: " + command.getCommandSpec().qualifiedName() + " [OPTIONS]; see '"
        + command.getCommandSpec().qualifiedName() + " --help'");
    return 2;
  }

  /**
   * The model of {@code --model}, refused by name when its kind does not fit {@code --task}: a
   * token-classification or question-answering package needs its own task, and those tasks need
   * such a package.
   */
  static TransformerTextClassifier load(Args a) {
    Path dir = modelDir(a);
    int threads = 0;
    if (a.get("--threads") != null) {
      threads = intArg(a, "--threads");
      if (threads < 1 || threads > 1024) {
        throw new Args.UsageException("--threads must lie in 1..1024, got " + threads);
      }
      // ONNX Runtime reads its setting when the engine starts, which the first load does.
      System.setProperty("ai.djl.onnxruntime.num_threads", Integer.toString(threads));
    }
    TransformerTextClassifier model = Files.isDirectory(dir) && ModelPackage.detectFormat(dir) == ModelPackage.Format.ONNX
        ? OnnxTextClassifier.load(dir) : PyTorchTextClassifier.builder().setModelPath(dir).optThreads(threads).build();
    if (a.get("--label") != null) {
      try {
        a.set("--label", ai.lantern.core.Labels.resolve(model.labels(), a.get("--label")));
      } catch (IllegalArgumentException e) {
        model.close();
        throw new Args.UsageException("--label: " + e.getMessage());
      }
    }
    String task = a.get("--task") == null ? "sequence" : a.get("--task");
    String needed = switch (model.task()) {
      case TOKEN_CLASSIFICATION -> "token";
      case QUESTION_ANSWERING -> "qa";
      default -> null;
    };
    boolean perTokenTask = task.equals("token") || task.equals("qa");
    if (needed != null && !needed.equals(task) || needed == null && perTokenTask) {
      model.close();
      String kind = needed == null ? "a sequence classifier"
          : needed.equals("token") ? "a token-classification model" : "a question-answering model";
      throw new IllegalArgumentException(modelName(a) + " is " + kind + (needed == null
          ? "; --task " + task + " needs a " + (task.equals("token") ? "token-classification" : "question-answering")
              + " package (lantern.task in config.json)"
          : "; use --task " + needed + " with explain (predict does not serve it)"));
    }
    return model;
  }

  private static Path modelDir(Args a) {
    String modelArg = a.get("--model");
    return modelArg == null ? EmbeddedModels.path(EmbeddedModels.SST2_TINY) : Path.of(modelArg);
  }

  static String modelName(Args a) {
    String modelArg = a.get("--model");
    return modelArg == null ? EmbeddedModels.SST2_TINY + " (embedded)" : modelArg;
  }

  int predict(Args a) {
    String text = a.require("--text");
    String modelName = modelName(a);
    Prediction p;
    try (TransformerTextClassifier model = load(a)) {
      p = model.predict(text);
    }
    if (a.has("--json")) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("model", modelName);
      json.put("prediction", predictionJson(p));
      out.println(gson().toJson(json));
    } else {
      out.printf("%s  %.4f   (%s)%n", p.label(), p.probability(), modelName);
      int width = p.labels().stream().mapToInt(String::length).max().orElse(5);
      for (int i = 0; i < p.labels().size(); i++) {
        double v = p.probabilities().get(i);
        out.printf("  %-" + width + "s  %.4f  %s%n", p.labels().get(i), v, "█".repeat((int) Math.round(v * 30)));
      }
    }
    return 0;
  }

  int explain(Args a) {
    String text = a.require("--text");
    if (a.get("--report") != null && a.has("--no-report")) {
      throw new Args.UsageException("give --report FILE or --no-report, not both");
    }
    String task = a.get("--task") == null ? "sequence" : a.get("--task");
    // Question answering has one method that works; the others default to LIME.
    String method = a.get("--method") == null && task.equals("qa") ? "lig" : Methods.canonical(a.get("--method"));
    checkTaskOptions(a, task);
    Methods.checkOptions(a, method);
    switch (task) {
      case "pair":
        return explainPair(a, text, method);
      case "zero-shot":
        return explainZeroShot(a, text, method);
      case "token":
        return explainTokens(a, text, method);
      case "qa":
        return explainAnswer(a, text, method);
      default:
        break;
    }
    if (method.equals("lig")) {
      return explainLig(a, text);
    }
    if (a.get("--label") != null && a.get("--top-labels") != null) {
      throw new Args.UsageException("give --label or --top-labels, not both");
    }
    String modelName = modelName(a);
    Explanation e;
    try (TransformerTextClassifier model = load(a)) {
      PerturbationExplainer explainer = Methods.build(a, method, model, features(a.get("--features")),
          b -> {
            if (a.get("--label") != null) {
              b.optLabels(a.get("--label"));
            } else if (multiLabel(a)) {
              b.optLabelIndices(java.util.stream.IntStream.range(0, model.labels().size()).toArray());
            }
            if (a.get("--top-labels") != null) {
              int k = intArg(a, "--top-labels");
              if (k < 1 || k > model.labels().size()) {
                throw new Args.UsageException("--top-labels must lie in 1.." + model.labels().size() + " (the model's "
                    + "labels), got " + k);
              }
              b.optTopLabels(k);
            }
          });
      long seed = a.get("--seed") == null ? 0 : longArg(a, "--seed");
      if (a.has("--estimate")) {
        return printEstimate(explainer.estimate(text), a.has("--json"));
      }
      try (ProgressBar bar = new ProgressBar(err, method.equals("lime") ? "samples" : "evaluations")) {
        e = explainer.explain(text, seed, bar);
      }
    }
    if (a.has("--json")) {
      out.println(gson().toJson(ExplanationJson.of(e, modelName)));
    } else {
      Prediction p = e.prediction();
      out.printf("%s  %.4f   (%s)%n", p.label(), p.probability(), modelName);
      out.printf("%s%s%n", Methods.cost(e), stopNote(e.diagnostics()));
      for (TargetExplanation t : e.targets()) {
        out.printf("%nwhy %s (p = %.4f)   %s%n", t.label(), t.modelValue(), Methods.quality(t));
        printBars(t.attributions(), true);
      }
    }
    warn(e.diagnostics());
    report(a, text, e);
    return 0;
  }

  /** The explanation's warnings, on standard error: a text cut to the model's length, say. */
  private void warn(ai.lantern.core.Diagnostics d) {
    d.warnings().forEach(w -> err.println("lantern: warning: " + w));
  }

  private int explainLig(Args a, String text) {
    for (String limeOnly : List.of("--top-labels", "--num-features", "--samples", "--seed", "--features",
        "--feature-selection")) {
      if (a.get(limeOnly) != null) {
        throw new Args.UsageException(limeOnly + " applies to --method lime");
      }
    }
    if (a.has("--numpy-compatible")) {
      throw new Args.UsageException("--numpy-compatible applies to --method lime");
    }
    String modelName = modelName(a);
    IntegratedGradientsExplanation e;
    TargetExplanation faithful = null;
    long faithfulPasses = 0;
    try (TransformerTextClassifier model = load(a)) {
      LayerIntegratedGradients.Builder b = ligOptions(a, LayerIntegratedGradients.builder().setModel(model));
      if (a.get("--label") != null) {
        b.optTarget(a.get("--label"));
      }
      String token = a.get("--baseline-token");
      if (token != null) {
        b.optBaseline(Baseline.token(model.tokenId(token).orElseThrow(() -> new IllegalArgumentException(
            "--baseline-token '" + token + "' is not a single token of this model's tokenizer"))));
      }
      b.optBudget(budget(a));
      try (ProgressBar bar = new ProgressBar(err, "steps")) {
        LayerIntegratedGradients lig = b.optProgressListener(bar).build();
        if (a.has("--estimate")) {
          return printEstimate(lig.estimate(text), a.has("--json"));
        }
        if (multiLabel(a) && a.get("--label") == null) {
          Explanation all = lig.explainLabels(text, !a.has("--raw"));
          report(a, text, all);
          if (a.has("--json")) {
            out.println(gson().toJson(ExplanationJson.of(all, modelName)));
          } else {
            printLabels(all, modelName);
          }
          return 0;
        }
        e = lig.explain(text);
        if (!a.has("--no-faithfulness")) {
          Explanation measured = ai.lantern.explainers.faithfulness.Faithfulness.attachOnWords(
              e.asWordExplanation(false), model, text, System.nanoTime());
          faithful = measured.targets().get(0);
          faithfulPasses = measured.diagnostics().evaluationPasses();
        }
      }
    }
    boolean raw = a.has("--raw");
    warn(e.diagnostics());
    if (a.has("--json")) {
      Map<String, Object> json = ExplanationJson.of(e, modelName, raw);
      if (faithful != null) {
        ExplanationJson.addFaithfulness(json, faithful.quality(), faithfulPasses);
      }
      out.println(gson().toJson(json));
      report(a, text, withQuality(e.asExplanation(!raw), faithful));
      return 0;
    }
    Prediction p = e.prediction();
    out.printf("%s  %.4f   (%s)%n", p.label(), p.probability(), modelName);
    out.printf("LIG: %d steps, %d forward passes, %d ms; convergence delta %.2e (F(x) %.4f, F(baseline) %.4f)%s%n",
        e.diagnostics().samples(), e.diagnostics().forwardPasses(), e.diagnostics().elapsed().toMillis(),
        e.convergenceDelta(), e.fx(), e.fBaseline(), stopNote(e.diagnostics()));
    if (faithful != null) {
      out.printf("faithfulness on words: comprehensiveness %.3f, sufficiency %.3f (%d more forward passes)%n",
          faithful.quality().get("comprehensiveness"), faithful.quality().get("sufficiency"), faithfulPasses);
    }
    out.printf("%nwhy %s, by token (%s):%n", e.label(), raw ? "raw" : "L2-normalised");
    printBars(raw ? e.tokens() : e.normalizedTokens(), false);
    out.printf("%nby word (sum of its tokens):%n");
    double norm = raw || e.norm() == 0 ? 1 : e.norm();
    printBars(e.words().stream().map(w -> new FeatureAttribution(w.feature(), w.score() / norm)).toList(), false);
    report(a, text, withQuality(e.asExplanation(!raw), faithful));
    return 0;
  }

  /** {@code e} with the faithfulness measured on words in its quality, for the report. */
  private static Explanation withQuality(Explanation e, TargetExplanation measured) {
    if (measured == null) {
      return e;
    }
    TargetExplanation t = e.targets().get(0);
    Map<String, Double> quality = new LinkedHashMap<>(t.quality());
    quality.put("comprehensiveness", measured.quality().get("comprehensiveness"));
    quality.put("sufficiency", measured.quality().get("sufficiency"));
    return new Explanation(e.method(), e.prediction(), List.of(new TargetExplanation(t.index(), t.label(),
        t.modelValue(), t.attributions(), quality)), e.diagnostics());
  }

  private int printEstimate(CostEstimate c, boolean json) {
    if (json) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("forwardPasses", c.forwardPasses());
      m.put("expectedMillis", c.expected().toMillis());
      m.put("basis", c.basis());
      out.println(gson().toJson(Map.of("estimate", m)));
    } else {
      out.printf("expected: %.0f forward passes, %s%n  (%s)%n", c.forwardPasses(), human(c.expected()), c.basis());
    }
    return 0;
  }

  static String human(java.time.Duration d) {
    long ms = d.toMillis();
    return ms < 1000 ? ms + " ms" : ms < 120_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0)
        : String.format(java.util.Locale.ROOT, "%d min %d s", ms / 60_000, (ms / 1000) % 60);
  }

  static Budget budget(Args a) {
    java.time.Duration deadline = a.get("--deadline") == null ? null : duration(a.get("--deadline"));
    long passes = a.get("--max-forward-passes") == null ? 0 : longArg(a, "--max-forward-passes");
    if (passes < 0 || (a.get("--max-forward-passes") != null && passes == 0)) {
      throw new Args.UsageException("--max-forward-passes must be a positive integer, got " + passes);
    }
    return new Budget(deadline, passes);
  }

  /** {@code 500ms}, {@code 2s}, {@code 1.5s}, {@code 1m}. */
  static java.time.Duration duration(String text) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m)\\s*")
        .matcher(text);
    if (!m.matches()) {
      throw new Args.UsageException("--deadline needs a duration such as 500ms, 2s or 1m, got '" + text + "'");
    }
    double v = Double.parseDouble(m.group(1));
    double ms = switch (m.group(2)) {
      case "ms" -> v;
      case "s" -> v * 1000;
      default -> v * 60_000;
    };
    if (ms < 1) {
      throw new Args.UsageException("--deadline must be at least 1ms, got '" + text + "'");
    }
    if (ms > 30 * 24 * 3600_000.0) {
      throw new Args.UsageException("--deadline must be at most 30 days (43200m), got '" + text + "'");
    }
    return java.time.Duration.ofMillis((long) ms);
  }

  /**
   * {@code s} safe for a terminal: control characters (escape sequences, bells, carriage returns
   * from a text or a tokenizer's vocabulary) shown as {@code \\uXXXX} instead of acting.
   */
  static String printable(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        if (b == null) {
          b = new StringBuilder(s.substring(0, i));
        }
        b.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
      } else if (b != null) {
        b.append(c);
      }
    }
    return b == null ? s : b.toString();
  }

  private void printBars(List<FeatureAttribution> attributions, boolean byMagnitude) {
    double max = attributions.stream().mapToDouble(f -> Math.abs(f.score())).max().orElse(1);
    int width = attributions.stream().mapToInt(f -> printable(f.text()).length()).max().orElse(4);
    List<FeatureAttribution> rows = byMagnitude ? attributions.stream()
        .sorted((x, y) -> Double.compare(Math.abs(y.score()), Math.abs(x.score()))).toList() : attributions;
    for (FeatureAttribution f : rows) {
      int bar = max == 0 ? 0 : (int) Math.round(Math.abs(f.score()) / max * 30);
      out.printf("  %-" + width + "s  %+.4f  %s%n", printable(f.text()), f.score(),
          (f.score() >= 0 ? "+" : "-").repeat(bar));
    }
  }

  private static final List<String> TASKS = List.of("sequence", "multilabel", "pair", "zero-shot", "token", "qa");

  private static boolean multiLabel(Args a) {
    String task = a.get("--task") == null ? "sequence" : a.get("--task");
    if (!TASKS.contains(task)) {
      throw new Args.UsageException("unknown --task '" + task + "'; tasks: " + TASKS);
    }
    return task.equals("multilabel");
  }

  /** Options that belong to one task are refused with any other. */
  private static void checkTaskOptions(Args a, String task) {
    if (!TASKS.contains(task)) {
      throw new Args.UsageException("unknown --task '" + task + "'; tasks: " + TASKS);
    }
    Map<String, String> owner = new LinkedHashMap<>();
    owner.put("--pair", "pair");
    owner.put("--flip", "pair");
    owner.put("--labels", "zero-shot");
    owner.put("--template", "zero-shot");
    owner.put("--multi-label", "zero-shot");
    owner.put("--ignore-labels", "token");
    owner.put("--question", "qa");
    for (Map.Entry<String, String> o : owner.entrySet()) {
      if ((a.get(o.getKey()) != null || a.has(o.getKey())) && !o.getValue().equals(task)) {
        throw new Args.UsageException(o.getKey() + " applies to --task " + o.getValue());
      }
    }
    if (List.of("pair", "zero-shot", "token", "qa").contains(task)) {
      List<String> unavailable = new java.util.ArrayList<>(List.of("--top-labels", "--estimate", "--baseline-token"));
      if ("lig".equals(a.get("--method"))) {
        unavailable.addAll(List.of("--num-features", "--samples", "--seed", "--features", "--feature-selection",
            "--numpy-compatible"));
      }
      for (String other : unavailable) {
        if (a.get(other) != null || a.has(other)) {
          throw new Args.UsageException(other + " is not available with --task " + task);
        }
      }
      if (!task.equals("pair") && a.get("--label") != null) {
        throw new Args.UsageException("--label is not available with --task " + task);
      }
    }
  }

  /** LIG with the command line's --steps, --integration and --internal-batch-size. */
  private static LayerIntegratedGradients.Builder ligOptions(Args a, LayerIntegratedGradients.Builder b) {
    if (a.get("--steps") != null) {
      long steps = longArg(a, "--steps");
      if (steps < 1 || steps > IntegrationMethod.MAX_STEPS) {
        throw new Args.UsageException("--steps must lie in 1.." + IntegrationMethod.MAX_STEPS + ", got " + steps);
      }
      b.optSteps((int) steps);
    }
    if (a.get("--integration") != null) {
      b.optIntegrationMethod(IntegrationMethod.parse(a.get("--integration")));
    }
    if (a.get("--internal-batch-size") != null) {
      b.optInternalBatchSize(Methods.atLeast(a, "--internal-batch-size", 1));
    }
    return b.optBudget(budget(a));
  }

  private static void requireLig(String method, String task) {
    if (!method.equals("lig")) {
      throw new Args.UsageException("--task " + task + " needs --method lig" + (task.equals("qa") ? ""
          : " or one of " + Methods.PERTURBATION) + "; got '" + method + "'");
    }
  }

  /** Whether a task's explanation perturbs (true) or integrates gradients (false). */
  private static boolean lime(String method, String task) {
    if (Methods.perturbation(method)) {
      return true;
    }
    requireLig(method, task);
    return false;
  }

  /** The perturbation method's settings from the command line (the classifier comes from the task). */
  private static PerturbationExplainer limeSettings(Args a) {
    return Methods.build(a, Methods.canonical(a.get("--method")), null, null);
  }


  private static long seed(Args a) {
    return a.get("--seed") == null ? 0 : longArg(a, "--seed");
  }

  private static ai.lantern.explainers.text.SubwordPerturber.Granularity granularity(Args a,
      ai.lantern.explainers.text.SubwordPerturber.Granularity fallback) {
    String f = a.get("--features");
    if (f == null) {
      return fallback;
    }
    return switch (f) {
      case "token" -> ai.lantern.explainers.text.SubwordPerturber.Granularity.TOKEN;
      case "whole-word" -> ai.lantern.explainers.text.SubwordPerturber.Granularity.WHOLE_WORD;
      default -> throw new Args.UsageException("--features for this task is token or whole-word, got '" + f + "'");
    };
  }

  /** Prints a LIME explanation of a task (JSON or bars) and writes its report. */
  private int printLime(Args a, Explanation e, String modelName,
      java.util.function.Supplier<ai.lantern.reports.HtmlReport> report) {
    printTask(a, e, modelName);
    if (!a.has("--no-report")) {
      writeReport(a, report.get());
    }
    return 0;
  }

  private void printTask(Args a, Explanation e, String modelName) {
    warn(e.diagnostics());
    if (a.has("--json")) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("task", a.get("--task"));
      json.putAll(ai.lantern.reports.ExplanationJson.toMap(e, modelName));
      out.println(gson().toJson(json));
      return;
    }
    Prediction p = e.prediction();
    out.printf("%s  %.4f   (%s)%n", p.label(), p.probability(), modelName);
    out.printf("%s%s%n", Methods.cost(e), stopNote(e.diagnostics()));
    for (TargetExplanation t : e.targets()) {
      out.printf("%nwhy %s (p = %.4f)   %s%n", t.label(), t.modelValue(), Methods.quality(t));
      printBars(t.attributions(), true);
    }
  }

  private static List<String> csv(String value) {
    return Arrays.stream(value.split(",", -1)).map(String::trim).toList();
  }

  private int explainZeroShot(Args a, String text, String method) {
    boolean lime = lime(method, "zero-shot");
    List<String> labels = csv(a.require("--labels"));
    String modelName = modelName(a);
    Explanation e;
    try (TransformerTextClassifier model = load(a)) {
      if (lime) {
        if (a.get("--features") != null) {
          throw new Args.UsageException("--features is not available with --task zero-shot: LIME perturbs the "
              + "premise's words");
        }
        ai.lantern.explainers.tasks.ZeroShotClassificationExplainer.Builder b =
            ai.lantern.explainers.tasks.ZeroShotClassificationExplainer.builder().setModel(model)
                .optMultiLabel(a.has("--multi-label"));
        if (a.get("--template") != null) {
          b.optHypothesisTemplate(a.get("--template"));
        }
        Explanation x = b.build().explainWith(text, labels, limeSettings(a), seed(a));
        return printLime(a, x, modelName, () -> new ai.lantern.reports.HtmlReport("Lantern: zero-shot ("
            + x.method() + ")").add(text, x));
      }
      ai.lantern.explainers.tasks.ZeroShotClassificationExplainer.Builder b =
          ai.lantern.explainers.tasks.ZeroShotClassificationExplainer.builder().setModel(model)
              .optMultiLabel(a.has("--multi-label"))
              .optLayerIntegratedGradients(ligOptions(a, LayerIntegratedGradients.builder().setModel(model)).build());
      if (a.get("--template") != null) {
        b.optHypothesisTemplate(a.get("--template"));
      }
      e = b.build().explain(text, labels);
    }
    report(a, text, e);
    if (a.has("--json")) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("task", "zero-shot");
      json.put("multiLabel", a.has("--multi-label"));
      json.putAll(ai.lantern.reports.ExplanationJson.toMap(e, modelName));
      out.println(gson().toJson(json));
      return 0;
    }
    Prediction p = e.prediction();
    out.printf("%s  %.4f   (%s, zero-shot%s)%s%n", p.label(), p.probability(), modelName,
        a.has("--multi-label") ? ", multi-label" : "", stopNote(e.diagnostics()));
    for (TargetExplanation t : e.targets()) {
      out.printf("%nwhy \"%s\" (score %.4f; entailment probability %.4f):%n", t.label(), t.modelValue(),
          t.quality().get("fx"));
      printBars(t.attributions(), false);
    }
    return 0;
  }

  private int explainTokens(Args a, String text, String method) {
    boolean lime = lime(method, "token");
    String modelName = modelName(a);
    ai.lantern.core.TokenClassificationExplanation e;
    try (TransformerTextClassifier model = load(a)) {
      ai.lantern.explainers.tasks.TokenClassificationExplainer.Builder b =
          ai.lantern.explainers.tasks.TokenClassificationExplainer.builder().setModel(model);
      if (!lime) {
        b.optLayerIntegratedGradients(ligOptions(a, LayerIntegratedGradients.builder().setTokenModel(model)).build());
      }
      if (a.get("--ignore-labels") != null) {
        b.optIgnoredLabels(Set.copyOf(csv(a.get("--ignore-labels"))));
      }
      e = lime ? b.build().explainWith(text, limeSettings(a), seed(a),
          granularity(a, ai.lantern.explainers.text.SubwordPerturber.Granularity.TOKEN)) : b.build().explain(text);
    }
    if (!a.has("--no-report")) {
      writeReport(a, new ai.lantern.reports.HtmlReport("Lantern: token classification").addTokens(e));
    }
    if (a.has("--json")) {
      out.println(gson().toJson(ai.lantern.reports.ExplanationJson.toMap(e, modelName)));
      return 0;
    }
    out.printf("%s   (%s)%s%n", e.entities().isEmpty() ? "no entities" : e.entities().stream()
        .map(x -> x.type() + " \"" + x.text() + "\" " + String.format(java.util.Locale.ROOT, "%.3f", x.score()))
        .collect(java.util.stream.Collectors.joining(", ")), modelName, stopNote(e.diagnostics()));
    for (TargetExplanation t : e.targets()) {
      String token = printable(e.tokens().stream().filter(x -> x.position() == t.index()).findFirst().orElseThrow()
          .token());
      out.printf("%nwhy token %d \"%s\" is %s (p = %.4f):%n", t.index(), token, t.label(), t.modelValue());
      printBars(t.byMagnitude().stream().limit(8).toList(), true);
    }
    return 0;
  }

  private int explainAnswer(Args a, String context, String method) {
    requireLig(method, "qa");
    String question = a.require("--question");
    String modelName = modelName(a);
    ai.lantern.core.QuestionAnsweringExplanation e;
    try (TransformerTextClassifier model = load(a)) {
      e = ai.lantern.explainers.tasks.QuestionAnsweringExplainer.builder().setModel(model)
          .optLayerIntegratedGradients(ligOptions(a, LayerIntegratedGradients.builder().setTokenModel(model)).build())
          .build().explain(question, context);
    }
    if (!a.has("--no-report")) {
      writeReport(a, new ai.lantern.reports.HtmlReport("Lantern: question answering").addAnswer(e));
    }
    if (a.has("--json")) {
      out.println(gson().toJson(ai.lantern.reports.ExplanationJson.toMap(e, modelName)));
      return 0;
    }
    out.printf("\"%s\"  %.4f   (%s; characters %d-%d of the context%s)%s%n", e.answer(), e.score(), modelName,
        e.span().start(), e.span().end(), e.windows() > 1 ? "; window " + (e.window() + 1) + " of " + e.windows() : "",
        stopNote(e.diagnostics()));
    for (TargetExplanation t : List.of(e.start(), e.end())) {
      out.printf("%nwhy it %s there (token %d, %s logit %.4f):%n", t.label().equals("start") ? "starts" : "ends",
          t.index(), t.label(), t.modelValue());
      printBars(t.byMagnitude().stream().limit(8).toList(), true);
    }
    return 0;
  }

  private int explainPair(Args a, String text, String method) {
    String pair = a.require("--pair");
    if (Methods.perturbation(method)) {
      String modelName = modelName(a);
      Explanation e;
      try (TransformerTextClassifier model = load(a)) {
        e = ai.lantern.explainers.tasks.PairClassificationExplainer.of(model).explainWith(text, pair,
            limeSettings(a), seed(a), granularity(a, ai.lantern.explainers.text.SubwordPerturber.Granularity.WHOLE_WORD));
      }
      return printLime(a, e, modelName, () -> new ai.lantern.reports.HtmlReport("Lantern: sentence pair")
          .addPair(text, pair, e));
    }
    requireLig(method, "pair");
    String modelName = modelName(a);
    IntegratedGradientsExplanation e;
    try (TransformerTextClassifier model = load(a)) {
      e = new ai.lantern.explainers.tasks.PairClassificationExplainer(model,
          ligOptions(a, LayerIntegratedGradients.builder().setModel(model)).build()).explain(text, pair, a.has("--flip"));
    }
    boolean raw = a.has("--raw");
    if (!a.has("--no-report")) {
      writeReport(a, new ai.lantern.reports.HtmlReport("Lantern: sentence pair").addPair(text, pair,
          e.asWordExplanation(!raw)));
    }
    if (a.has("--json")) {
      out.println(gson().toJson(ExplanationJson.of(e, modelName, raw)));
      return 0;
    }
    Prediction p = e.prediction();
    out.printf("%s  %.4f   (%s)%s%n", p.label(), p.probability(), modelName, a.has("--flip") ? "  [flipped]" : "");
    for (int seq = 0; seq < 2; seq++) {
      int s = seq;
      out.printf("%n%s: \"%s\"%n", seq == 0 ? "text" : "pair", seq == 0 ? text : pair);
      double norm = raw || e.norm() == 0 ? 1 : e.norm();
      printBars(e.words().stream().filter(w -> w.feature().sequence() == s)
          .map(w -> new FeatureAttribution(w.feature(), w.score() / norm)).toList(), false);
    }
    return 0;
  }

  private void printLabels(Explanation e, String modelName) {
    out.printf("labels at or above 0.5: %s   (%s)%n", e.prediction().labelsAbove(0.5), modelName);
    for (TargetExplanation t : e.targets()) {
      out.printf("%nwhy %s (p = %.4f):%n", t.label(), t.modelValue());
      printBars(t.byMagnitude().stream().limit(8).toList(), true);
    }
  }

  private static String stopNote(ai.lantern.core.Diagnostics d) {
    return switch (d.stop()) {
      case COMPLETED -> "";
      case CONVERGED -> " (stopped early: converged)";
      case DEADLINE -> " (PARTIAL: the deadline came first)";
      case FORWARD_PASS_LIMIT -> " (PARTIAL: the forward-pass limit came first)";
    };
  }

  /** LIME, or LIG with word-level normalised scores: what dataset insight and probes aggregate. */
  private static ai.lantern.core.Explainer<String, Explanation> explainer(Args a, TransformerTextClassifier model) {
    String method = a.get("--method") == null ? "lime" : a.get("--method");
    switch (method) {
      case "lime": {
        LimeTextExplainer.Builder b = LimeTextExplainer.builder().setClassifier(model)
            .optFeatures(features(a.get("--features")));
        if (a.get("--samples") != null) {
          b.optNumSamples(intArg(a, "--samples"));
        }
        if (a.get("--seed") != null) {
          b.optSeed(longArg(a, "--seed"));
        }
        if (a.get("--label") != null) {
          b.optLabels(a.get("--label"));
        }
        return b.build();
      }
      case "lig": {
        LayerIntegratedGradients.Builder b = LayerIntegratedGradients.builder().setModel(model);
        if (a.get("--label") != null) {
          b.optTarget(a.get("--label"));
        }
        LayerIntegratedGradients lig = b.build();
        boolean tokens = "token".equals(a.get("--features"));
        return text -> tokens ? lig.explain(text).asExplanation(true) : lig.explain(text).asWordExplanation(true);
      }
      default:
        String canonical = Methods.canonical(method);
        // Data sets and probes aggregate scores: no faithfulness passes per row unless asked.
        return Methods.build(a, canonical, model, features(a.get("--features")), b -> {
          if (a.get("--label") != null) {
            b.optLabels(a.get("--label"));
          }
          b.optFaithfulness(false);
        });
    }
  }

  int explainDataset(Args a) {
    Path input = Path.of(a.require("--input"));
    Path outDir = Path.of(a.require("--out"));
    String column = a.require("--column");
    ai.lantern.reports.DatasetReader.Result data;
    java.util.Set<String> stopWords = java.util.Set.of();
    try {
      data = ai.lantern.reports.DatasetReader.read(input, column, a.get("--label-column"));
      if (a.get("--stop-words") != null) {
        stopWords = Files.readAllLines(Path.of(a.get("--stop-words"))).stream().map(String::trim)
            .filter(w -> !w.isEmpty()).map(w -> w.toLowerCase(java.util.Locale.ROOT))
            .collect(java.util.stream.Collectors.toSet());
      }
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("cannot read " + e.getMessage(), e);
    }
    data.skipped().forEach(m -> err.println("lantern: skipped " + m));
    int top = a.get("--top") == null ? 20 : intArg(a, "--top");
    List<ai.lantern.reports.DatasetInsight.WordStats> stats;
    List<String> skipped;
    try (TransformerTextClassifier model = load(a);
        ProgressBar bar = new ProgressBar(err, "rows")) {
      ai.lantern.reports.DatasetInsight insight = ai.lantern.reports.DatasetInsight.builder()
          .setExplainer(explainer(a, model)).setOutputDirectory(outDir).optModelName(modelName(a))
          .optStopWords(stopWords).optTopN(top).optProgressListener(bar).optSettings(datasetSettings(a)).build();
      stats = insight.run(data.rows());
      skipped = ai.lantern.reports.DatasetInsight.skippedRows(outDir.resolve(
          ai.lantern.reports.DatasetInsight.EXPLANATIONS));
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("cannot write to " + outDir + ": " + e.getMessage(), e);
    }
    skipped.forEach(m -> err.println("lantern: not explained, " + m));
    out.printf("%d rows explained (%d skipped while reading, %d not explainable); %s%n",
        data.rows().size() - skipped.size(), data.skipped().size(), skipped.size(), outDir.resolve("summary.html"));
    java.util.Map<String, List<ai.lantern.reports.DatasetInsight.WordStats>> byLabel = new java.util.TreeMap<>();
    stats.forEach(s -> byLabel.computeIfAbsent(s.label(), k -> new java.util.ArrayList<>()).add(s));
    byLabel.forEach((label, words) -> {
      out.printf("%nwords that push %s up (sum of scores, count):%n", label);
      words.stream().filter(w -> w.sum() > 0).limit(5)
          .forEach(w -> out.printf("  %-20s %+.4f  %d%n", w.word(), w.sum(), w.count()));
      out.printf("words that push %s down:%n", label);
      words.stream().filter(w -> w.sum() < 0).sorted(java.util.Comparator.comparingDouble(
          ai.lantern.reports.DatasetInsight.WordStats::sum)).limit(5)
          .forEach(w -> out.printf("  %-20s %+.4f  %d%n", w.word(), w.sum(), w.count()));
    });
    return 0;
  }

  /** What makes two explain-dataset runs the same run: a resume with other values is refused. */
  private static Map<String, String> datasetSettings(Args a) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", modelName(a));
    m.put("method", a.get("--method") == null ? "lime" : Methods.canonical(a.get("--method")));
    for (String option : List.of("--features", "--samples", "--seed", "--label", "--label-column", "--column")) {
      if (a.get(option) != null) {
        m.put(option.substring(2), a.get(option));
      }
    }
    return m;
  }

  int probe(Args a) {
    String template = a.require("--template");
    if (template.indexOf("{}") < 0 || template.indexOf("{}") != template.lastIndexOf("{}")) {
      throw new Args.UsageException("--template must contain {} exactly once, got '" + template + "'");
    }
    List<String> values = java.util.Arrays.stream(a.require("--values").split(",")).map(String::trim)
        .filter(v -> !v.isEmpty()).distinct().toList();
    if (values.size() < 2) {
      throw new Args.UsageException("--values needs at least two distinct comma-separated values");
    }
    List<String> texts = values.stream().map(v -> template.replace("{}", v)).toList();
    List<Explanation> explanations;
    try (TransformerTextClassifier model = load(a)) {
      ai.lantern.core.Explainer<String, Explanation> explainer = explainer(a, model);
      explanations = texts.stream().map(explainer::explain).toList();
    }
    List<String> labels = explanations.get(0).prediction().labels();
    String worstLabel = null;
    double worstGap = -1;
    int[] worstPair = new int[2];
    java.util.Map<String, Object> gaps = new java.util.LinkedHashMap<>();
    for (int c = 0; c < labels.size(); c++) {
      int lo = 0;
      int hi = 0;
      for (int i = 0; i < values.size(); i++) {
        double p = explanations.get(i).prediction().probabilities().get(c);
        lo = p < explanations.get(lo).prediction().probabilities().get(c) ? i : lo;
        hi = p > explanations.get(hi).prediction().probabilities().get(c) ? i : hi;
      }
      double gap = explanations.get(hi).prediction().probabilities().get(c)
          - explanations.get(lo).prediction().probabilities().get(c);
      gaps.put(labels.get(c), java.util.Map.of("gap", gap, "highest", values.get(hi), "lowest", values.get(lo)));
      if (gap > worstGap) {
        worstGap = gap;
        worstLabel = labels.get(c);
        worstPair = new int[] {hi, lo};
      }
    }
    Path report = Path.of(a.get("--report") == null ? "lantern-probe.html" : a.get("--report"));
    try {
      new ai.lantern.reports.HtmlReport("Lantern: bias probe of \"" + template + "\"")
          .addComparison(String.format(java.util.Locale.ROOT, "Largest gap: %s %.3f (%s vs %s)", worstLabel, worstGap,
              values.get(worstPair[0]), values.get(worstPair[1])), values, texts, explanations)
          .write(report);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("cannot write the report " + report + ": " + e.getMessage(), e);
    }
    err.println("report: " + report.toAbsolutePath());
    if (a.has("--json")) {
      List<Object> rows = new java.util.ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("value", values.get(i));
        r.put("text", texts.get(i));
        r.put("prediction", predictionJson(explanations.get(i).prediction()));
        rows.add(r);
      }
      java.util.Map<String, Object> json = new java.util.LinkedHashMap<>();
      json.put("model", modelName(a));
      json.put("template", template);
      json.put("results", rows);
      json.put("gaps", gaps);
      json.put("largestGap", java.util.Map.of("label", worstLabel, "gap", worstGap, "highest",
          values.get(worstPair[0]), "lowest", values.get(worstPair[1])));
      out.println(gson().toJson(json));
      return 0;
    }
    int width = texts.stream().mapToInt(String::length).max().orElse(10);
    for (int i = 0; i < values.size(); i++) {
      Prediction p = explanations.get(i).prediction();
      out.printf("%-" + width + "s  %s %.4f%n", texts.get(i), p.label(), p.probability());
    }
    out.printf("largest gap: %s %.4f between \"%s\" and \"%s\"%n", worstLabel, worstGap, values.get(worstPair[0]),
        values.get(worstPair[1]));
    return 0;
  }

  static LimeTextExplainer.Features features(String name) {
    if (name == null) {
      return LimeTextExplainer.Features.WORD;
    }
    return switch (name) {
      case "word" -> LimeTextExplainer.Features.WORD;
      case "token" -> LimeTextExplainer.Features.TOKEN;
      case "whole-word" -> LimeTextExplainer.Features.WHOLE_WORD;
      default -> throw new Args.UsageException("unknown --features '" + name + "'; valid: [word, token, whole-word]");
    };
  }

  static int intArg(Args a, String name) {
    long v = longArg(a, name);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new Args.UsageException(name + " " + v + " is out of range");
    }
    return (int) v;
  }

  static long longArg(Args a, String name) {
    try {
      return Long.parseLong(a.get(name).trim());
    } catch (NumberFormatException e) {
      throw new Args.UsageException(name + " needs an integer, got '" + a.get(name) + "'");
    }
  }

  static com.google.gson.Gson gson() {
    return new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().serializeNulls().create();
  }

  static Map<String, Object> predictionJson(Prediction p) {
    return ai.lantern.reports.ExplanationJson.prediction(p);
  }

  /** Writes the HTML report unless --no-report; says where on standard error. */
  /**
   * Writes the report in the form its extension names: HTML (default), an SVG or PNG chart of the
   * first explained class's strongest features, or the explanation as JSON.
   */
  private void report(Args a, String text, Explanation e) {
    if (a.has("--no-report")) {
      return;
    }
    Path file = reportFile(a);
    String ext = extension(file);
    try {
      switch (ext) {
        case "svg", "png" -> {
          TargetExplanation t = e.targets().get(0);
          List<ai.lantern.reports.BarChart.Bar> bars = t.byMagnitude().stream().limit(15)
              .map(f -> new ai.lantern.reports.BarChart.Bar(printable(f.text()), f.score())).toList();
          ai.lantern.reports.BarChart chart = ai.lantern.reports.BarChart.weights(
              e.method().toUpperCase(java.util.Locale.ROOT) + ": why " + t.label(), bars);
          if (ext.equals("svg")) {
            Files.writeString(file, chart.toSvg(), java.nio.charset.StandardCharsets.UTF_8);
          } else {
            chart.writePng(file);
          }
        }
        case "json" -> Files.writeString(file, gson().toJson(ExplanationJson.of(e, modelName(a))),
            java.nio.charset.StandardCharsets.UTF_8);
        default -> new ai.lantern.reports.HtmlReport("Lantern: " + e.method().toUpperCase(java.util.Locale.ROOT)
            + " explanation").add(text, e).write(file);
      }
    } catch (java.io.IOException ex) {
      throw new UncheckedIOException("cannot write the report " + file + ": "
          + ai.lantern.engine.transformers.PathProblems.reason(ex) + " (the explanation above is complete)", ex);
    }
    err.println("report: " + file.toAbsolutePath());
  }

  private static Path reportFile(Args a) {
    Path file = Path.of(a.get("--report") == null ? "lantern-report.html" : a.get("--report"));
    String ext = extension(file);
    if (!List.of("html", "htm", "xhtml", "svg", "png", "json").contains(ext)) {
      throw new Args.UsageException("--report " + file + ": the extension picks the form: .html, .svg, .png or .json");
    }
    return file;
  }

  private static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /** A task's page: HTML only (the tasks' pages have no chart-only or JSON form here). */
  private void writeReport(Args a, ai.lantern.reports.HtmlReport report) {
    Path file = reportFile(a);
    if (!List.of("html", "htm", "xhtml").contains(extension(file))) {
      throw new Args.UsageException("--report " + file + ": this task writes an HTML page (.html); --json prints "
          + "the explanation as JSON");
    }
    try {
      report.write(file);
    } catch (java.io.IOException ex) {
      throw new UncheckedIOException("cannot write the report " + file + ": "
          + ai.lantern.engine.transformers.PathProblems.reason(ex) + " (the explanation above is complete)", ex);
    }
    err.println("report: " + file.toAbsolutePath());
  }
}
