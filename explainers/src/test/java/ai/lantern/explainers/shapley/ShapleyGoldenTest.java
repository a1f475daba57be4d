package ai.lantern.explainers.shapley;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Explanation;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.TargetExplanation;
import ai.lantern.explainers.TestJson;
import ai.lantern.explainers.faithfulness.Faithfulness;
import ai.lantern.explainers.occlusion.Occlusion;
import ai.lantern.explainers.text.WordPerturber;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KernelSHAP, Partition SHAP, occlusion and the faithfulness measures against
 * tools/golden/shapley_golden.py: exact Shapley values and Owen values by enumeration, Captum's
 * occlusion and ferret's AOPC, on a toy classifier whose words interact.
 */
class ShapleyGoldenTest {
  private static final JsonObject GOLDEN = TestJson.read("/golden/shapley/shapley.json");
  private final InteractionToy toy = new InteractionToy(GOLDEN);

  private static double[] scores(TargetExplanation t) {
    return t.attributions().stream().mapToDouble(a -> a.score()).toArray();
  }

  private static List<JsonObject> cases() {
    List<JsonObject> out = new ArrayList<>();
    GOLDEN.getAsJsonArray("cases").forEach(c -> out.add(c.getAsJsonObject()));
    return out;
  }

  @Test
  void kernelShapEnumeratingEveryCoalitionGivesTheExactShapleyValues() {
    KernelShap shap = KernelShap.builder().setClassifier(toy.classifier()).optLabels("POSITIVE").build();
    for (JsonObject c : cases()) {
      String text = c.get("text").getAsString();
      Explanation e = shap.explain(text, 3);
      TargetExplanation t = e.targets().get(0);
      double[] expected = TestJson.doubles(c.getAsJsonArray("shapley"));
      assertEquals(expected.length, t.attributions().size(), text);
      assertArrayEquals(expected, scores(t), 1e-6, text);
      assertEquals(1.0, t.quality().get("exact"), text);
      assertEquals(c.get("fEmpty").getAsDouble(), t.quality().get("baseValue"), 1e-12, text);
      double sum = java.util.Arrays.stream(scores(t)).sum();
      assertEquals(c.get("fx").getAsDouble() - c.get("fEmpty").getAsDouble(), sum, 1e-9, "efficiency: " + text);
      int m = expected.length;
      // Every coalition once, plus f(x) and f(∅), when there are at least two features.
      assertEquals(m == 1 ? 2 : (1L << m), e.diagnostics().forwardPasses(), text);
    }
  }

  @Test
  void sampledKernelShapConvergesToTheShapleyValues() {
    JsonObject c = GOLDEN.getAsJsonObject("sampled");
    String text = c.get("text").getAsString();
    double[] exact = TestJson.doubles(c.getAsJsonArray("shapley"));
    double[] errors = new double[3];
    long[] sizes = {256, 2 * 16 + 2048, 8192};
    for (int s = 0; s < sizes.length; s++) {
      KernelShap shap = KernelShap.builder().setClassifier(toy.classifier()).optLabels("POSITIVE")
          .optNumSamples(sizes[s] == 2 * 16 + 2048 ? 0 : sizes[s]).optFaithfulness(false).build();
      double worst = 0;
      for (long seed = 0; seed < 5; seed++) {
        TargetExplanation t = shap.explain(text, seed).targets().get(0);
        assertEquals(0.0, t.quality().get("exact"));
        double[] phi = scores(t);
        assertEquals(c.get("fx").getAsDouble() - c.get("fEmpty").getAsDouble(),
            java.util.Arrays.stream(phi).sum(), 1e-9, "efficiency holds for sampled values too");
        for (int j = 0; j < exact.length; j++) {
          worst = Math.max(worst, Math.abs(phi[j] - exact[j]));
        }
      }
      errors[s] = worst;
    }
    System.out.printf("KernelSHAP on 16 features, largest error over 5 seeds: %.4f at 256, %.4f at 2080 (default), "
        + "%.4f at 8192 coalitions%n", errors[0], errors[1], errors[2]);
    assertTrue(errors[1] < 0.02, "default sample count error " + errors[1]);
    assertTrue(errors[2] < errors[0], "more coalitions, smaller error: " + java.util.Arrays.toString(errors));
  }

  @Test
  void theTextHierarchyMergesAsTheReference() {
    for (JsonObject c : cases()) {
      String text = c.get("text").getAsString();
      PerturbationSpace<String> space = new WordPerturber(false, "").featurize(text);
      TextHierarchy tree = TextHierarchy.of(space.features(), text, null);
      JsonArray merges = c.getAsJsonArray("merges");
      assertEquals(merges.size(), Math.max(0, space.size() - 1), text);
      for (int k = 0; k < merges.size(); k++) {
        assertEquals(merges.get(k).getAsJsonArray().get(0).getAsInt(), tree.left[k], text + " merge " + k);
        assertEquals(merges.get(k).getAsJsonArray().get(1).getAsInt(), tree.right[k], text + " merge " + k);
      }
    }
  }

  @Test
  void partitionShapExpandingTheWholeTreeGivesTheOwenValues() {
    PartitionShap shap = PartitionShap.builder().setClassifier(toy.classifier()).optLabels("POSITIVE")
        .optMaxEvals(1_000_000).build();
    for (JsonObject c : cases()) {
      String text = c.get("text").getAsString();
      TargetExplanation t = shap.explain(text).targets().get(0);
      assertArrayEquals(TestJson.doubles(c.getAsJsonArray("owen")), scores(t), 1e-6, text);
      assertEquals(1.0, t.quality().get("exact"), text);
    }
  }

