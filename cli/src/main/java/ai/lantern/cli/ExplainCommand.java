package ai.lantern.cli;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import ai.lantern.explainers.gradient.Baseline;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.PerturbationExplainer;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code lantern explain}: one text, any method, any task. */
final class ExplainCommand extends TaskCommands {
  ExplainCommand(PrintStream out, PrintStream err, java.io.InputStream in) {
    super(out, err, in);
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

  int explainLig(Args a, String text) {
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
        if (a.has("--windows")) {
          return printWindows(a, ai.lantern.explainers.tasks.SequenceClassificationExplainer.builder().setModel(model)
              .optLayerIntegratedGradients(lig).build().explainWindows(text, 128), modelName);
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

  /** A long text window by window: each window's prediction and words, spans in the whole text. */
  private int printWindows(Args a, List<IntegratedGradientsExplanation> windows, String modelName) {
    if (a.has("--json")) {
      List<Object> all = new java.util.ArrayList<>();
      for (IntegratedGradientsExplanation w : windows) {
        all.add(ExplanationJson.of(w, modelName, a.has("--raw")));
      }
      out.println(gson().toJson(Map.of("windows", all)));
      return 0;
    }
    for (int i = 0; i < windows.size(); i++) {
      IntegratedGradientsExplanation w = windows.get(i);
      int from = w.words().isEmpty() ? 0 : w.words().get(0).span().start();
      int to = w.words().isEmpty() ? 0 : w.words().get(w.words().size() - 1).span().end();
      out.printf("%nwindow %d of %d (characters %d-%d): %s %.4f; why %s, by word:%n", i + 1, windows.size(), from, to,
          w.prediction().label(), w.prediction().probability(), w.label());
      double norm = a.has("--raw") || w.norm() == 0 ? 1 : w.norm();
      printBars(w.words().stream().map(x -> new FeatureAttribution(x.feature(), x.score() / norm))
          .sorted((x, y) -> Double.compare(Math.abs(y.score()), Math.abs(x.score()))).limit(8).toList(), false);
    }
    return 0;
  }
}
