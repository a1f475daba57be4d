package ai.lantern.cli;

import ai.lantern.core.Comparison;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import ai.lantern.explainers.compare.MethodComparator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code lantern compare}: every method on one text and class, side by side. */
final class CompareCommand {
  private final PrintStream out;
  private final PrintStream err;

  CompareCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  int run(Args a) {
    if (a.get("--image") != null) {
      throw new Args.UsageException("compare serves texts; explain an image with: explain --image FILE");
    }
    String text = a.require("--text");
    if (a.get("--report") != null && a.has("--no-report")) {
      throw new Args.UsageException("give --report FILE or --no-report, not both");
    }
    String modelName = CommandBase.modelName(a);
    Comparison c;
    try (TransformerTextClassifier model = CommandBase.load(a)) {
      MethodComparator.Builder b = MethodComparator.builder().setClassifier(model).optBudget(CommandBase.budget(a));
      if (a.get("--methods") != null) {
        List<String> methods = Arrays.stream(a.get("--methods").split(",", -1)).map(String::trim).toList();
        for (String m : methods) {
          if (!MethodComparator.METHODS.contains(m)) {
            throw new Args.UsageException("--methods: unknown method '" + m + "'; methods: " + MethodComparator.METHODS);
          }
        }
        b.optMethods(methods.toArray(String[]::new));
      }
      if (a.get("--label") != null) {
        b.optLabel(a.get("--label"));
      }
      if (a.get("--top") != null) {
        int top = CommandBase.intArg(a, "--top");
        if (top < 1) {
          throw new Args.UsageException("--top must be at least 1, got " + top);
        }
        b.optTopK(top);
      }
      if (a.get("--samples") != null) {
        int samples = CommandBase.intArg(a, "--samples");
        if (samples < 2) {
          throw new Args.UsageException("--samples (LIME's) must be at least 2, got " + samples);
        }
        b.optLimeSamples(samples);
      }
      if (a.get("--seed") != null) {
        b.optSeed(CommandBase.longArg(a, "--seed"));
      }
      c = b.build().compare(text);
    }
    if (a.has("--json")) {
      out.println(CommandBase.gson().toJson(json(c, modelName)));
    } else {
      var p = c.methods().get(0).explanation().prediction();
      out.printf("%s  %.4f   (%s); explained: %s%n%n", p.label(), p.probability(), modelName,
          c.methods().get(0).target().label());
      out.print(c);
    }
    if (!a.has("--no-report")) {
      Path file = Path.of(a.get("--report") == null ? "lantern-report.html" : a.get("--report"));
      try {
        new ai.lantern.reports.HtmlReport("Lantern: methods compared").addMethodComparison(c).write(file);
      } catch (IOException ex) {
        throw new UncheckedIOException("cannot write the report " + file + ": " + ex.getMessage(), ex);
      }
      err.println("report: " + file.toAbsolutePath());
    }
    return 0;
  }

  private static Map<String, Object> json(Comparison c, String modelName) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("model", modelName);
    json.put("text", c.text());
    json.put("topK", c.topK());
    List<Object> methods = new ArrayList<>();
    for (Comparison.Method m : c.methods()) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("name", m.name());
      e.putAll(ai.lantern.reports.ExplanationJson.toMap(m.explanation(), modelName));
      methods.add(e);
    }
    json.put("methods", methods);
    List<Object> agreements = new ArrayList<>();
    for (Comparison.Agreement x : c.agreements()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("first", x.first());
      m.put("second", x.second());
      m.put("kendallTau", Double.isNaN(x.kendallTau()) ? null : x.kendallTau());
      m.put("topKOverlap", x.topKOverlap());
      agreements.add(m);
    }
    json.put("agreements", agreements);
    return json;
  }
}
