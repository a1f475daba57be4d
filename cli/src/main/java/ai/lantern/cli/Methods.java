package ai.lantern.cli;

import ai.lantern.core.Explanation;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TextClassifier;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.explainers.lime.FeatureSelection;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.occlusion.Occlusion;
import ai.lantern.explainers.shapley.KernelShap;
import ai.lantern.explainers.shapley.PartitionShap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The explanation methods of the command line, the options each owns, and the perturbation
 * methods built from them: one place, so that an option given to a method that ignores it is
 * refused by name.
 */
final class Methods {
  /** Methods that perturb the input (they share features, labels, seed, budget, faithfulness). */
  static final List<String> PERTURBATION = List.of("lime", "kernel-shap", "partition-shap", "occlusion");
  /** Every method, as {@code --method} accepts it ({@code shap} is {@code partition-shap}, SHAP's default). */
  static final List<String> ALL = List.of("lime", "lig", "kernel-shap", "partition-shap", "shap", "occlusion");

  /** Option → the methods it applies to. */
  private static final Map<String, Set<String>> OWNERS = new LinkedHashMap<>();

  static {
    OWNERS.put("--samples", Set.of("lime", "kernel-shap"));
    OWNERS.put("--num-features", Set.of("lime"));
    OWNERS.put("--feature-selection", Set.of("lime"));
    OWNERS.put("--numpy-compatible", Set.of("lime"));
    OWNERS.put("--max-evals", Set.of("partition-shap"));
    OWNERS.put("--window", Set.of("occlusion"));
    OWNERS.put("--stride", Set.of("occlusion"));
    OWNERS.put("--seed", Set.of("lime", "kernel-shap"));
    OWNERS.put("--no-faithfulness", Set.of("lime", "kernel-shap", "partition-shap", "occlusion", "lig"));
    OWNERS.put("--steps", Set.of("lig"));
    OWNERS.put("--integration", Set.of("lig"));
    OWNERS.put("--internal-batch-size", Set.of("lig"));
    OWNERS.put("--baseline-token", Set.of("lig"));
    OWNERS.put("--raw", Set.of("lig"));
    OWNERS.put("--windows", Set.of("lig"));
    OWNERS.put("--flip", Set.of("lig"));
  }

  private Methods() {}

  /** The method's canonical name. */
  static String canonical(String method) {
    if (method == null) {
      return "lime";
    }
    if (!ALL.contains(method)) {
      throw new Args.UsageException("unknown method '" + method + "'; methods: " + ALL);
    }
    return method.equals("shap") ? "partition-shap" : method;
  }

  static boolean perturbation(String method) {
    return PERTURBATION.contains(method);
  }

  /** Refuses every option of another method than {@code method}. */
  static void checkOptions(Args a, String method) {
    for (Map.Entry<String, Set<String>> o : OWNERS.entrySet()) {
      if ((a.get(o.getKey()) != null || a.has(o.getKey())) && !o.getValue().contains(method)) {
        throw new Args.UsageException(o.getKey() + " applies to --method " + String.join(" or ",
            o.getValue().stream().sorted().toList()) + ", not " + method);
      }
    }
  }

  /**
   * The perturbation method {@code method} with the command line's settings, over
   * {@code classifier} (null: the task explainer gives the model) with {@code features}.
   */
  static PerturbationExplainer build(Args a, String method, TextClassifier classifier,
      PerturbationExplainer.Features features) {
    return build(a, method, classifier, features, b -> { });
  }

