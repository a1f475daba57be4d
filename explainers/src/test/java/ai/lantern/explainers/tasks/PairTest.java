package ai.lantern.explainers.tasks;

import static ai.lantern.explainers.TestJson.doubles;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TextPair;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.IntegrationMethod;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.Reader;
import java.nio.file.Path;
import java.util.Comparator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pair-tiny: MATCH when both texts carry a trigger of the same topic. */
class PairTest {
  private static PyTorchTextClassifier model;

  @BeforeAll
  static void load() {
    model = PyTorchTextClassifier.load(Path.of(System.getProperty("lantern.models.dir"), "pair-tiny"));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void attributionsMatchPyTorchAutograd() throws Exception {
    JsonObject golden = ai.lantern.explainers.TestJson.read("/golden/lig/pair-tiny.json");
    int checked = 0;
    for (JsonElement ce : golden.getAsJsonArray("pairs")) {
      JsonObject c = ce.getAsJsonObject();
      TextPair pair = new TextPair(c.get("text").getAsString(), c.get("pair").getAsString());
      IntegratedGradientsExplanation e = LayerIntegratedGradients.builder().setModel(model)
          .optIntegrationMethod(IntegrationMethod.parse(c.get("method").getAsString()))
          .optSteps(c.get("steps").getAsInt()).build().explain(pair, c.get("target").getAsInt());
      assertArrayEquals(doubles(c.getAsJsonArray("normalized")),
          e.normalizedTokens().stream().mapToDouble(FeatureAttribution::score).toArray(), 1e-4, pair.toString());
      assertEquals(c.get("fx").getAsDouble(), e.fx(), 1e-5);
      assertEquals(c.get("fBaseline").getAsDouble(), e.fBaseline(), 1e-5);
      checked++;
    }
    assertEquals(4, checked);
  }

  /**
   * The planted signal: in a matching pair the two triggers decide, so in each text the trigger
   * has the largest attribution, and it is positive.
   */
  @Test
  void theTriggersCarryTheLargestAttributions() {
    String[][] pairs = {{"the zebra was tired", "a tiger slept"}, {"we saw a zebra", "a tiger was there"},
        {"my old violin", "she likes the piano"}, {"the maple tree", "an oak in the park"},
        {"tiger in the film", "the zebra ran away"}, {"an oak stood", "the maple was red"},
        {"a piano song", "the violin sounds sad"}, {"zebra and friends", "look at that zebra"},
        {"this story about a tiger", "one tiger only"}, {"the best violin ever", "a violin for you"},
        {"maple syrup", "oak wood table"}, {"quiet piano music", "loud violin show"}};
    java.util.Set<String> triggers = java.util.Set.of("zebra", "tiger", "violin", "piano", "maple", "oak");
    PairClassificationExplainer explainer = PairClassificationExplainer.of(model);
    for (String[] p : pairs) {
      assertTrue(explainer.predict(p[0], p[1]).probability() > 0.5, p[0] + " / " + p[1]);
      IntegratedGradientsExplanation e = explainer.explain(p[0], p[1]);
      for (int sequence = 0; sequence < 2; sequence++) {
        int s = sequence;
        FeatureAttribution top = e.words().stream().filter(w -> w.feature().sequence() == s)
            .max(Comparator.comparingDouble(FeatureAttribution::score)).get();
        assertTrue(triggers.contains(top.text()) && top.score() > 0, p[0] + " / " + p[1] + ": " + e.words());
      }
    }
  }

  @Test
  void spansIndexIntoTheirOwnTextAndFlipNegates() {
    PairClassificationExplainer pairs = PairClassificationExplainer.of(model);
    String text = "the zebra was tired";
    String pair = "a tiger slept";
    IntegratedGradientsExplanation e = pairs.explain(text, pair);
    for (FeatureAttribution w : e.words()) {
      String source = w.feature().sequence() == 1 ? pair : text;
      assertEquals(w.text(), w.span().of(source));
    }
    assertEquals(1, e.words().stream().filter(w -> w.text().equals("tiger")).findFirst().get().feature().sequence());
    IntegratedGradientsExplanation flipped = pairs.explain(text, pair, true);
    assertEquals(-e.words().get(1).score(), flipped.words().get(1).score(), 0.0);
    assertEquals(1 - e.fx(), flipped.fx(), 1e-12);
  }

  @Test
  void aPairWithAnEmptySideIsRefused() {
    IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
        () -> PairClassificationExplainer.of(model).explain("one word", " "));
    assertTrue(ex.getMessage().startsWith("cannot explain a pair with an empty side"), ex.getMessage());
  }
}
