package ai.lantern.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine-neutral API on its own: results, labels, budgets, probabilities, classifiers of functions. */
class CoreTest {
  @Test
  void softmaxIsStableAndSumsToOne() {
    double[] p = Probabilities.softmax(new double[] {1000, 1001, 999});
    assertEquals(1.0, p[0] + p[1] + p[2], 1e-12);
    assertTrue(p[1] > p[0] && p[0] > p[2]);
    assertArrayEquals(new double[] {0.5, 0.5}, Probabilities.softmax(new float[] {3f, 3f}), 1e-12);
    assertEquals(1 / (1 + Math.exp(-2.0)), Probabilities.sigmoid(new float[] {2f})[0], 1e-7);
  }

  @Test
  void predictionPicksTheMostProbableAndChecksItsLists() {
    Prediction p = Prediction.of(List.of("NEG", "POS"), new double[] {0.3, 0.7});
    assertEquals("POS", p.label());
    assertEquals(0.7, p.probability(), 0);
    assertEquals(0.3, p.probability("NEG"), 0);
    assertThrows(IllegalArgumentException.class, () -> new Prediction(List.of("A"), List.of(0.5, 0.5), 0));
    assertThrows(IndexOutOfBoundsException.class, () -> new Prediction(List.of("A"), List.of(1.0), 1));
  }

  @Test
  void labelsResolveByNameCaseOrIndex() {
    List<String> labels = List.of("NEGATIVE", "POSITIVE");
    assertEquals("POSITIVE", Labels.resolve(labels, "POSITIVE"));
    assertEquals("POSITIVE", Labels.resolve(labels, "positive"));
    assertEquals("NEGATIVE", Labels.resolve(labels, "0"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Labels.resolve(labels, "2"));
    assertTrue(e.getMessage().contains("valid labels: [NEGATIVE, POSITIVE]"), e.getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Labels.resolve(List.of("Ab", "aB"), "ab"))
        .getMessage().contains("ambiguous"));
    assertEquals("7", Labels.resolve(List.of("x", "7"), "7"), "a label that is a number is itself first");
    assertEquals(1, Labels.indexOf(labels, "POSITIVE"));
  }

  @Test
  void budgetsAndDiagnosticsSayWhatHappened() {
    assertTrue(Budget.UNLIMITED.isUnlimited());
    assertThrows(IllegalArgumentException.class, () -> new Budget(Duration.ZERO, 0));
    assertThrows(IllegalArgumentException.class, () -> new Budget(null, -1));
    Diagnostics d = new Diagnostics(10, 8, Duration.ofMillis(5), 3L, StopReason.DEADLINE, new Budget(
        Duration.ofMillis(5), 0));
    assertTrue(d.partial());
    assertEquals(2000, d.samplesPerSecond(), 1e-9);
    Diagnostics more = d.withEvaluation(4, Duration.ofMillis(7)).withWarnings(List.of("cut"));
    assertEquals(4, more.evaluationPasses());
    assertEquals(List.of("cut"), more.warnings());
    assertEquals(8, more.forwardPasses());
    assertFalse(new Diagnostics(1, 1, Duration.ZERO, null, StopReason.CONVERGED, Budget.UNLIMITED).partial());
  }

  @Test
  void spansFeaturesAndExplanationsAreChecked() {
    assertEquals("love", new Span(2, 6).of("I love you"));
    assertThrows(IllegalArgumentException.class, () -> new Span(3, 2));
    assertThrows(IllegalArgumentException.class, () -> new Feature(-1, "x", List.of(), false));
    Feature f = Feature.of(0, "love", new Span(2, 6));
    TargetExplanation t = new TargetExplanation(1, "POS", 0.9, List.of(new FeatureAttribution(f, 0.5),
        new FeatureAttribution(Feature.of(1, "you", new Span(7, 10)), -0.7)), Map.of());
    assertEquals("you", t.byMagnitude().get(0).text());
    Explanation e = new Explanation("lime", Prediction.of(List.of("NEG", "POS"), new double[] {0.1, 0.9}), List.of(t),
        new Diagnostics(1, 1, Duration.ZERO, null, StopReason.COMPLETED, Budget.UNLIMITED));
    assertEquals(t, e.target("POS"));
    assertEquals("lime: POS 0.900; why POS: you -0.700, love +0.500; 1 samples, 1 forward passes, 0 ms", e.toString());
    assertTrue(assertThrows(IllegalArgumentException.class, () -> e.target("NEG")).getMessage()
        .contains("explained: [POS]"));
  }

  @Test
  void qualityMeasuresHaveTypedViews() {
    Feature f = Feature.of(0, "x", new Span(0, 1));
    TargetExplanation lime = new TargetExplanation(0, "A", 0.5, List.of(new FeatureAttribution(f, 1)), Map.of(
        "score", 0.8, "intercept", 0.1, "localPrediction", 0.6, "comprehensiveness", 0.3, "sufficiency", -0.1));
    assertEquals(new Quality.Surrogate(0.8, 0.1, 0.6), lime.surrogate().orElseThrow());
    assertEquals(new Quality.Faithfulness(0.3, -0.1), lime.faithfulness().orElseThrow());
    assertTrue(lime.shapley().isEmpty() && lime.convergenceDelta().isEmpty());
    TargetExplanation shap = new TargetExplanation(0, "A", 0.5, List.of(), Map.of("baseValue", 0.2, "exact", 1.0));
    assertEquals(new Quality.Shapley(0.2, true), shap.shapley().orElseThrow());
    assertEquals(0.01, new TargetExplanation(0, "A", 0.5, List.of(), Map.of("convergenceDelta", 0.01))
        .convergenceDelta().getAsDouble(), 0);
  }

  @Test
  void aFunctionIsAClassifierAndItsOutputIsChecked() {
    TextClassifier ok = TextClassifier.of(List.of("A", "B"), texts -> texts.stream()
        .map(t -> t.contains("b") ? new double[] {0.2, 0.8} : new double[] {0.9, 0.1}).toArray(double[][]::new));
    assertEquals("B", ok.predict("abc").label());
    assertThrows(IllegalArgumentException.class, () -> ok.predict(null));
    TextClassifier bad = TextClassifier.of(List.of("A", "B"), texts -> new double[][] {{Double.NaN, 1}});
    assertThrows(ModelOutputException.class, () -> bad.predict("x"));
    TextClassifier shortRows = TextClassifier.of(List.of("A", "B"), texts -> new double[][] {{1.0}});
    assertThrows(ModelOutputException.class, () -> shortRows.predict("x"));
  }
}