  /** As {@link #build(Args, String, TextClassifier, PerturbationExplainer.Features)}, {@code more} set last. */
  static PerturbationExplainer build(Args a, String method, TextClassifier classifier,
      PerturbationExplainer.Features features, java.util.function.Consumer<PerturbationExplainer.Builder<?>> more) {
    PerturbationExplainer.Builder<?> b = switch (method) {
      case "lime" -> {
        LimeTextExplainer.Builder l = LimeTextExplainer.builder().optNumpyCompatible(a.has("--numpy-compatible"));
        if (a.get("--num-features") != null) {
          l.optNumFeatures("all".equals(a.get("--num-features")) ? Integer.MAX_VALUE : atLeast(a, "--num-features", 1));
        }
        if (a.get("--samples") != null) {
          l.optNumSamples(atLeast(a, "--samples", 2));
        }
        if (a.get("--feature-selection") != null) {
          l.optFeatureSelection(FeatureSelection.parse(a.get("--feature-selection")));
        }
        yield l;
      }
      case "kernel-shap" -> {
        KernelShap.Builder k = KernelShap.builder();
        if (a.get("--samples") != null) {
          k.optNumSamples(positive(a, "--samples"));
        }
        yield k;
      }
      case "partition-shap" -> {
        PartitionShap.Builder p = PartitionShap.builder();
        if (a.get("--max-evals") != null) {
          p.optMaxEvals(atLeast(a, "--max-evals", 2));
        }
        yield p;
      }
      case "occlusion" -> {
        Occlusion.Builder o = Occlusion.builder();
        int window = a.get("--window") == null ? 1 : atLeast(a, "--window", 1);
        o.optWindow(window);
        if (a.get("--stride") != null) {
          int stride = atLeast(a, "--stride", 1);
          if (stride > window) {
            throw new Args.UsageException("--stride must lie in 1.." + window + " (--window), got " + stride);
          }
          o.optStride(stride);
        }
        yield o;
      }
      default -> throw new IllegalStateException("not a perturbation method: " + method);
    };
    if (classifier != null) {
      b.setClassifier(classifier);
    }
    if (features != null) {
      b.optFeatures(features);
    }
    if (a.get("--seed") != null) {
      b.optSeed(CommandBase.longArg(a, "--seed"));
    }
    b.optFaithfulness(!a.has("--no-faithfulness")).optBudget(CommandBase.budget(a));
    more.accept(b);
    return b.build();
  }

  /** An integer option of at least {@code min}, refused by its name otherwise. */
  static int atLeast(Args a, String name, int min) {
    int v = CommandBase.intArg(a, name);
    if (v < min) {
      throw new Args.UsageException(name + " must be at least " + min + ", got " + v);
    }
    return v;
  }

  private static long positive(Args a, String name) {
    long v = CommandBase.longArg(a, name);
    if (v < 1) {
      throw new Args.UsageException(name + " must be a positive integer, got " + v);
    }
    return v;
  }

  /** The method's own quality measures of one explained class, for people. */
  static String quality(TargetExplanation t) {
    List<String> parts = new java.util.ArrayList<>();
    t.surrogate().ifPresent(q -> parts.add(String.format(Locale.ROOT, "surrogate R² %.3f, intercept %.4f", q.r2(),
        q.intercept())));
    t.shapley().ifPresent(q -> parts.add(String.format(Locale.ROOT, "f(∅) %.4f, %s", q.baseValue(),
        q.exact() ? "exact" : "estimated")));
    if (t.quality().containsKey("windows")) {
      parts.add(String.format(Locale.ROOT, "%.0f windows", t.quality().get("windows")));
    }
    t.faithfulness().ifPresent(q -> parts.add(String.format(Locale.ROOT, "comprehensiveness %.3f, sufficiency %.3f",
        q.comprehensiveness(), q.sufficiency())));
    return String.join("; ", parts);
  }

  /** The summary line of a perturbation explanation's cost. */
  static String cost(Explanation e) {
    var d = e.diagnostics();
    String unit = switch (e.method()) {
      case "partition-shap" -> "evaluations";
      case "kernel-shap" -> "coalitions";
      case "occlusion" -> "windows";
      default -> "samples";
    };
    return String.format(Locale.ROOT, "%s: %d %s, %d forward passes%s, %d ms%s", e.method().toUpperCase(Locale.ROOT),
        d.samples(), unit, d.forwardPasses(), d.evaluationPasses() > 0 ? " (+" + d.evaluationPasses()
            + " for faithfulness)" : "", d.elapsed().toMillis(), d.seed() == null ? "" : ", seed " + d.seed());
  }
}
