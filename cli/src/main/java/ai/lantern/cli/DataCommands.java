package ai.lantern.cli;

import ai.lantern.core.Explanation;
import ai.lantern.core.Prediction;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.io.PrintStream;
import java.nio.file.Files;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code lantern predict}, {@code explain-dataset} and {@code probe}. */
final class DataCommands extends CommandBase {
  DataCommands(PrintStream out, PrintStream err, java.io.InputStream in) {
    super(out, err, in);
  }


  int predict(Args a) {
    if (a.get("--input") != null) {
      return predictFile(a);
    }
    for (String fileOnly : List.of("--column", "--label-column", "--out", "--report")) {
      if (a.get(fileOnly) != null) {
        throw new Args.UsageException(fileOnly + " applies to --input FILE");
      }
    }
    if (a.get("--text") == null) {
      throw new Args.UsageException("give --text TEXT, --text-file FILE, --input FILE or --image FILE");
    }
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

  /**
   * Every row of a file through the model, in batches: one line of predictions per row in
   * {@code --out} (CSV or JSON lines), and with true labels the evaluation, printed and as a page.
   */
  private int predictFile(Args a) {
    if (a.get("--text") != null) {
      throw new Args.UsageException("give --text or --input, not both");
    }
    String column = a.require("--column");
    Path outFile = Path.of(a.require("--out"));
    String ext = extension(outFile);
    if (!ext.equals("csv") && !ext.equals("jsonl")) {
      throw new Args.UsageException("--out " + outFile + ": the extension picks the form: .csv or .jsonl");
    }
    if (a.has("--no-report") && a.get("--report") != null) {
      throw new Args.UsageException("give --report FILE or --no-report, not both");
    }
    Path input = Path.of(a.get("--input"));
    List<String> truth = new java.util.ArrayList<>();
    List<String> predicted = new java.util.ArrayList<>();
    long[] counts = new long[2]; // rows predicted, lines skipped
    // The file is read row by row and predicted 256 rows at a time: memory does not grow with it.
    try (TransformerTextClassifier model = load(a);
        java.io.BufferedWriter w = Files.newBufferedWriter(outFile, java.nio.charset.StandardCharsets.UTF_8)) {
      List<String> labels = model.labels();
      if (ext.equals("csv")) {
        w.write("row,predicted," + String.join(",", labels.stream().map(l -> csvField("p_" + l)).toList())
            + (a.get("--label-column") != null ? ",true_label" : "") + ",text\n");
      }
      List<ai.lantern.reports.DatasetReader.Row> chunk = new java.util.ArrayList<>();
      java.util.function.Consumer<List<ai.lantern.reports.DatasetReader.Row>> flush = rows -> {
        double[][] p = model.predictProbabilities(rows.stream().map(ai.lantern.reports.DatasetReader.Row::text)
            .toList());
        for (int i = 0; i < rows.size(); i++) {
          ai.lantern.reports.DatasetReader.Row row = rows.get(i);
          Prediction pred = Prediction.of(labels, p[i]);
          String trueLabel = null;
          if (row.label() != null) {
            try {
              trueLabel = ai.lantern.core.Labels.resolve(labels, row.label());
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(input + " line " + row.line() + ": the true label '" + row.label()
                  + "' is none of the model's labels " + labels + " (names, any case, or indices)");
            }
            truth.add(trueLabel);
            predicted.add(pred.label());
          }
          try {
            w.write(ext.equals("csv") ? csvLine(row, pred, trueLabel) : jsonLine(row, pred, trueLabel));
          } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
          }
        }
        counts[0] += rows.size();
        rows.clear();
      };
      ai.lantern.reports.DatasetReader.stream(input, column, a.get("--label-column"), null, row -> {
        chunk.add(row);
        if (chunk.size() == 256) {
          flush.accept(chunk);
        }
      }, m -> {
        err.println("lantern: skipped " + m);
        counts[1]++;
      });
      if (!chunk.isEmpty()) {
        flush.accept(chunk);
      }
    } catch (java.io.IOException | UncheckedIOException e) {
      java.io.IOException io = e instanceof UncheckedIOException u ? u.getCause() : (java.io.IOException) e;
      throw new UncheckedIOException("cannot read " + input + " or write " + outFile + ": "
          + ai.lantern.engine.transformers.PathProblems.reason(io), io);
    }
    out.printf("%d rows predicted (%d skipped); %s%n", counts[0], counts[1], outFile);
    if (!truth.isEmpty()) {
      ai.lantern.reports.ClassificationReport report = ai.lantern.reports.ClassificationReport.of(truth, predicted);
      out.println();
      out.print(report.toText());
      if (!a.has("--no-report")) {
        Path page = Path.of(a.get("--report") == null ? "lantern-evaluation.html" : a.get("--report"));
        try {
          new ai.lantern.reports.HtmlReport("Lantern: evaluation of " + modelName(a) + " on " + input.getFileName())
              .addEvaluation(report).write(page);
        } catch (java.io.IOException e) {
          throw new UncheckedIOException("cannot write the report " + page + ": "
              + ai.lantern.engine.transformers.PathProblems.reason(e) + " (the evaluation above is complete)", e);
        }
        err.println("report: " + page.toAbsolutePath());
      }
    }
    return 0;
  }

