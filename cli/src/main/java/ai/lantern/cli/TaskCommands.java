package ai.lantern.cli;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.IntegrationMethod;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.PerturbationExplainer;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code explain --task pair|zero-shot|token|qa}: the task explainers from the command line. */
class TaskCommands extends CommandBase {
  TaskCommands(PrintStream out, PrintStream err, java.io.InputStream in) {
    super(out, err, in);
  }


  static final List<String> TASKS = List.of("sequence", "multilabel", "pair", "zero-shot", "token", "qa");

  static boolean multiLabel(Args a) {
    String task = a.get("--task") == null ? "sequence" : a.get("--task");
    if (!TASKS.contains(task)) {
      throw new Args.UsageException("unknown --task '" + task + "'; tasks: " + TASKS);
    }
    return task.equals("multilabel");
  }

  /** Options that belong to one task are refused with any other. */
  static void checkTaskOptions(Args a, String task) {
    if (!TASKS.contains(task)) {
      throw new Args.UsageException("unknown --task '" + task + "'; tasks: " + TASKS);
    }
    onlyWith(a, "--task", task, "--pair", "pair", "--flip", "pair", "--labels", "zero-shot", "--template", "zero-shot",
        "--multi-label", "zero-shot", "--ignore-labels", "token", "--question", "qa");
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
  static LayerIntegratedGradients.Builder ligOptions(Args a, LayerIntegratedGradients.Builder b) {
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

  static void requireLig(String method, String task) {
    if (!method.equals("lig")) {
      throw new Args.UsageException("--task " + task + " needs --method lig" + (task.equals("qa") ? ""
          : " or one of " + Methods.PERTURBATION) + "; got '" + method + "'");
    }
  }

  /** Whether a task's explanation perturbs (true) or integrates gradients (false). */
  static boolean lime(String method, String task) {
    if (Methods.perturbation(method)) {
      return true;
    }
    requireLig(method, task);
    return false;
  }

  /** The perturbation method's settings from the command line (the classifier comes from the task). */
  static PerturbationExplainer limeSettings(Args a) {
    return Methods.build(a, Methods.canonical(a.get("--method")), null, null);
  }

  static long seed(Args a) {
    return a.get("--seed") == null ? 0 : longArg(a, "--seed");
  }

  static ai.lantern.explainers.text.SubwordPerturber.Granularity granularity(Args a,
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

  int explainZeroShot(Args a, String text, String method) {
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

  int explainTokens(Args a, String text, String method) {
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

  int explainAnswer(Args a, String context, String method) {
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

  int explainPair(Args a, String text, String method) {
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
}
