package ai.lantern.explainers.tasks;

import static ai.lantern.explainers.TestJson.doubles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.TestJson;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** nli-tiny: a premise is about animals, music or sports when it holds one of the topic's words. */
class ZeroShotTest {
  private static final List<String> TOPICS = List.of("animals", "music", "sports");
  private static PyTorchTextClassifier nli;
  private static ZeroShotClassificationExplainer single;
  private static ZeroShotClassificationExplainer multi;

  @BeforeAll
  static void load() {
    nli = PyTorchTextClassifier.load(TestJson.model("nli-tiny"));
    single = ZeroShotClassificationExplainer.builder().setModel(nli).build();
    multi = ZeroShotClassificationExplainer.builder().setModel(nli).optMultiLabel(true).build();
  }

  @AfterAll
  static void close() {
    nli.close();
  }

  private static List<String> strings(com.google.gson.JsonArray a) {
    List<String> out = new ArrayList<>();
    a.forEach(x -> out.add(x.getAsString()));
    return out;
  }

  @Test
  void scoresAndAttributionsMatchThePythonReference() {
    JsonObject golden = TestJson.read("/golden/lig/nli-tiny.json");
    assertEquals(ZeroShotClassificationExplainer.TEMPLATE, golden.get("template").getAsString());
    for (JsonElement ce : golden.getAsJsonArray("zeroShot")) {
      JsonObject c = ce.getAsJsonObject();
      String text = c.get("text").getAsString();
      List<String> candidates = strings(c.getAsJsonArray("candidates"));
      Prediction p = single.predict(text, candidates);
      assertEquals(candidates, p.labels());
      assertArrayEquals(doubles(c.getAsJsonArray("single")),
          p.probabilities().stream().mapToDouble(Double::doubleValue).toArray(), 1e-5, text);
      assertArrayEquals(doubles(c.getAsJsonArray("multi")),
          multi.predict(text, candidates).probabilities().stream().mapToDouble(Double::doubleValue).toArray(), 1e-5,
          text);
      Explanation all = single.explain(text, candidates);
      int k = 0;
      for (JsonElement xe : c.getAsJsonArray("explained")) {
        JsonObject x = xe.getAsJsonObject();
        IntegratedGradientsExplanation e = single.explainLabel(text, candidates.get(k));
        assertArrayEquals(TestJson.longs(x.getAsJsonArray("ids")), nli.tokenize(
            new ai.lantern.core.TextPair(text, single.hypothesis(candidates.get(k)))).ids().ids());
        assertArrayEquals(doubles(x.getAsJsonArray("normalized")),
            e.normalizedTokens().stream().mapToDouble(FeatureAttribution::score).toArray(), 1e-4, text);
        assertEquals(x.get("fx").getAsDouble(), e.fx(), 1e-5);
        assertEquals(x.get("delta").getAsDouble(), e.convergenceDelta(), 1e-4);
        // The result keeps every premise word (transformers-interpret drops the last premise token).
        TargetExplanation t = all.targets().get(k);
        assertEquals(candidates.get(k), t.label());
        assertTrue(t.attributions().stream().allMatch(a -> a.feature().sequence() == 0));
        assertEquals(e.words().stream().filter(w -> w.feature().sequence() == 0).count(), t.attributions().size());
        assertEquals(text.substring(text.lastIndexOf(' ') + 1),
            t.attributions().get(t.attributions().size() - 1).text());
        k++;
      }
    }
  }

  @Test
  void theTopicWordDecidesTheLabelAndRanksFirst() {
    String[][] cases = {{"the zebra was tired", "animals", "zebra"}, {"i heard the violin all night", "music", "violin"},
        {"we watched football with friends", "sports", "football"}, {"a long day but the tiger slept", "animals", "tiger"},
        {"she plays the piano every morning", "music", "piano"}, {"tennis is hard", "sports", "tennis"}};
    for (String[] c : cases) {
      Explanation e = single.explain(c[0], TOPICS);
      assertEquals(c[1], e.prediction().label(), c[0]);
      assertTrue(e.prediction().probability() > 0.5, c[0] + ": " + e.prediction());
      assertEquals(c[2], e.target(c[1]).byMagnitude().get(0).text(), c[0] + ": " + e.target(c[1]).attributions());
      assertEquals(List.of(c[1]), multi.predict(c[0], TOPICS).labelsAbove(0.5), c[0]);
    }
  }

  @Test
  void badInputsGetClearErrors() {
    assertMessage(() -> single.predict("the zebra", List.of()), "no candidate labels");
    assertMessage(() -> single.predict("the zebra", List.of("music", "animals", "music")), "\"music\" is given twice");
    assertMessage(() -> single.predict("the zebra", List.of("music", " ")), "must not be empty");
    assertMessage(() -> single.explain("  ", TOPICS), "empty text");
    assertMessage(() -> ZeroShotClassificationExplainer.builder().setModel(nli).optHypothesisTemplate("about it")
        .build(), "has no {}");
    try (PyTorchTextClassifier sst2 = PyTorchTextClassifier.load(TestJson.model("sst2-tiny"))) {
      assertMessage(() -> ZeroShotClassificationExplainer.builder().setModel(sst2).build(), "needs an NLI model",
          "NEGATIVE");
    }
  }

  static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "message lacks '" + part + "': " + e.getMessage());
    }
  }
}
