package ai.lantern.cli;

import ai.lantern.core.Budget;
import ai.lantern.core.CostEstimate;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.onnx.OnnxTextClassifier;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.engine.transformers.ModelPackage;
import ai.lantern.engine.transformers.TransformerTextClassifier;
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

/**
 * What every command shares: the streams, loading the model an option names, budgets and
 * durations, printing explanations for people, and writing reports.
 */
abstract class CommandBase {
  final PrintStream out;
  final PrintStream err;
  final java.io.InputStream in;

  CommandBase(PrintStream out, PrintStream err, java.io.InputStream in) {
    this.out = out;
    this.err = err;
    this.in = in;
  }


  /**
   * The model of {@code --model}, refused by name when its kind does not fit {@code --task}: a
   * token-classification or question-answering package needs its own task, and those tasks need
   * such a package.
   */
  static TransformerTextClassifier load(Args a) {
    Path dir = modelDir(a);
    if (ai.lantern.engine.transformers.TransformerImageClassifier.declaresImageClassification(dir)) {
      throw new IllegalArgumentException(modelName(a) + " is an image classifier: give --image FILE, not a text");
    }
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
        a.set("--label", String.join(",", java.util.Arrays.stream(a.get("--label").split(",", -1))
            .map(l -> ai.lantern.core.Labels.resolve(model.labels(), l.strip())).toList()));
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

  static Path modelDir(Args a) {
    String modelArg = a.get("--model");
    return modelArg == null ? EmbeddedModels.path(EmbeddedModels.SST2_TINY) : Path.of(modelArg);
  }

  static String modelName(Args a) {
    String modelArg = a.get("--model");
    return modelArg == null ? EmbeddedModels.SST2_TINY + " (embedded)" : modelArg;
  }

  /** The explanation's warnings, on standard error: a text cut to the model's length, say. */
  void warn(ai.lantern.core.Diagnostics d) {
    d.warnings().forEach(w -> err.println("lantern: warning: " + w));
  }

  /** {@code e} with the faithfulness measured on words in its quality, for the report. */
  static Explanation withQuality(Explanation e, TargetExplanation measured) {
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

  int printEstimate(CostEstimate c, boolean json) {
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

  void printBars(List<FeatureAttribution> attributions, boolean byMagnitude) {
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

  /** Prints a LIME explanation of a task (JSON or bars) and writes its report. */
  int printLime(Args a, Explanation e, String modelName,
      java.util.function.Supplier<ai.lantern.reports.HtmlReport> report) {
    printTask(a, e, modelName);
    if (!a.has("--no-report")) {
      writeReport(a, report.get());
    }
    return 0;
  }

  void printTask(Args a, Explanation e, String modelName) {
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

  static List<String> csv(String value) {
    return Arrays.stream(value.split(",", -1)).map(String::trim).toList();
  }

  void printLabels(Explanation e, String modelName) {
    out.printf("labels at or above 0.5: %s   (%s)%n", e.prediction().labelsAbove(0.5), modelName);
    for (TargetExplanation t : e.targets()) {
      out.printf("%nwhy %s (p = %.4f):%n", t.label(), t.modelValue());
      printBars(t.byMagnitude().stream().limit(8).toList(), true);
    }
  }

  static String stopNote(ai.lantern.core.Diagnostics d) {
    return switch (d.stop()) {
      case COMPLETED -> "";
      case CONVERGED -> " (stopped early: converged)";
      case DEADLINE -> " (PARTIAL: the deadline came first)";
      case FORWARD_PASS_LIMIT -> " (PARTIAL: the forward-pass limit came first)";
      case STOPPED -> " (PARTIAL: stopped)";
    };
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

  /**
   * Refuses an option that belongs to another choice of {@code selector} than {@code chosen}.
   *
   * @param optionThenChoice pairs: an option, then the choice of {@code selector} it belongs to
   */
  static void onlyWith(Args a, String selector, String chosen, String... optionThenChoice) {
    for (int i = 0; i < optionThenChoice.length; i += 2) {
      String option = optionThenChoice[i];
      String owner = optionThenChoice[i + 1];
      if ((a.get(option) != null || a.has(option)) && !owner.equals(chosen)) {
        throw new Args.UsageException(option + " applies to " + selector + " " + owner + ", not " + chosen);
      }
    }
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
  void report(Args a, String text, Explanation e) {
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

  static Path reportFile(Args a) {
    Path file = Path.of(a.get("--report") == null ? "lantern-report.html" : a.get("--report"));
    String ext = extension(file);
    if (!List.of("html", "htm", "xhtml", "svg", "png", "json").contains(ext)) {
      throw new Args.UsageException("--report " + file + ": the extension picks the form: .html, .svg, .png or .json");
    }
    return file;
  }

  static String extension(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
  }

  /** A task's page: HTML only (the tasks' pages have no chart-only or JSON form here). */
  void writeReport(Args a, ai.lantern.reports.HtmlReport report) {
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
