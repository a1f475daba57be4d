package ai.lantern.benchmarks;

import ai.lantern.core.Explanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Dynamic int8 against float32: prediction speed, held-out accuracy (or agreement of predictions,
 * for the random-weight BERT-base), and how often LIME's top-5 features agree. Generate the int8
 * twins first: {@code /usr/bin/python3 tools/fixtures/make_quantized.py SRC OUT} for
 * {@code models/agnews-tiny} and {@code benchmarks/models/bert-base-random} (sst2-tiny-int8 is
 * committed).
 *
 * <pre>benchmarks/run --main QuantizationReport MODEL [TEXTS] [LIME_TEXTS] [LIME_SAMPLES]</pre>
 */
public final class QuantizationReport {
  private QuantizationReport() {}

  public static void main(String[] args) {
    String name = args.length > 0 ? args[0] : "sst2-tiny";
    int texts = args.length > 1 ? Integer.parseInt(args[1]) : 872;
    int limeTexts = args.length > 2 ? Integer.parseInt(args[2]) : 20;
    int limeSamples = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
    List<String[]> rows = name.startsWith("agnews") ? SharedData.agnewsTest() : SharedData.sst2Test();
    rows = rows.subList(0, Math.min(texts, rows.size()));
    List<String> inputs = rows.stream().map(r -> r[0]).toList();
    Path fp32 = BenchmarkModels.path(name);
    Path int8 = int8(name);
    try (PyTorchTextClassifier a = PyTorchTextClassifier.load(fp32);
        PyTorchTextClassifier b = PyTorchTextClassifier.load(int8)) {
      double speedA = textsPerSecond(a, inputs);
      double speedB = textsPerSecond(b, inputs);
      double[][] pa = a.predictProbabilities(inputs);
      double[][] pb = b.predictProbabilities(inputs);
      int correctA = 0;
      int correctB = 0;
      int agree = 0;
      for (int i = 0; i < inputs.size(); i++) {
        int ia = argmax(pa[i]);
        int ib = argmax(pb[i]);
        agree += ia == ib ? 1 : 0;
        correctA += a.labels().get(ia).equals(rows.get(i)[1]) ? 1 : 0;
        correctB += b.labels().get(ib).equals(rows.get(i)[1]) ? 1 : 0;
      }
      System.out.printf("%s: float32 %.0f texts/s, int8 %.0f texts/s (x%.2f); predictions agree %d/%d",
          name, speedA, speedB, speedB / speedA, agree, inputs.size());
      if (!name.startsWith("bert-base")) {
        System.out.printf("; accuracy float32 %.4f, int8 %.4f", correctA / (double) inputs.size(),
            correctB / (double) inputs.size());
      }
      System.out.println();
      LimeTextExplainer la = LimeTextExplainer.builder().setClassifier(a).optNumSamples(limeSamples).build();
      int same = 0;
      double overlap = 0;
      long msA = 0;
      long msB = 0;
      for (int i = 0; i < limeTexts; i++) {
        String text = inputs.get(i * 13 % inputs.size());
        Explanation ea = la.explain(text, i);
        Explanation eb = LimeTextExplainer.builder().setClassifier(b).optNumSamples(limeSamples)
            .optLabelIndices(ea.targets().get(0).index()).build().explain(text, i);
        msA += ea.diagnostics().elapsed().toMillis();
        msB += eb.diagnostics().elapsed().toMillis();
        Set<String> ta = EarlyStoppingReport.top5(ea, false);
        Set<String> tb = EarlyStoppingReport.top5(eb, false);
        same += ta.equals(tb) ? 1 : 0;
        overlap += ta.stream().filter(tb::contains).count() / (double) ta.size();
      }
      System.out.printf("%s LIME (%d samples, %d texts, same class explained): top-5 identical %d/%d, mean overlap "
          + "%.1f%%; time float32 %d ms, int8 %d ms%n", name, limeSamples, limeTexts, same, limeTexts,
          100 * overlap / limeTexts, msA, msB);
    }
  }

  private static Path int8(String name) {
    Path committed = Path.of(System.getProperty("lantern.models.dir", "models"), name + "-int8");
    if (Files.isDirectory(committed)) {
      return committed;
    }
    Path generated = Path.of(System.getProperty("lantern.benchmark.models", "benchmarks/models"),
        (name.equals("bert-base") ? "bert-base-random" : name) + "-int8");
    if (!Files.isDirectory(generated)) {
      throw new IllegalStateException(generated + " is missing: /usr/bin/python3 tools/fixtures/make_quantized.py");
    }
    return generated;
  }

  private static double textsPerSecond(PyTorchTextClassifier m, List<String> texts) {
    List<String> sample = texts.subList(0, Math.min(256, texts.size()));
    m.predictProbabilities(sample);
    double[] rates = new double[3];
    for (int r = 0; r < rates.length; r++) {
      long t0 = System.nanoTime();
      m.predictProbabilities(sample);
      rates[r] = sample.size() / ((System.nanoTime() - t0) / 1e9);
    }
    Arrays.sort(rates);
    return rates[1];
  }

  private static int argmax(double[] p) {
    int best = 0;
    for (int i = 1; i < p.length; i++) {
      if (p[i] > p[best]) {
        best = i;
      }
    }
    return best;
  }
}