  private static String csvLine(ai.lantern.reports.DatasetReader.Row row, Prediction p, String trueLabel) {
    StringBuilder s = new StringBuilder().append(row.line()).append(',').append(csvField(p.label()));
    for (double v : p.probabilities()) {
      s.append(',').append(v);
    }
    if (trueLabel != null) {
      s.append(',').append(csvField(trueLabel));
    }
    return s.append(',').append(csvField(row.text())).append('\n').toString();
  }

  private static String csvField(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")
        ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  private static String jsonLine(ai.lantern.reports.DatasetReader.Row row, Prediction p, String trueLabel) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("row", row.line());
    m.put("text", row.text());
    m.put("prediction", predictionJson(p));
    if (trueLabel != null) {
      m.put("trueLabel", trueLabel);
    }
    return new com.google.gson.GsonBuilder().disableHtmlEscaping().create().toJson(m) + "\n";
  }

  /** LIME, or LIG with word-level normalised scores: what dataset insight and probes aggregate. */
  static ai.lantern.core.Explainer<String, Explanation> explainer(Args a, TransformerTextClassifier model) {
    ai.lantern.reports.DatasetInsight.RowExplainer explainer = rowExplainer(a, model);
    long seed = a.get("--seed") == null ? 0 : longArg(a, "--seed");
    return text -> explainer.explain(text, seed);
  }

  /** As {@link #explainer}, each text explained with the seed it is given (LIG draws nothing). */
  static ai.lantern.reports.DatasetInsight.RowExplainer rowExplainer(Args a, TransformerTextClassifier model) {
    String method = a.get("--method") == null ? "lime" : a.get("--method");
    if (method.equals("lig")) {
      if (a.get("--label") != null && a.get("--label").contains(",")) {
        throw new Args.UsageException("--method lig explains one --label at a time, got '" + a.get("--label") + "'");
      }
      LayerIntegratedGradients.Builder b = TaskCommands.ligOptions(a, LayerIntegratedGradients.builder()
          .setModel(model));
      if (a.get("--label") != null) {
        b.optTarget(a.get("--label"));
      }
      LayerIntegratedGradients lig = b.build();
      boolean tokens = "token".equals(a.get("--features"));
      return (text, seed) -> tokens ? lig.explain(text).asExplanation(true) : lig.explain(text).asWordExplanation(true);
    }
    // Data sets and probes aggregate scores: no faithfulness passes per row unless asked.
    ai.lantern.explainers.PerturbationExplainer pe = Methods.build(a, Methods.canonical(method), model,
        features(a.get("--features")), b -> {
          if (a.get("--label") != null) {
            b.optLabels(a.get("--label").split(","));
          }
          b.optFaithfulness(false);
        });
    return pe::explain;
  }

