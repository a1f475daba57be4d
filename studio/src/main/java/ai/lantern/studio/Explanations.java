package ai.lantern.studio;

import ai.lantern.core.Budget;
import ai.lantern.core.CostEstimate;
import ai.lantern.core.Explanation;
import ai.lantern.core.ProgressListener;
import ai.lantern.explainers.BudgetedBuilder;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.occlusion.Occlusion;
import ai.lantern.explainers.shapley.KernelShap;
import ai.lantern.explainers.shapley.PartitionShap;
import ai.lantern.reports.ExplanationJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The library's explainers, set up from a request: the studio's only contact with the methods. */
final class Explanations {
  private Explanations() {}

  /** The expected cost before running. */
  static CostEstimate estimate(StudioModel model, ExplainRequest r) {
    String text = r.pair() == null ? r.text() : r.text() + " " + r.pair();
    CostEstimate one = r.method().equals("lig") ? lig(model, r, new StopSwitch(), ProgressListener.NONE).estimate(text)
        : perturbation(model, r, new StopSwitch(), ProgressListener.NONE).estimate(text);
    if (r.task().equals("pair")) {
      return new CostEstimate(one.forwardPasses(), one.expected(), one.basis() + "; both texts counted as one, "
          + "approximately");
    }
    int n = r.candidateLabels().size();
    if (n <= 1) {
      return one;
    }
    return new CostEstimate(one.forwardPasses() * n, one.expected().multipliedBy(n), one.basis() + "; times " + n
        + " candidate labels, approximately");
  }

  /**
   * Explains a run's text; a stopped run ends after its current batch with what it has, marked
   * stopped (so partial) with a warning saying who stopped it.
   */
  static Explanation explain(Run run) {
    ExplainRequest r = run.request;
    ProgressListener progress = p -> run.progress = p;
    Explanation e = switch (r.task()) {
      case "pair" -> {
        ai.lantern.explainers.tasks.PairClassificationExplainer p = ai.lantern.explainers.tasks
            .PairClassificationExplainer.builder().setModel(gradients(run.model))
            .optLayerIntegratedGradients(r.method().equals("lig") ? lig(run.model, r, run.stopSwitch, progress) : null)
            .build();
        ai.lantern.core.TextPair pair = new ai.lantern.core.TextPair(r.text(), r.pair());
        yield r.method().equals("lig") ? p.explain(pair).asWordExplanation(true)
            : p.explainWith(pair, perturbation(run.model, r, run.stopSwitch, progress), r.seed());
      }
      case "zero-shot" -> {
        ai.lantern.explainers.tasks.ZeroShotClassificationExplainer.Builder b = ai.lantern.explainers.tasks
            .ZeroShotClassificationExplainer.builder().setModel(gradients(run.model))
            .optLayerIntegratedGradients(r.method().equals("lig") ? lig(run.model, r, run.stopSwitch, progress) : null);
        if (r.template() != null) {
          b.optHypothesisTemplate(r.template());
        }
        ai.lantern.core.ZeroShotInput input = new ai.lantern.core.ZeroShotInput(r.text(), r.candidateLabels());
        yield r.method().equals("lig") ? b.build().explain(input)
            : b.build().explainWith(input, perturbation(run.model, r, run.stopSwitch, progress), r.seed());
      }
      default -> r.method().equals("lig") ? lig(run.model, r, run.stopSwitch, progress).explain(r.text())
          .asWordExplanation(true) : perturbation(run.model, r, run.stopSwitch, progress).explain(r.text());
    };
    // A Stop that came after the method had drawn everything changes nothing.
    if (e.diagnostics().stop() != ai.lantern.core.StopReason.STOPPED) {
      return e;
    }
    return new Explanation(e.method(), e.prediction(), e.targets(), e.diagnostics().withWarnings(
        List.of("stopped by the user: a partial result from the samples drawn before the stop")));
  }

