package ai.lantern.explainers.tasks;

import static ai.lantern.explainers.TestJson.doubles;
import static ai.lantern.explainers.tasks.ZeroShotTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.NoAnswerException;
import ai.lantern.core.QuestionAnsweringExplanation;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.TestJson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** qa-tiny: "what is the KEY ?" over facts "the KEY is VALUE ."; unanswerable questions point at [CLS]. */
class QuestionAnsweringTest {
  private static PyTorchTextClassifier model;
  private static QuestionAnsweringExplainer qa;

  @BeforeAll
  static void load() {
    model = PyTorchTextClassifier.load(TestJson.model("qa-tiny"));
    qa = QuestionAnsweringExplainer.builder().setModel(model).build();
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void answerAndAttributionsMatchThePythonReference() {
    for (JsonElement ce : TestJson.read("/golden/lig/qa-tiny.json").getAsJsonArray("cases")) {
      JsonObject c = ce.getAsJsonObject();
      String question = c.get("question").getAsString();
      String context = c.get("context").getAsString();
      QuestionAnsweringExplanation e = qa.explain(question, context);
      assertEquals(c.get("score").getAsDouble(), e.score(), 1e-5, question);
      assertEquals(1, e.windows());
      for (String end : new String[] {"start", "end"}) {
        JsonObject g = c.getAsJsonObject(end);
        TargetExplanation t = end.equals("start") ? e.start() : e.end();
        assertEquals(g.get("position").getAsInt(), t.index(), question + " " + end);
        assertEquals(g.get("fx").getAsDouble(), t.modelValue(), 1e-4);
        assertArrayEquals(doubles(g.getAsJsonArray("normalized")),
            t.attributions().stream().mapToDouble(FeatureAttribution::score).toArray(), 1e-4, question + " " + end);
        assertEquals(g.get("delta").getAsDouble(), t.quality().get("convergenceDelta"), 1e-3);
      }
      assertEquals(e.answer(), context.substring(e.span().start(), e.span().end()));
    }
  }

  @Test
  void theAnswerTokenRanksFirstForItsStartAndEnd() {
    String[][] cases = {{"what is the color ?", "the city is paris . the color is blue .", "blue"},
        {"what is the number ?", "the number is forty . the animal is zebra .", "forty"},
        {"what is the city ?", "the film was long . the city is new york . the color is red .", "new york"}};
    for (String[] c : cases) {
      QuestionAnsweringExplanation e = qa.explain(c[0], c[1]);
      assertEquals(c[2], e.answer(), c[0]);
      assertEquals(e.start().index(), e.start().byMagnitude().get(0).feature().index(), c[0] + " start");
      assertEquals(e.end().index(), e.end().byMagnitude().get(0).feature().index(), c[0] + " end");
      FeatureAttribution top = e.start().byMagnitude().get(0);
      assertEquals(1, top.feature().sequence());
      assertEquals(c[2].split(" ")[0], top.feature().span().of(c[1]));
    }
  }

  @Test
  void longContextsAreWindowedAndSpansIndexTheWholeContext() {
    String filler = "the film was long and the story was slow . ";
    String context = filler.repeat(8) + "the color is green . " + filler.repeat(2);
    assertTrue(model.tokenizeWhole(context).size() > model.maxLength());
    QuestionAnsweringExplanation e = qa.explain("what is the color ?", context);
    assertTrue(e.windows() > 1, "windows: " + e.windows());
    assertEquals("green", e.answer());
    assertEquals(context.indexOf("green"), e.span().start());
    FeatureAttribution top = e.start().byMagnitude().get(0);
    assertEquals("green", top.feature().span().of(context));
    // The same answer with a small stride (more windows) and with the fact early in the context.
    assertEquals("green", QuestionAnsweringExplainer.builder().setModel(model).optStride(0).build()
        .answer("what is the color ?", context).text());
    String early = "the color is green . " + filler.repeat(10);
    assertEquals(early.indexOf("green"), qa.answer("what is the color ?", early).span().start());
  }

  @Test
  void aQuestionWithNoAnswerInTheContextSaysSo() {
    NoAnswerException e = assertThrows(NoAnswerException.class,
        () -> qa.explain("what is the number ?", "the color is red . the city is tokyo ."));
    assertTrue(e.getMessage().contains("no answer to \"what is the number ?\""), e.getMessage());
    assertTrue(e.noAnswerScore() > e.bestSpanScore());
  }

  @Test
  void badInputsGetClearErrors() {
    assertMessage(() -> qa.explain("", "the color is red ."), "an empty question");
    assertMessage(() -> qa.explain("what is the color ?", " "), "an empty context");
    assertMessage(() -> qa.explain("what is the color ? ".repeat(20), "the color is red ."), "leaves no room");
    assertMessage(() -> QuestionAnsweringExplainer.builder().setModel(model).optMaxAnswerLength(0).build(),
        "maxAnswerLength");
    try (PyTorchTextClassifier ner = PyTorchTextClassifier.load(TestJson.model("ner-tiny"))) {
      assertMessage(() -> QuestionAnsweringExplainer.builder().setModel(ner).build(), "question-answering model");
    }
  }
}
