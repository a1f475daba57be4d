package ai.lantern.benchmarks;

import ai.lantern.core.Explanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How often LIME with early stopping (top-5 stable with signs for 3 chunks of 256 samples) keeps
 * the top-5 features of a full 5,000-sample run with the same seed, and how many samples it
 * saves, on held-out SST-2 and AG News texts.
 *
 * <pre>benchmarks/run --main EarlyStoppingReport [TEXTS_PER_MODEL]</pre>
 */
public final class EarlyStoppingReport {
  private EarlyStoppingReport() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    report("sst2-tiny", SharedData.sst2Test(), n);
    report("agnews-tiny", SharedData.agnewsTest(), n);
  }

  static void report(String name, List<String[]> rows, int n) {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(BenchmarkModels.path(name))) {
      LimeTextExplainer full = LimeTextExplainer.builder().setClassifier(model).build();
      LimeTextExplainer early = LimeTextExplainer.builder().setClassifier(model).optEarlyStopping(5, 3).build();
      int same = 0;
      int sameWithSigns = 0;
      double overlap = 0;
      long samples = 0;
      long fullMillis = 0;
      long earlyMillis = 0;
      int used = 0;
      for (int i = 0; used < n && i < rows.size(); i++) {
        String text = rows.get(i * 7 % rows.size())[0];
        if (text.split("\\W+").length < 6) {
          continue;
        }
        used++;
        Explanation a = full.explain(text, i);
        Explanation b = early.explain(text, i);
        Set<String> ta = top5(a, false);
        Set<String> tb = top5(b, false);
        same += ta.equals(tb) ? 1 : 0;
        sameWithSigns += top5(a, true).equals(top5(b, true)) ? 1 : 0;
        overlap += ta.stream().filter(tb::contains).count() / (double) ta.size();
        samples += b.diagnostics().samples();
        fullMillis += a.diagnostics().elapsed().toMillis();
        earlyMillis += b.diagnostics().elapsed().toMillis();
      }
      System.out.printf("%s, %d texts: top-5 set identical %d/%d (with signs %d/%d), mean overlap %.1f%%; "
          + "samples used %.0f of 5000 on average (%.0f%% saved); time %d ms vs %d ms%n", name, used, same, used,
          sameWithSigns, used, 100 * overlap / used, samples / (double) used, 100 - 100 * samples / (5000.0 * used),
          earlyMillis, fullMillis);
    }
  }

  static Set<String> top5(Explanation e, boolean signs) {
    return e.targets().get(0).byMagnitude().stream().limit(5)
        .map(a -> a.feature().index() + (signs ? (a.score() >= 0 ? "+" : "-") : ""))
        .collect(Collectors.toSet());
  }

}
