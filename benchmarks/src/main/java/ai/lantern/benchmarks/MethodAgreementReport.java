package ai.lantern.benchmarks;

import ai.lantern.core.Classifier;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.explainers.compare.RankAgreement;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.occlusion.Occlusion;
import ai.lantern.explainers.shapley.KernelShap;
import ai.lantern.explainers.shapley.PartitionShap;
import ai.lantern.explainers.text.SubwordPerturber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What each method costs and how far its top 5 agrees with the reference, on the same words
 * (the tokenizer's whole words, removed when hidden) and the predicted class:
 *
 * <ol>
 *   <li>the 40-word review: forward passes and time of each method (faithfulness off), and its
 *       top-5 overlap with 5,000-sample LIME;
 *   <li>SST-2 test sentences of 10 to 14 words (where 2^M coalitions can be enumerated): the top-5
 *       overlap of each method with the exact Shapley values, averaged.
 * </ol>
 *
 * <pre>benchmarks/run --main MethodAgreementReport sst2-tiny 20</pre>
 */
public final class MethodAgreementReport {
  private MethodAgreementReport() {}

  public static void main(String[] args) {
    String modelName = args.length > 0 ? args[0] : "sst2-tiny";
    int texts = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(BenchmarkModels.path(modelName))) {
      Classifier<TokenIds> onIds = SubwordPerturber.onTokenIds(model);
      PerturbationSpace<TokenIds> forty = space(model, BenchmarkModels.FORTY_WORDS);
      String label = model.predict(BenchmarkModels.FORTY_WORDS).label();
      System.out.printf(Locale.ROOT, "%s, 40-word review (%d features), class %s%n", modelName, forty.size(), label);
      Map<String, PerturbationExplainer> methods = methods(label);
      if (modelName.startsWith("bert-base")) {
        // A BERT-base input costs ~100 times a fixture's: the reference and the default of each method.
        methods.keySet().retainAll(List.of("lime-5000", "kernel-shap-default", "partition-shap-500", "occlusion"));
      }
      methods.get("occlusion").explain(forty, onIds, 0); // warm-up
      double[] reference = null;
      System.out.printf(Locale.ROOT, "%-22s %10s %10s %12s%n", "method", "passes", "ms", "top5 vs LIME5000");
      record Row(String method, long passes, long millis, double[] scores) {}
      List<Row> rows = new ArrayList<>();
      for (Map.Entry<String, PerturbationExplainer> m : methods.entrySet()) {
        long t0 = System.nanoTime();
        Explanation e = m.getValue().explain(forty, onIds, 0);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        rows.add(new Row(m.getKey(), e.diagnostics().forwardPasses(), ms, scores(e, forty.size())));
        if (m.getKey().equals("lime-5000")) {
          reference = rows.get(rows.size() - 1).scores();
        }
      }
      for (Row r : rows) {
        System.out.printf(Locale.ROOT, "%-22s %10d %10d %12.2f%n", r.method(), r.passes(), r.millis(),
            RankAgreement.topKOverlap(r.scores(), reference, 5));
      }

      if (texts <= 0) {
        return;
      }
      Map<String, double[]> agreement = new LinkedHashMap<>();
      int used = 0;
      for (String[] row : SharedData.sst2Test()) {
        if (used >= texts) {
          break;
        }
        PerturbationSpace<TokenIds> space = space(model, row[0]);
        if (space.size() < 10 || space.size() > 14) {
          continue;
        }
        used++;
        String target = model.predict(row[0]).label();
        double[] exact = scores(KernelShap.builder().optLabels(target).optNumSamples((1L << space.size()) - 2)
            .optFaithfulness(false).build().explain(space, onIds, 0), space.size());
        for (Map.Entry<String, PerturbationExplainer> m : methods(target).entrySet()) {
          double[] s = scores(m.getValue().explain(space, onIds, used), space.size());
          agreement.computeIfAbsent(m.getKey(), k -> new double[2]);
          agreement.get(m.getKey())[0] += RankAgreement.topKOverlap(s, exact, 5);
          agreement.get(m.getKey())[1] += RankAgreement.kendallTauB(s, exact);
        }
      }
      System.out.printf(Locale.ROOT, "%n%d SST-2 test sentences of 10-14 words: agreement with exact Shapley values%n",
          used);
      System.out.printf(Locale.ROOT, "%-22s %12s %12s%n", "method", "top-5 overlap", "Kendall tau");
      for (Map.Entry<String, double[]> a : agreement.entrySet()) {
        System.out.printf(Locale.ROOT, "%-22s %12.3f %12.3f%n", a.getKey(), a.getValue()[0] / used,
            a.getValue()[1] / used);
      }
    }
  }

  private static Map<String, PerturbationExplainer> methods(String label) {
    Map<String, PerturbationExplainer> m = new LinkedHashMap<>();
    for (int n : new int[] {5000, 500, 1000, 2000}) {
      m.put("lime-" + n, LimeTextExplainer.builder().optNumSamples(n).optNumFeatures(1000).optLabels(label)
          .optFaithfulness(false).build());
    }
    m.put("kernel-shap-default", KernelShap.builder().optLabels(label).optFaithfulness(false).build());
    m.put("kernel-shap-500", KernelShap.builder().optNumSamples(500).optLabels(label).optFaithfulness(false).build());
    m.put("partition-shap-500", PartitionShap.builder().optLabels(label).optFaithfulness(false).build());
    m.put("partition-shap-100", PartitionShap.builder().optMaxEvals(100).optLabels(label).optFaithfulness(false)
        .build());
    m.put("occlusion", Occlusion.builder().optLabels(label).optFaithfulness(false).build());
    return m;
  }

  private static PerturbationSpace<TokenIds> space(PyTorchTextClassifier model, String text) {
    return SubwordPerturber.featurize(model.tokenize(text), SubwordPerturber.Granularity.WHOLE_WORD, -1);
  }

  private static double[] scores(Explanation e, int n) {
    double[] s = new double[n];
    for (FeatureAttribution a : e.targets().get(0).attributions()) {
      s[a.feature().index()] = a.score();
    }
    return s;
  }
}