  int explainDataset(Args a) {
    Methods.checkOptions(a, Methods.canonical(a.get("--method")));
    Path input = Path.of(a.require("--input"));
    Path outDir = Path.of(a.require("--out"));
    String column = a.require("--column");
    java.util.Set<String> stopWords = java.util.Set.of();
    java.util.Set<String> excluded = java.util.Set.of();
    if (a.get("--exclude-ids") != null && a.get("--id-column") == null) {
      throw new Args.UsageException("--exclude-ids names rows by their id: give --id-column too");
    }
    try {
      if (a.get("--stop-words") != null) {
        stopWords = lines(Path.of(a.get("--stop-words"))).stream().map(w -> w.toLowerCase(java.util.Locale.ROOT))
            .collect(java.util.stream.Collectors.toSet());
      }
      if (a.get("--exclude-ids") != null) {
        excluded = java.util.Set.copyOf(lines(Path.of(a.get("--exclude-ids"))));
      }
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("cannot read " + e.getMessage() + ": "
          + ai.lantern.engine.transformers.PathProblems.reason(e), e);
    }
    ai.lantern.reports.DatasetReader.Selection selection;
    try {
      selection = new ai.lantern.reports.DatasetReader.Selection(a.get("--id-column"), a.all("--where"), excluded);
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException("--where: " + e.getMessage());
    }
    int top = a.get("--top") == null ? 20 : intArg(a, "--top");
    long[] reading = new long[2]; // lines skipped while reading, rows left out by --where / --exclude-ids
    // The file is read as the rows are explained (and before, to check and count): never held whole.
    ai.lantern.reports.DatasetInsight.RowSource source = sink -> {
      reading[0] = 0;
      reading[1] = ai.lantern.reports.DatasetReader.stream(input, column, a.get("--label-column"),
          a.get("--group-column"), selection, sink, m -> reading[0]++);
    };
    if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
      throw new IllegalArgumentException("--out " + outDir + " is a file; the output is a folder");
    }
    long[] usable = new long[1];
    long leftOut;
    try {
      // Columns, encoding and malformed lines are reported before the model loads.
      leftOut = ai.lantern.reports.DatasetReader.stream(input, column, a.get("--label-column"),
          a.get("--group-column"), selection, r -> usable[0]++, m -> err.println("lantern: skipped " + m));
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("cannot read " + input + ": "
          + ai.lantern.engine.transformers.PathProblems.reason(e), e);
    }
    if (usable[0] == 0) {
      throw new IllegalArgumentException(input + " has no row to explain" + (leftOut > 0 ? ": --where/--exclude-ids "
          + "left out all " + leftOut : ": a header and no usable row") + "; nothing was written");
    }
    ai.lantern.reports.DatasetInsight.Outcome outcome;
    List<String> skipped;
    try (TransformerTextClassifier model = load(a);
        ProgressBar bar = new ProgressBar(err, "rows")) {
      ai.lantern.reports.DatasetInsight insight = ai.lantern.reports.DatasetInsight.builder()
          .setRowExplainer(rowExplainer(a, model)).optSeed(a.get("--seed") == null ? 0 : longArg(a, "--seed"))
          .setOutputDirectory(outDir).optModelName(modelName(a)).optStopWords(stopWords).optTopN(top)
          .optProgressListener(bar).optSettings(datasetSettings(a, excluded)).build();
      outcome = insight.run(source);
      skipped = ai.lantern.reports.DatasetInsight.skippedRows(outDir.resolve(
          ai.lantern.reports.DatasetInsight.EXPLANATIONS));
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("cannot write to " + outDir + ": "
          + ai.lantern.engine.transformers.PathProblems.reason(e) + " (" + e.getMessage() + ")", e);
    }
    skipped.stream().limit(20).forEach(m -> err.println("lantern: not explained, " + m));
    if (skipped.size() > 20) {
      err.println("lantern: ... and " + (skipped.size() - 20) + " more rows not explained (\"error\" in "
          + ai.lantern.reports.DatasetInsight.EXPLANATIONS + ")");
    }
    if (a.get("--pick") != null) {
      pick(outDir, Methods.atLeast(a, "--pick", 1));
    }
    out.printf("%d rows explained (%d skipped while reading, %d not explainable%s; %d explained now, %d before); %s%n",
        outcome.rows() - outcome.notExplained(), reading[0], outcome.notExplained(), reading[1] > 0 || !selection.equals(
            ai.lantern.reports.DatasetReader.Selection.ALL) ? ", " + reading[1] + " left out by --where/--exclude-ids"
            : "", outcome.explained(), outcome.resumed(), outDir.resolve("summary.html"));
    List<ai.lantern.reports.DatasetInsight.WordStats> stats = outcome.words();
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