  @Test
  void partitionShapSumsToTheDifferenceOfTheEndsWhateverTheBudget() {
    for (int evals : new int[] {2, 4, 10, 500}) {
      PartitionShap shap = PartitionShap.builder().setClassifier(toy.classifier()).optLabels("POSITIVE")
          .optMaxEvals(evals).optBatchSize(1).build();
      for (JsonObject c : cases()) {
        String text = c.get("text").getAsString();
        Explanation e = shap.explain(text);
        double sum = java.util.Arrays.stream(scores(e.targets().get(0))).sum();
        assertEquals(c.get("fx").getAsDouble() - c.get("fEmpty").getAsDouble(), sum, 1e-9, text + " at " + evals);
        assertTrue(e.diagnostics().samples() <= Math.max(evals, 2) + 1, "evaluations " + e.diagnostics().samples());
      }
    }
  }

  @Test
  void occlusionEqualsCaptumsDefinition() {
    Occlusion loo = Occlusion.builder().setClassifier(toy.classifier()).optLabels("POSITIVE").build();
    Occlusion windows = Occlusion.builder().setClassifier(toy.classifier()).optLabels("POSITIVE").optWindow(3)
        .optStride(2).build();
    for (JsonObject c : cases()) {
      String text = c.get("text").getAsString();
      Explanation e = loo.explain(text);
      assertArrayEquals(TestJson.doubles(c.getAsJsonArray("occlusion1")), scores(e.targets().get(0)), 1e-12, text);
      int n = c.getAsJsonArray("words").size();
      assertEquals(n + 1, e.diagnostics().forwardPasses(), "n + 1 forward passes: " + text);
      assertArrayEquals(TestJson.doubles(c.getAsJsonArray("occlusion3s2")),
          scores(windows.explain(text).targets().get(0)), 1e-12, text);
    }
  }

  @Test
  void faithfulnessEqualsFerretsDefinitions() {
    int checked = 0;
    for (JsonObject c : cases()) {
      String text = c.get("text").getAsString();
      PerturbationSpace<String> space = new WordPerturber(false, "").featurize(text);
      double fx = c.get("fx").getAsDouble();
      for (String which : new String[] {"given", "tied"}) {
        double[] s = TestJson.doubles(c.getAsJsonArray(which + "Scores"));
        JsonArray expected = c.getAsJsonArray(which + "Aopc");
        Faithfulness.Scores f = Faithfulness.measure(space, toy.classifier(), 1, fx, s);
        assertEquals(expected.get(0).getAsDouble(), f.comprehensiveness(), 1e-12, which + " " + text);
        assertEquals(expected.get(1).getAsDouble(), f.sufficiency(), 1e-12, which + " " + text);
        assertEquals(expected.get(2).getAsInt(), f.rationales(), which + " " + text);
        checked++;
      }
      // On a whole explanation: the faithfulness of exact KernelSHAP values.
      TargetExplanation t = KernelShap.builder().setClassifier(toy.classifier()).optLabels("POSITIVE").build()
          .explain(text).targets().get(0);
      JsonArray expected = c.getAsJsonArray("shapleyAopc");
      assertEquals(expected.get(0).getAsDouble(), t.quality().get(Faithfulness.COMPREHENSIVENESS), 1e-9, text);
      assertEquals(expected.get(1).getAsDouble(), t.quality().get(Faithfulness.SUFFICIENCY), 1e-9, text);
      List<int[]> rationales = Faithfulness.rationales(scores(t));
      JsonArray ref = c.getAsJsonArray("rationalesOfShapley");
      assertEquals(ref.size(), rationales.size(), text);
      for (int i = 0; i < ref.size(); i++) {
        assertArrayEquals(TestJson.ints(ref.get(i).getAsJsonArray()), rationales.get(i), text);
      }
    }
    assertEquals(12, checked);
  }

  @Test
  void theSameSeedGivesTheSameValuesOnAnyThread() throws Exception {
    String text = GOLDEN.getAsJsonObject("sampled").get("text").getAsString();
    KernelShap shap = KernelShap.builder().setClassifier(toy.classifier()).optBatchSize(7).build();
    double[] reference = scores(shap.explain(text, 42).targets().get(0));
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<double[]>> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        runs.add(pool.submit(() -> scores(KernelShap.builder().setClassifier(toy.classifier()).build()
            .explain(text, 42).targets().get(0))));
      }
      for (java.util.concurrent.Future<double[]> r : runs) {
        assertArrayEquals(reference, r.get(), 0.0, "batch size and thread must not change the values");
      }
    } finally {
      pool.shutdown();
    }
    double[] other = scores(shap.explain(text, 43).targets().get(0));
    assertTrue(!java.util.Arrays.equals(reference, other), "another seed draws other coalitions");
  }

  @Test
  void unusedWordsScoreZero() {
    // "the", "was", "it" carry no weight and join no pair: occlusion and exact Shapley give them 0.
    String text = "the film was great";
    TargetExplanation occ = Occlusion.builder().setClassifier(toy.classifier()).optLabels("POSITIVE").build()
        .explain(text).targets().get(0);
    TargetExplanation ks = KernelShap.builder().setClassifier(toy.classifier()).optLabels("POSITIVE").build()
        .explain(text).targets().get(0);
    for (int j : new int[] {0, 1, 2}) {
      assertEquals(0.0, occ.attributions().get(j).score(), 0.0, occ.attributions().get(j).text());
      assertEquals(0.0, ks.attributions().get(j).score(), 1e-12, ks.attributions().get(j).text());
    }
    assertTrue(occ.attributions().get(3).score() > 0.1);
  }

  static double[] doubles(JsonElement e) {
    return TestJson.doubles(e.getAsJsonArray());
  }
}
