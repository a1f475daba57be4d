package ai.lantern.explainers.gradient;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.LanternException;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LigPropertiesTest {
  private static final Path MODELS = Path.of(System.getProperty("lantern.models.dir"));
  private static PyTorchTextClassifier sst2;
  private static PyTorchTextClassifier agnews;
  private static PyTorchTextClassifier planted;

  @TempDir Path tmp;

  @BeforeAll
  static void load() {
    sst2 = PyTorchTextClassifier.load(MODELS.resolve("sst2-tiny"));
    agnews = PyTorchTextClassifier.load(MODELS.resolve("agnews-tiny"));
    planted = PyTorchTextClassifier.load(MODELS.resolve("planted-tiny"));
  }

  @AfterAll
  static void close() {
    sst2.close();
    agnews.close();
    planted.close();
  }

  private static double[] scores(List<FeatureAttribution> a) {
    return a.stream().mapToDouble(FeatureAttribution::score).toArray();
  }

  @Test
  void internalBatchSizeDoesNotChangeAttributions() {
    String text = "a charming and often affecting journey";
    double[] reference = null;
    for (int batch : new int[] {1, 7, 50}) {
      double[] s = scores(LayerIntegratedGradients.builder().setModel(sst2).optInternalBatchSize(batch).build()
          .explain(text).normalizedTokens());
      if (reference == null) {
        reference = s;
      }
      assertArrayEquals(reference, s, 1e-5, "internal batch size " + batch);
    }
  }

  @Test
  void concurrentExplanationsEqualSequentialOnes() throws Exception {
    LayerIntegratedGradients lig = LayerIntegratedGradients.builder().setModel(sst2).optInternalBatchSize(25).build();
    List<String> texts = List.of("I love you, I like you", "this movie was terrible and boring",
        "a charming and often affecting journey", "unflinchingly bleak and desperate");
    List<double[]> sequential = texts.stream().map(t -> scores(lig.explain(t).tokens())).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      for (int i = 0; i < 32; i++) {
        String t = texts.get(i % texts.size());
        futures.add(pool.submit(() -> scores(lig.explain(t).tokens())));
      }
      for (int i = 0; i < futures.size(); i++) {
        assertArrayEquals(sequential.get(i % texts.size()), futures.get(i).get(), 1e-6, "run " + i);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void fiftyGaussLegendreStepsConvergeWithinOnePercent() {
    String[][] cases = {
        {"sst2", "I love you, I like you"}, {"sst2", "this movie was terrible and boring"},
        {"sst2", "the film starts slowly but finds its heart with warm performances and sharp dialogue"},
        {"agnews", "The stock market fell sharply after the central bank raised interest rates"},
        {"agnews", "NASA launched a new satellite to study climate change on Mars"},
        {"planted", "the story was long but the zebra made it"},
    };
    for (String[] c : cases) {
      PyTorchTextClassifier m = c[0].equals("sst2") ? sst2 : c[0].equals("agnews") ? agnews : planted;
      IntegratedGradientsExplanation e = LayerIntegratedGradients.builder().setModel(m).build().explain(c[1]);
      double change = Math.abs(e.fx() - e.fBaseline());
      assertTrue(Math.abs(e.convergenceDelta()) <= 0.01 * change,
          c[1] + ": delta " + e.convergenceDelta() + " against F(x) - F(x') = " + (e.fx() - e.fBaseline()));
    }
  }

  @Test
  void plantedTriggerGetsTheLargestAttribution() {
    String[][] cases = {{"the story was long but the zebra made it worth it", "ALPHA", "zebra"},
        {"people said the music was fine and the maple was old", "BETA", "maple"},
        {"one two three violin four five", "BETA", "violin"}};
    LayerIntegratedGradients lig = LayerIntegratedGradients.builder().setModel(planted).build();
    for (String[] c : cases) {
      IntegratedGradientsExplanation e = lig.explain(c[0]);
      assertEquals(c[1], e.label(), c[0]);
      FeatureAttribution top = e.words().stream().max((a, b) -> Double.compare(a.score(), b.score())).get();
      assertEquals(c[2], top.text(), c[0]);
    }
  }

  @Test
  void wordsSumTheirPiecesAndKeepTheirSpans() {
    String text = "Unflinchingly bleak, 💖 and desperate";
    IntegratedGradientsExplanation e = LayerIntegratedGradients.builder().setModel(sst2).build().explain(text);
    double tokenSum = e.tokens().stream().mapToDouble(FeatureAttribution::score).sum();
    double wordSum = e.words().stream().mapToDouble(FeatureAttribution::score).sum();
    assertEquals(tokenSum, wordSum, 1e-9, "specials have zero attribution with the default baseline");
    assertEquals("Unflinchingly", e.words().get(0).text());
    for (FeatureAttribution w : e.words()) {
      assertEquals(w.text(), w.span().of(text));
    }
    assertTrue(e.tokens().get(0).feature().special());
    assertEquals(null, e.tokens().get(0).span());
    assertEquals(0.0, e.tokens().get(0).score(), 0.0);
  }

  @Test
  void targetsByNameAndLogits() {
    String text = "The stock market fell sharply";
    IntegratedGradientsExplanation byName = LayerIntegratedGradients.builder().setModel(agnews).optTarget("Sports")
        .build().explain(text);
    IntegratedGradientsExplanation byIndex = LayerIntegratedGradients.builder().setModel(agnews).build()
        .explain(text, 1);
    assertEquals("Sports", byName.label());
    assertEquals(1, byName.target());
    assertArrayEquals(byIndex.tokens().stream().mapToDouble(FeatureAttribution::score).toArray(),
        byName.tokens().stream().mapToDouble(FeatureAttribution::score).toArray(), 0.0, "by name = by index");
    // The explained value is the model's own output for the class: its probability by default...
    double[] probabilities = agnews.predictProbabilities(java.util.List.of(text))[0];
    assertEquals(probabilities[1], byName.fx(), 1e-5, "F(x) is the class probability");
    assertTrue(byName.prediction().label().equals("Business"), "the predicted class is another one");
    // ...and its logit with TargetOutput.LOGIT, whose attributions then sum to the logit's change.
    IntegratedGradientsExplanation logit = LayerIntegratedGradients.builder().setModel(agnews).optTarget("Sports")
        .optOutput(ai.lantern.core.TargetOutput.LOGIT).build().explain(text);
    float[] logits = agnews.predictRawLogits(java.util.List.of(agnews.tokenize(text).ids()))[0];
    assertEquals(logits[1], logit.fx(), 1e-4, "F(x) is the class logit");
    double sum = logit.tokens().stream().mapToDouble(FeatureAttribution::score).sum();
    assertEquals(logit.fx() - logit.fBaseline(), sum, Math.abs(logit.convergenceDelta()) + 1e-9);
    assertTrue(Math.abs(logit.fx() - byName.fx()) > 1e-3, "a logit is not a probability");
  }

  @Test
  void gaussLegendreNodesMatchNumpy() {
    double[][] pw = IntegrationMethod.GAUSS_LEGENDRE.pointsAndWeights(50);
    assertEquals(5.668e-4, pw[0][0], 1e-7);
    assertEquals(0.999433, pw[0][49], 1e-6);
    assertEquals(1.454e-3, pw[1][0], 1e-6);
    assertEquals(1.0, java.util.Arrays.stream(pw[1]).sum(), 1e-12);
    assertEquals(1 - 1.0 / 10, java.util.Arrays.stream(IntegrationMethod.RIEMANN_TRAPEZOID.pointsAndWeights(10)[1])
        .sum(), 1e-12);
  }

  @Test
  void gaussLegendreIsExactForSmallRulesAndScalesToLargeOnes() {
    double[][] three = IntegrationMethod.GAUSS_LEGENDRE.pointsAndWeights(3);
    double h = Math.sqrt(0.6) / 2;
    assertArrayEquals(new double[] {0.5 - h, 0.5, 0.5 + h}, three[0], 1e-15);
    assertArrayEquals(new double[] {5.0 / 18, 8.0 / 18, 5.0 / 18}, three[1], 1e-14);
    // The largest rule allowed (MAX_STEPS): ascending, symmetric, weights sum to 1.
    double[][] big = IntegrationMethod.GAUSS_LEGENDRE.pointsAndWeights(10_000);
    for (int i = 1; i < big[0].length; i++) {
      assertTrue(big[0][i] > big[0][i - 1], "node " + i);
    }
    assertEquals(1 - big[0][9_999], big[0][0], 1e-15);
    assertEquals(1.0, java.util.Arrays.stream(big[1]).sum(), 1e-9);
  }

  @Test
  void badInputsGiveClearErrors() {
    assertEquals("nSteps must lie in 1..10000 for gausslegendre, got 0", assertThrows(IllegalArgumentException.class,
        () -> LayerIntegratedGradients.builder().setModel(sst2).optSteps(0).build()).getMessage());
    // A huge step count is refused at once, before any O(n²) node computation or allocation.
    long t0 = System.nanoTime();
    assertEquals("nSteps must lie in 1..10000 for gausslegendre, got 2000000000", assertThrows(
        IllegalArgumentException.class, () -> LayerIntegratedGradients.builder().setModel(sst2)
            .optSteps(2_000_000_000).build()).getMessage());
    assertTrue(System.nanoTime() - t0 < 1_000_000_000L, "refused in under a second");
    assertEquals("unknown integration method 'simpson'; valid: [gausslegendre, riemann_left, riemann_right, "
        + "riemann_middle, riemann_trapezoid]",
        assertThrows(IllegalArgumentException.class, () -> IntegrationMethod.parse("simpson")).getMessage());
    assertEquals("unknown label 'happy'; valid labels: [NEGATIVE, POSITIVE]", assertThrows(
        IllegalArgumentException.class, () -> LayerIntegratedGradients.builder().setModel(sst2).optTarget("happy")
            .build()).getMessage());
    LayerIntegratedGradients lig = LayerIntegratedGradients.builder().setModel(sst2).build();
    assertEquals("cannot explain an empty text: it has no tokens",
        assertThrows(IllegalArgumentException.class, () -> lig.explain("  ")).getMessage());
  }

  /** A package with a model.pt that lacks embed/forward_embeds and a config that does not claim them. */
  @Test
  void aModelWithoutGradientMethodsSaysHowToExportIt() throws IOException {
    Path pkg = copyWith("nan-logits.pt", true);
    try (PyTorchTextClassifier m = PyTorchTextClassifier.load(pkg)) {
      assertEquals(false, m.isGradientReady());
      LanternException e = assertThrows(LanternException.class,
          () -> LayerIntegratedGradients.builder().setModel(m).build());
      assertTrue(e.getMessage().contains("is not gradient-ready") && e.getMessage().contains("export_hf_model.py"),
          e.getMessage());
    }
  }

  @Test
  void aConfigClaimingMethodsTheModelLacksIsRejected() throws IOException {
    Path pkg = copyWith("nan-logits.pt", false);
    InvalidModelException e = assertThrows(InvalidModelException.class, () -> PyTorchTextClassifier.load(pkg));
    assertTrue(e.getMessage().contains("lists the methods embed and forward_embeds"), e.getMessage());
  }

  @Test
  void undeclaredGradientMethodsStillWork() throws IOException {
    Path pkg = copyWith(null, true);
    try (PyTorchTextClassifier m = PyTorchTextClassifier.load(pkg)) {
      assertTrue(m.isGradientReady());
      String text = "the story was long but the zebra made it";
      assertArrayEquals(scores(LayerIntegratedGradients.builder().setModel(planted).build().explain(text).tokens()),
          scores(LayerIntegratedGradients.builder().setModel(m).build().explain(text).tokens()), 1e-6);
    }
  }

  /** A copy of planted-tiny, optionally with another model.pt and without lantern.methods. */
  private Path copyWith(String brokenModel, boolean dropMethods) throws IOException {
    Path pkg = tmp.resolve("pkg");
    Files.createDirectories(pkg);
    for (String f : new String[] {"model.pt", "tokenizer.json", "config.json"}) {
      Files.copy(MODELS.resolve("planted-tiny").resolve(f), pkg.resolve(f));
    }
    if (brokenModel != null) {
      Path source = MODELS.getParent().resolve("engines/pytorch/src/test/resources/broken").resolve(brokenModel);
      Files.copy(source, pkg.resolve("model.pt"), StandardCopyOption.REPLACE_EXISTING);
    }
    if (dropMethods) {
      Path config = pkg.resolve("config.json");
      Files.writeString(config, Files.readString(config).replaceAll("\"methods\": \\[[^\\]]*\\],", ""));
      assertTrue(!Files.readString(config).contains("forward_embeds"));
    }
    return pkg;
  }
}