  /** The non-blank lines of a UTF-8 file, trimmed; the message of the exception names the file. */
  private static List<String> lines(Path file) throws java.io.IOException {
    try {
      return Files.readAllLines(file).stream().map(String::trim).filter(w -> !w.isEmpty()).toList();
    } catch (java.io.IOException e) {
      throw new java.io.IOException(file.toString(), e);
    }
  }

  /**
   * SP-LIME over the run's explanations: the rows that together cover the most important words,
   * printed and written as {@code picked.html} in the output folder.
   */
  private void pick(Path outDir, int budget) {
    List<ai.lantern.reports.DatasetInsight.ExplainedRow> rows;
    try {
      rows = ai.lantern.reports.DatasetInsight.explainedRows(outDir.resolve(
          ai.lantern.reports.DatasetInsight.EXPLANATIONS));
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("cannot read the explanations in " + outDir + ": "
          + ai.lantern.engine.transformers.PathProblems.reason(e), e);
    }
    if (rows.isEmpty()) {
      err.println("lantern: nothing to pick from: no row was explained");
      return;
    }
    List<Explanation> explanations = rows.stream().map(ai.lantern.reports.DatasetInsight.ExplainedRow::explanation)
        .toList();
    ai.lantern.explainers.pick.SubmodularPick.Pick p = ai.lantern.explainers.pick.SubmodularPick.pick(explanations,
        budget);
    ai.lantern.reports.HtmlReport page = new ai.lantern.reports.HtmlReport("Lantern: " + p.picked().size()
        + " explanations that cover the data set (SP-LIME)");
    out.printf("%nSP-LIME: %d of %d explanations cover the most important words (coverage %.3f):%n",
        p.picked().size(), explanations.size(), p.coverage());
    List<String> names = new java.util.ArrayList<>();
    List<String> pickedTexts = new java.util.ArrayList<>();
    List<Explanation> pickedExplanations = new java.util.ArrayList<>();
    for (int i : p.picked()) {
      ai.lantern.reports.DatasetInsight.ExplainedRow row = rows.get(i);
      String text = row.text();
      out.printf("  line %d  %s %.3f  \"%s\"%n", row.line(), row.explanation().prediction().label(),
          row.explanation().prediction().probability(),
          printable(text.length() <= 70 ? text : text.substring(0, 67) + "..."));
      names.add("line " + row.line());
      pickedTexts.add(text);
      pickedExplanations.add(row.explanation());
    }
    // The picked rows by their line first, then each one's full explanation.
    page.addComparison("Picked rows, in pick order", names, pickedTexts, pickedExplanations);
    for (int i : p.picked()) {
      page.add(rows.get(i).text(), rows.get(i).explanation(), rows.get(i).trueLabel());
    }
    Path file = outDir.resolve("picked.html");
    try {
      page.write(file);
    } catch (java.io.IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": "
          + ai.lantern.engine.transformers.PathProblems.reason(e), e);
    }
    err.println("picked: " + file.toAbsolutePath());
  }

  /** What makes two explain-dataset runs the same run: a resume with other values is refused. */
  static Map<String, String> datasetSettings(Args a, Set<String> excludedIds) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("model", modelName(a));
    m.put("method", a.get("--method") == null ? "lime" : Methods.canonical(a.get("--method")));
    for (String option : List.of("--features", "--samples", "--seed", "--label", "--label-column", "--column",
        "--num-features", "--group-column", "--feature-selection", "--max-evals", "--window", "--stride", "--steps",
        "--integration", "--internal-batch-size", "--deadline", "--max-forward-passes", "--id-column")) {
      if (a.get(option) != null) {
        m.put(option.substring(2), a.get(option));
      }
    }
    if (!a.all("--where").isEmpty()) {
      m.put("where", String.join(" AND ", a.all("--where")));
    }
    if (!excludedIds.isEmpty()) {
      m.put("exclude-ids", excludedIds.size() + " ids, SHA-256 " + sha256(new java.util.TreeSet<>(excludedIds)));
    }
    return m;
  }

  private static String sha256(java.util.SortedSet<String> ids) {
    try {
      java.security.MessageDigest d = java.security.MessageDigest.getInstance("SHA-256");
      ids.forEach(id -> d.update((id + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      return java.util.HexFormat.of().formatHex(d.digest()).substring(0, 16);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
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
}
