package ai.lantern.explainers.lime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Explanation;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TextClassifier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LimePropertiesTest {
  private static final String TEXT = "the movie was not good but the actors were great, truly great fun";
  private final ToyClassifier toy = new ToyClassifier(Golden.read("end_to_end"));

  private LimeTextExplainer.Builder lime() {
    return LimeTextExplainer.builder().setClassifier(toy.classifier()).optNumSamples(1000);
  }

  /** Everything but the elapsed time. */
  private static void assertSameExplanation(Explanation a, Explanation b) {
    assertEquals(a.prediction(), b.prediction());
    assertEquals(a.targets(), b.targets());
    assertEquals(a.diagnostics().forwardPasses(), b.diagnostics().forwardPasses());
    assertEquals(a.diagnostics().seed(), b.diagnostics().seed());
  }

  @Test
  void sameSeedSameExplanationOnAnyThreadInAnyOrder() throws Exception {
    LimeTextExplainer explainer = lime().build();
    long[] seeds = {3, 1, 4, 1, 5, 9, 2, 6};
    List<Explanation> sequential = new ArrayList<>();
    for (long s : seeds) {
      sequential.add(explainer.explain(TEXT, s));
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Explanation>> futures = new ArrayList<>();
      for (int i = seeds.length - 1; i >= 0; i--) {
        long s = seeds[i];
        futures.add(pool.submit(() -> explainer.explain(TEXT, s)));
      }
      for (int i = 0; i < seeds.length; i++) {
        assertSameExplanation(sequential.get(seeds.length - 1 - i), futures.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void differentSeedsDrawDifferentSamples() {
    LimeTextExplainer explainer = lime().optNumFeatures(12).build();
    assertNotEquals(explainer.explain(TEXT, 1).targets(), explainer.explain(TEXT, 2).targets());
  }

  @Test
  void batchSizeDoesNotChangeTheResult() {
    Explanation reference = lime().optBatchSize(256).build().explain(TEXT, 11);
    for (int batch : new int[] {1, 7, 1000}) {
      assertSameExplanation(reference, lime().optBatchSize(batch).build().explain(TEXT, 11));
    }
  }

  @Test
  void classifierCallsAreBoundedByTheBatchSize() {
    toy.calls.set(0);
    toy.texts.set(0);
    Explanation e = lime().optNumSamples(5000).optBatchSize(100).build().explain(TEXT, 5);
    // One call for the original text, then one per chunk of 100 samples (none when all repeat),
    // then one for the faithfulness measures.
    assertTrue(toy.calls.get() <= 1 + 50 + 1, "calls: " + toy.calls.get());
    assertEquals(toy.texts.get(), e.diagnostics().forwardPasses() + e.diagnostics().evaluationPasses());
    assertTrue(e.diagnostics().forwardPasses() < 5000, "duplicates must be evaluated once");
  }

  @Test
  void plantedWordsRankFirst() {
    Explanation e = lime().optNumSamples(2000).optNumFeatures(3).build().explain("the boring movie had great actors");
    TargetExplanation t = e.targets().get(0);
    assertEquals("NEGATIVE", e.prediction().label());
    List<String> top = t.byMagnitude().stream().map(a -> a.text()).toList();
    assertEquals("boring", top.get(0));
    assertEquals("great", top.get(1));
    assertTrue(t.byMagnitude().get(0).score() > 0, "boring pushes NEGATIVE up");
    assertTrue(t.byMagnitude().get(1).score() < 0, "great pushes NEGATIVE down");
  }

  @Test
  void labelsCanBeChosenByNameIndexOrRank() {
    assertEquals(List.of("POSITIVE"), labels(lime().optLabels("POSITIVE").build().explain(TEXT)));
    assertEquals(List.of("NEGATIVE"), labels(lime().optLabelIndices(0).build().explain(TEXT)));
    Explanation top2 = lime().optTopLabels(2).build().explain(TEXT);
    assertEquals(top2.prediction().label(), top2.targets().get(0).label());
    assertEquals(2, top2.targets().size());
  }

  @Test
  void featuresAreReportedInInputOrderWithTheirSpans() {
    Explanation e = lime().optNumFeatures(20).build().explain(TEXT);
    List<Integer> indices = e.targets().get(0).attributions().stream().map(a -> a.feature().index()).toList();
    assertEquals(indices.stream().sorted().toList(), indices);
    e.targets().get(0).attributions().forEach(a -> a.feature().spans()
        .forEach(s -> assertEquals(a.text(), s.of(TEXT))));
  }

  private static List<String> labels(Explanation e) {
    return e.targets().stream().map(TargetExplanation::label).toList();
  }

  @Test
  void badInputsGiveClearErrors() {
    LimeTextExplainer explainer = lime().build();
    assertEquals("cannot explain an empty text: it has no words to perturb",
        assertThrows(IllegalArgumentException.class, () -> explainer.explain("")).getMessage());
    assertEquals("cannot explain an empty text: it has no words to perturb",
        assertThrows(IllegalArgumentException.class, () -> explainer.explain("  \t")).getMessage());
    assertEquals("the text \"?!, ...\" has no word features (only separators such as punctuation)",
        assertThrows(IllegalArgumentException.class, () -> explainer.explain("?!, ...")).getMessage());
    assertEquals("numSamples must be at least 2 (the original text and one perturbation), got 1",
        assertThrows(IllegalArgumentException.class, () -> lime().optNumSamples(1).build()).getMessage());
    assertEquals("numFeatures must be at least 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> lime().optNumFeatures(0).build()).getMessage());
    assertEquals("unknown label 'positive'; valid labels: [NEGATIVE, POSITIVE]",
        assertThrows(IllegalArgumentException.class, () -> lime().optLabels("positive").build()).getMessage());
    assertEquals("label index 2 out of range 0..1 [NEGATIVE, POSITIVE]",
        assertThrows(IllegalArgumentException.class, () -> lime().optLabelIndices(2).build()).getMessage());
    assertEquals("labels to explain must be distinct, got [POSITIVE, POSITIVE]", assertThrows(
        IllegalArgumentException.class, () -> lime().optLabels("POSITIVE", "POSITIVE").build()).getMessage());
    assertEquals("setClassifier(...) is required for TOKEN features", assertThrows(IllegalArgumentException.class,
        () -> LimeTextExplainer.builder().optFeatures(LimeTextExplainer.Features.TOKEN).build()).getMessage());
    assertTrue(assertThrows(IllegalStateException.class, () -> LimeTextExplainer.builder().build().explain("good"))
        .getMessage().contains("built without a classifier"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> lime()
        .optFeatures(LimeTextExplainer.Features.TOKEN).build()).getMessage().contains("use WORD"));
    assertEquals("numpy-compatible sampling needs a seed in 0..4294967295, got -1",
        assertThrows(IllegalArgumentException.class, () -> lime().optNumpyCompatible(true).build()
            .explain(TEXT, -1)).getMessage());
  }

  @Test
  void aPlainFunctionIsExplainedWithoutAnyEngine() {
    TextClassifier lengthy = TextClassifier.of(List.of("SHORT", "LONG"), texts -> texts.stream()
        .map(t -> t.contains("long") ? new double[] {0.1, 0.9} : new double[] {0.8, 0.2}).toArray(double[][]::new));
    Explanation e = LimeTextExplainer.builder().setClassifier(lengthy).optNumSamples(300).build()
        .explain("a long text here");
    assertEquals("LONG", e.prediction().label());
    assertEquals("long", e.targets().get(0).byMagnitude().get(0).text());
  }
}
