package ai.lantern.explainers.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Budget;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TokenClassificationExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.explainers.TestJson;
import ai.lantern.explainers.faithfulness.Faithfulness;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.occlusion.Occlusion;
import ai.lantern.explainers.shapley.KernelShap;
import ai.lantern.explainers.shapley.PartitionShap;
import ai.lantern.explainers.text.SubwordPerturber;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every perturbation method on the fixture models of every task that LIME serves: the trigger of
 * planted-tiny ranked first, Shapley efficiency through real models, faithfulness on each
 * explanation, and the same explainer object accepted by every task explainer.
 */
class PerturbationMethodsOnTasksTest {

  private static List<PerturbationExplainer> methods(PyTorchTextClassifier model, PerturbationExplainer.Features f) {
    return List.of(
        LimeTextExplainer.builder().setClassifier(model).optFeatures(f).optNumSamples(1000).build(),
        KernelShap.builder().setClassifier(model).optFeatures(f).build(),
        PartitionShap.builder().setClassifier(model).optFeatures(f).build(),
        Occlusion.builder().setClassifier(model).optFeatures(f).build());
  }

  private static double sum(TargetExplanation t) {
    return t.attributions().stream().mapToDouble(FeatureAttribution::score).sum();
  }

  @Test
  void everyMethodRanksThePlantedTriggerFirst() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(TestJson.model("planted-tiny"))) {
      String text = "the film was long but the zebra made every scene worth watching";
      for (PerturbationExplainer.Features f : PerturbationExplainer.Features.values()) {
        for (PerturbationExplainer m : methods(model, f)) {
          Explanation e = m.explain(text);
          assertEquals("ALPHA", e.prediction().label(), m.method());
          TargetExplanation t = e.targets().get(0);
          assertEquals("zebra", t.byMagnitude().get(0).text().strip().toLowerCase(java.util.Locale.ROOT),
              m.method() + " " + f);
          assertTrue(t.byMagnitude().get(0).score() > 0, m.method());
          assertTrue(t.quality().containsKey(Faithfulness.COMPREHENSIVENESS), m.method());
          assertTrue(e.diagnostics().evaluationPasses() > 0 && e.diagnostics().evaluationPasses() <= 20, m.method());
          if (m instanceof KernelShap || m instanceof PartitionShap) {
            assertEquals(t.modelValue() - t.quality().get("baseValue"), sum(t), 1e-6, "efficiency " + m.method() + f);
          }
        }
      }
    }
  }

  @Test
  void occlusionCostsOnePassPerFeatureAndShapCapsAtTheCoalitions() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(TestJson.model("sst2-tiny"))) {
      String text = "a gripping and beautifully acted film";
      Explanation occ = Occlusion.builder().setClassifier(model).build().explain(text);
      assertEquals(6 + 1, occ.diagnostics().forwardPasses());
      Explanation shap = KernelShap.builder().setClassifier(model).build().explain(text);
      assertEquals(1L << 6, shap.diagnostics().forwardPasses(), "2^6 − 2 coalitions, f(x) and f(∅)");
      assertEquals(1.0, shap.targets().get(0).quality().get("exact"));
      // A budget below exactness: the coalitions evaluated so far, efficiency kept, marked partial.
      Explanation cut = KernelShap.builder().setClassifier(model).optMaxForwardPasses(30).build().explain(text);
      assertTrue(cut.diagnostics().partial());
      assertEquals(0.0, cut.targets().get(0).quality().get("exact"));
      TargetExplanation t = cut.targets().get(0);
      assertEquals(t.modelValue() - t.quality().get("baseValue"), sum(t), 1e-6);
    }
  }

  @Test
  void pairsZeroShotTokensAndMultiLabelTakeEveryMethod() {
    try (PyTorchTextClassifier pairs = PyTorchTextClassifier.load(TestJson.model("pair-tiny"));
        PyTorchTextClassifier nli = PyTorchTextClassifier.load(TestJson.model("nli-tiny"));
        PyTorchTextClassifier ner = PyTorchTextClassifier.load(TestJson.model("ner-tiny"));
        PyTorchTextClassifier multi = PyTorchTextClassifier.load(TestJson.model("multilabel-tiny"))) {
      List<Function<Boolean, PerturbationExplainer>> builders = List.of(
          b -> KernelShap.builder().optFaithfulness(b).build(),
          b -> PartitionShap.builder().optFaithfulness(b).build(),
          b -> Occlusion.builder().optFaithfulness(b).build());
      for (Function<Boolean, PerturbationExplainer> build : builders) {
        PerturbationExplainer m = build.apply(true);
        Explanation p = PairClassificationExplainer.of(pairs).explainWith("the cat sat on the mat", "a cat is sitting",
            m, 0, SubwordPerturber.Granularity.WHOLE_WORD);
        assertEquals(m.method(), p.method());
        assertTrue(p.targets().get(0).attributions().stream().anyMatch(a -> a.feature().sequence() == 1));
        Explanation z = ZeroShotClassificationExplainer.builder().setModel(nli).build()
            .explainWith("the striker scored twice in the final", List.of("sports", "politics", "cooking"), m, 0);
        assertEquals(3, z.prediction().labels().size());
        TokenClassificationExplanation tok = TokenClassificationExplainer.builder().setModel(ner).build()
            .explainWith("Alice moved to Paris", build.apply(false), 0, SubwordPerturber.Granularity.TOKEN);
        assertEquals(m.method(), tok.method());
        assertTrue(!tok.targets().isEmpty());
      }
      Explanation all = KernelShap.builder().setClassifier(multi)
          .optLabelIndices(java.util.stream.IntStream.range(0, multi.labels().size()).toArray()).build()
          .explain("what a wonderful and hilarious film");
      assertEquals(multi.labels().size(), all.targets().size());
      for (TargetExplanation t : all.targets()) {
        assertEquals(t.modelValue() - t.quality().get("baseValue"), sum(t), 1e-6, t.label());
      }
    }
  }

  @Test
  void estimatesProgressDeadlinesAndCancellation() throws Exception {
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    ai.lantern.core.TextClassifier slow = ai.lantern.core.TextClassifier.of(List.of("NEG", "POS"), texts -> {
      calls.incrementAndGet();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      double[][] out = new double[texts.size()][];
      for (int i = 0; i < out.length; i++) {
        double p = texts.get(i).contains("good") ? 0.9 : 0.3;
        out[i] = new double[] {1 - p, p};
      }
      return out;
    });
    String text = "a good film with a slow start and a quiet end of the day";
    assertEquals(14 + 1, Occlusion.builder().setClassifier(slow).build().estimate(text).forwardPasses(), 1e-9);
    assertEquals(2 + 2 * 14 + 2048, KernelShap.builder().setClassifier(slow).build().estimate(text).forwardPasses(), 1e-9);
    List<ai.lantern.core.Progress> heard = new java.util.ArrayList<>();
    KernelShap.builder().setClassifier(slow).optBatchSize(500).optProgressListener(heard::add)
        .optFaithfulness(false).build().explain(text);
    assertTrue(heard.size() >= 4, "a report per batch: " + heard.size());
    assertEquals(heard.get(heard.size() - 1).total(), heard.get(heard.size() - 1).done());
    // A deadline cuts KernelSHAP between batches (on a clock the test drives: 1 ms per text): partial,
    // efficiency kept.
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    ai.lantern.core.TextClassifier timed = ai.lantern.core.TextClassifier.of(slow.labels(), texts -> {
      clock.addAndGet(texts.size() * 1_000_000L);
      return slow.predictProbabilities(texts);
    });
    Explanation cut = KernelShap.builder().setClassifier(timed).optBatchSize(50).optTicker(clock::get)
        .optDeadline(java.time.Duration.ofMillis(150)).build().explain(text);
    assertTrue(cut.diagnostics().samples() >= 100 && cut.diagnostics().samples() <= 200, cut.diagnostics().toString());
    assertTrue(cut.diagnostics().partial(), cut.diagnostics().toString());
    TargetExplanation t = cut.targets().get(0);
    assertEquals(t.modelValue() - t.quality().get("baseValue"), sum(t), 1e-9);
    // An interrupted thread stops at the next batch.
    for (PerturbationExplainer m : List.of(KernelShap.builder().setClassifier(slow).optBatchSize(10).build(),
        PartitionShap.builder().setClassifier(slow).optBatchSize(2).build(),
        Occlusion.builder().setClassifier(slow).optBatchSize(2).build())) {
      Thread.currentThread().interrupt();
      try {
        assertThrows(ai.lantern.core.CancelledException.class, () -> m.explain(text), m.method());
      } finally {
        Thread.interrupted();
      }
    }
  }

  /** A tokenizer without a mask token (as some SentencePiece models have). */
  private static ai.lantern.core.SubwordTextClassifier withoutMask(PyTorchTextClassifier m, boolean unknown) {
    return new ai.lantern.core.SubwordTextClassifier() {
      @Override
      public List<String> labels() {
        return m.labels();
      }

      @Override
      public double[][] predictProbabilities(List<String> texts) {
        return m.predictProbabilities(texts);
      }

      @Override
      public ai.lantern.core.spi.TokenizedText tokenize(String text) {
        return m.tokenize(text);
      }

      @Override
      public ai.lantern.core.spi.TokenizedText tokenize(ai.lantern.core.TextPair pair) {
        return m.tokenize(pair);
      }

      @Override
      public double[][] predictPairs(List<ai.lantern.core.TextPair> pairs) {
        return m.predictPairs(pairs);
      }

      @Override
      public double[][] predictPairLogits(List<ai.lantern.core.TextPair> pairs) {
        return m.predictPairLogits(pairs);
      }

      @Override
      public double[][] predictTokenIds(List<ai.lantern.core.spi.TokenIds> inputs) {
        return m.predictTokenIds(inputs);
      }

      @Override
      public java.util.OptionalLong maskTokenId() {
        return java.util.OptionalLong.empty();
      }

      @Override
      public java.util.OptionalLong unknownTokenId() {
        return unknown ? m.unknownTokenId() : java.util.OptionalLong.empty();
      }

      @Override
      public long padTokenId() {
        return m.padTokenId();
      }

      @Override
      public java.util.OptionalLong tokenId(String token) {
        return m.tokenId(token);
      }
    };
  }

  @Test
  void withoutAMaskTokenTokensAreHiddenOtherwiseAndItIsSaid() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(TestJson.model("sst2-tiny"))) {
      for (boolean unknown : new boolean[] {true, false}) {
        KernelShap shap = KernelShap.builder().setClassifier(withoutMask(model, unknown))
            .optFeatures(PerturbationExplainer.Features.TOKEN).build();
        assertEquals(unknown ? SubwordPerturber.Hiding.UNKNOWN : SubwordPerturber.Hiding.REMOVE, shap.hiding());
        TargetExplanation t = shap.explain("a gripping film").targets().get(0);
        assertEquals(t.modelValue() - t.quality().get("baseValue"), sum(t), 1e-6);
      }
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Occlusion.builder()
          .setClassifier(withoutMask(model, true)).optFeatures(PerturbationExplainer.Features.TOKEN)
          .optHiding(SubwordPerturber.Hiding.MASK).build());
      assertTrue(e.getMessage().contains("needs a mask token, and this tokenizer has none"), e.getMessage());
    }
  }

  @Test
  void badInputsGetClearErrors() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(TestJson.model("sst2-tiny"))) {
      // One feature: every method still answers, and the Shapley value is the whole difference.
      Explanation one = KernelShap.builder().setClassifier(model).build().explain("great");
      TargetExplanation t = one.targets().get(0);
      assertEquals(1, t.attributions().size());
      assertEquals(t.modelValue() - t.quality().get("baseValue"), t.attributions().get(0).score(), 1e-9);
      assertEquals(1, PartitionShap.builder().setClassifier(model).build().explain("great").targets().get(0)
          .attributions().size());
      IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
          () -> Occlusion.builder().setClassifier(model).build().explain("!!! ..."));
      assertTrue(none.getMessage().contains("no word"), none.getMessage());
      assertThrows(IllegalArgumentException.class, () -> Occlusion.builder().optWindow(2).optStride(3).build());
      assertThrows(IllegalArgumentException.class, () -> PartitionShap.builder().optMaxEvals(1).build());
      assertThrows(IllegalArgumentException.class, () -> PartitionShap.builder().optBow(true).build());
      assertThrows(IllegalArgumentException.class, () -> KernelShap.builder().optNumSamples(-1).build());
      ai.lantern.core.BudgetExceededException tooFew = assertThrows(ai.lantern.core.BudgetExceededException.class,
          () -> KernelShap.builder().setClassifier(model).optBudget(new Budget(null, 3)).build()
              .explain("a gripping and beautifully acted film"));
      assertTrue(tooFew.getMessage().contains("needs at least 6"), tooFew.getMessage());
    }
  }
}
