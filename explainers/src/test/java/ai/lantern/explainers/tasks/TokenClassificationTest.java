package ai.lantern.explainers.tasks;

import static ai.lantern.explainers.TestJson.doubles;
import static ai.lantern.explainers.tasks.ZeroShotTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.EntitySpan;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TokenClassificationExplanation;
import ai.lantern.core.TokenPrediction;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.TestJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** ner-tiny: people and places in filler text; each entity word decides its own tag. */
class TokenClassificationTest {
  private static PyTorchTextClassifier model;
  private static TokenClassificationExplainer ner;

  @BeforeAll
  static void load() {
    model = PyTorchTextClassifier.load(TestJson.model("ner-tiny"));
    ner = TokenClassificationExplainer.builder().setModel(model).build();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void labelsAndAttributionsMatchThePythonReference() {
    for (JsonElement ce : TestJson.read("/golden/lig/ner-tiny.json").getAsJsonArray("cases")) {
      JsonObject c = ce.getAsJsonObject();
      String text = c.get("text").getAsString();
      TokenClassificationExplanation e = ner.explain(text);
      List<String> predicted = c.getAsJsonArray("predicted").asList().stream().map(JsonElement::getAsString).toList();
      for (TokenPrediction p : e.tokens()) {
        assertEquals(predicted.get(p.position()), p.label(), text + " token " + p.position());
      }
      assertEquals(c.getAsJsonArray("tokens").size(), e.targets().size(), text);
      for (JsonElement te : c.getAsJsonArray("tokens")) {
        JsonObject t = te.getAsJsonObject();
        TargetExplanation x = e.target(t.get("position").getAsInt());
        assertEquals(t.get("label").getAsString(), x.label());
        assertArrayEquals(doubles(t.getAsJsonArray("normalized")),
            x.attributions().stream().mapToDouble(FeatureAttribution::score).toArray(), 1e-4, text);
        assertEquals(t.get("fx").getAsDouble(), x.quality().get("fx"), 1e-5);
        assertEquals(t.get("delta").getAsDouble(), x.quality().get("convergenceDelta"), 1e-4);
      }
    }
  }

  /** hf-bert-ner, a HuggingFace folder built natively, against HuggingFace's eager BertForTokenClassification. */
  @Test
  void nativeHuggingFaceFolderMatchesAutograd() {
    try (PyTorchTextClassifier hf = PyTorchTextClassifier.load(TestJson.model("hf-bert-ner"))) {
      TokenClassificationExplainer explainer = TokenClassificationExplainer.builder().setModel(hf).build();
      int checked = 0;
      for (JsonElement ce : TestJson.read("/golden/lig/hf-bert-ner.json").getAsJsonArray("cases")) {
        JsonObject c = ce.getAsJsonObject();
        String text = c.get("text").getAsString();
        int[] positions = c.getAsJsonArray("tokens").asList().stream()
            .mapToInt(t -> t.getAsJsonObject().get("position").getAsInt()).toArray();
        TokenClassificationExplanation e = explainer.explainTokens(text, positions);
        for (JsonElement te : c.getAsJsonArray("tokens")) {
          JsonObject t = te.getAsJsonObject();
          TargetExplanation x = e.target(t.get("position").getAsInt());
          assertEquals(t.get("label").getAsString(), x.label(), text);
          assertArrayEquals(doubles(t.getAsJsonArray("normalized")),
              x.attributions().stream().mapToDouble(FeatureAttribution::score).toArray(), 1e-4, text);
          assertEquals(t.get("fx").getAsDouble(), x.quality().get("fx"), 1e-5);
          assertEquals(t.get("delta").getAsDouble(), x.quality().get("convergenceDelta"), 1e-4);
          checked++;
        }
      }
      assertEquals(4, checked);
    }
  }

  @Test
  void entitiesAreGroupedFromWordsAndEachEntityTokenRanksFirstForItself() {
    TokenClassificationExplanation e = ner.explain("john smith flew to new york, then svetlana visited ouagadougou");
    assertEquals(List.of("PER john smith", "LOC new york", "PER svetlana", "LOC ouagadougou"),
        e.entities().stream().map(x -> x.type() + " " + x.text()).toList());
    for (EntitySpan x : e.entities()) {
      assertEquals(x.text(), e.text().substring(x.span().start(), x.span().end()));
    }
    assertEquals("svetlana", e.words().stream().filter(w -> w.label().equals("B-PER")).toList().get(1).token());
    for (TargetExplanation t : e.targets()) {
      FeatureAttribution top = t.byMagnitude().get(0);
      assertEquals(t.index(), top.feature().index(), "token " + t.index() + ": " + t.attributions());
    }
  }

  @Test
  void repeatedStringsKeepOneExplanationPerPosition() {
    TokenClassificationExplanation e = ner.explain("paris paris");
    assertEquals(List.of(1, 2), e.targets().stream().map(TargetExplanation::index).toList());
    assertNotEquals(e.target(1).attributions(), e.target(2).attributions());
    assertEquals(1, e.target(1).byMagnitude().get(0).feature().index());
    assertEquals(2, e.target(2).byMagnitude().get(0).feature().index());
  }

  @Test
  void ignoredLabelsAndIndexesAreLabelledButNotExplained() {
    TokenClassificationExplanation all = TokenClassificationExplainer.builder().setModel(model)
        .optIgnoredLabels(Set.of()).build().explain("mary met anna");
    assertEquals(3, all.targets().size());
    TokenClassificationExplanation some = TokenClassificationExplainer.builder().setModel(model)
        .optIgnoredLabels(Set.of("O", "B-PER")).optIgnoredIndexes(Set.of(1)).build().explain("mary met anna in paris");
    assertEquals(List.of(5), some.targets().stream().map(TargetExplanation::index).toList());
    assertEquals(5, some.tokens().size());
    TokenClassificationExplanation chosen = ner.explainTokens("mary met anna", 2);
    assertEquals("O", chosen.target(2).label());
  }

  @Test
  void longTextsAreWindowedWithPositionsAndSpansInTheWholeText() {
    String filler = "the film was long and the story was slow . ";
    String text = "john smith came . " + filler.repeat(12) + "then mary flew to new york . " + filler.repeat(3);
    assertTrue(model.tokenizeWhole(text).size() > 2 * model.maxLength());
    TokenClassificationExplanation e = ner.explain(text);
    assertEquals(List.of("PER john smith", "PER mary", "LOC new york"),
        e.entities().stream().map(x -> x.type() + " " + x.text()).toList());
    ai.lantern.core.spi.TokenizedText whole = model.tokenizeWhole(text);
    for (TokenPrediction p : e.tokens()) {
      assertEquals(whole.tokens().get(p.position()), p.token());
      assertEquals(whole.spans().get(p.position()), p.span());
    }
    EntitySpan york = e.entities().get(2);
    assertEquals(text.indexOf("new york"), york.span().start());
    for (TargetExplanation t : e.targets()) {
      FeatureAttribution top = t.byMagnitude().get(0);
      assertEquals(t.index(), top.feature().index(), "token " + t.index());
      assertEquals(whole.spans().get(t.index()), top.feature().span());
    }
    // The same labels when the windows share no tokens, and with LIME.
    TokenClassificationExplanation noOverlap = TokenClassificationExplainer.builder().setModel(model).optStride(0)
        .build().predict(text);
    assertEquals(e.entities().stream().map(EntitySpan::text).toList(),
        noOverlap.entities().stream().map(EntitySpan::text).toList());
    TokenClassificationExplanation lime = ner.explainWithLime(text, ai.lantern.explainers.lime.LimeTextExplainer
        .builder().optNumSamples(200).build(), 0, ai.lantern.explainers.text.SubwordPerturber.Granularity.TOKEN);
    TargetExplanation mary = lime.targets().stream().filter(t -> t.label().equals("B-PER")).toList().get(1);
    assertEquals("mary", mary.byMagnitude().get(0).feature().span().of(text));
  }

  @Test
  void badInputsGetClearErrors() {
    assertMessage(() -> TokenClassificationExplainer.builder().setModel(model).optIgnoredLabels(Set.of("O", "B-ORG"))
        .build(), "\"B-ORG\" is not a label", "B-LOC");
    assertMessage(() -> ner.explain(""), "empty text");
    assertMessage(() -> ner.explainTokens("john", 0), "position 0", "special");
    assertMessage(() -> ner.explainTokens("john", 1, 1), "given twice");
    try (PyTorchTextClassifier sst2 = PyTorchTextClassifier.load(TestJson.model("sst2-tiny"))) {
      assertMessage(() -> TokenClassificationExplainer.builder().setModel(sst2).build(), "token-classification model");
    }
  }
}