  /** The command line's JSON of an explanation, with the text and the run. */
  static Map<String, Object> json(Run run, Explanation e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", run.id);
    m.put("text", run.request.text());
    m.put("stopped", e.diagnostics().stop() == ai.lantern.core.StopReason.STOPPED);
    m.put("task", run.request.task());
    if (run.request.pair() != null) {
      m.put("pair", run.request.pair());
    }
    m.putAll(ExplanationJson.toMap(e, run.model.path()));
    return m;
  }

  private static <B extends BudgetedBuilder<B>> B common(B b, ExplainRequest r, StopSwitch stop,
      ProgressListener progress) {
    return b.optBudget(new Budget(r.deadline(), 0)).optStopSignal(stop).optProgressListener(progress);
  }

  private static LayerIntegratedGradients lig(StudioModel model, ExplainRequest r, StopSwitch stop,
      ProgressListener progress) {
    if (r.samples() > 0 || r.maxEvals() > 0 || r.numFeatures() > 0) {
      throw new IllegalArgumentException("samples, maxEvals and numFeatures do not apply to lig (steps does)");
    }
    if (!model.classifier().isGradientReady()) {
      throw new IllegalArgumentException("model " + model.id() + " gives no gradients (an ONNX export): "
          + "Integrated Gradients needs them; choose a perturbation method");
    }
    LayerIntegratedGradients.Builder b = common(LayerIntegratedGradients.builder().setModel(gradients(model)), r,
        stop, progress);
    if (r.steps() > 0) {
      b.optSteps(r.steps());
    }
    if (r.label() != null) {
      b.optTarget(r.label());
    }
    return b.build();
  }

  /** The model as the task explainers take it; black-box methods work on any, IG needs gradients. */
  private static ai.lantern.core.GradientTextClassifier gradients(StudioModel model) {
    return model.classifier();
  }


  private static PerturbationExplainer perturbation(StudioModel model, ExplainRequest r, StopSwitch stop,
      ProgressListener progress) {
    String m = r.method();
    if (r.steps() > 0) {
      throw new IllegalArgumentException("steps applies to lig, not " + m);
    }
    if (r.samples() > 0 && !m.equals("lime") && !m.equals("kernel-shap")) {
      throw new IllegalArgumentException("samples applies to lime and kernel-shap, not " + m);
    }
    if (r.maxEvals() > 0 && !m.equals("partition-shap")) {
      throw new IllegalArgumentException("maxEvals applies to partition-shap, not " + m);
    }
    if (r.numFeatures() > 0 && !m.equals("lime")) {
      throw new IllegalArgumentException("numFeatures applies to lime, not " + m);
    }
    PerturbationExplainer.Builder<?> b = switch (m) {
      case "lime" -> {
        LimeTextExplainer.Builder l = LimeTextExplainer.builder();
        if (r.samples() > 0) {
          l.optNumSamples(r.samples());
        }
        if (r.numFeatures() > 0) {
          l.optNumFeatures(r.numFeatures());
        }
        yield l;
      }
      case "kernel-shap" -> {
        KernelShap.Builder k = KernelShap.builder();
        if (r.samples() > 0) {
          k.optNumSamples(r.samples());
        }
        yield k;
      }
      case "partition-shap" -> {
        PartitionShap.Builder p = PartitionShap.builder();
        if (r.maxEvals() > 0) {
          p.optMaxEvals(r.maxEvals());
        }
        yield p;
      }
      default -> Occlusion.builder();
    };
    b.optBudget(new Budget(r.deadline(), 0));
    b.optStopSignal(stop);
    b.optProgressListener(progress);
    b.setClassifier(model.classifier());
    b.optSeed(r.seed());
    if (r.label() != null) {
      b.optLabels(r.label());
    }
    if (r.candidateLabels().size() > 1) {
      b.optTopLabels(r.candidateLabels().size()); // zero-shot: every candidate, as IG does
    }
    return b.build();
  }
}
