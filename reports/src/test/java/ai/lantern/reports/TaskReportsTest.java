package ai.lantern.reports;

import static ai.lantern.reports.ReportsTest.HOSTILE;
import static ai.lantern.reports.ReportsTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Budget;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.EntitySpan;
import ai.lantern.core.Explanation;
import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.QuestionAnsweringExplanation;
import ai.lantern.core.Span;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.TokenClassificationExplanation;
import ai.lantern.core.TokenPrediction;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Pair, token-classification and question-answering sections: well-formed, escaped, spans in the right text. */
class TaskReportsTest {
  private static final Diagnostics D = new Diagnostics(50, 104, Duration.ofMillis(12), null, StopReason.COMPLETED,
      Budget.UNLIMITED);

  private static FeatureAttribution f(int index, String text, int start, int sequence, double score) {
    return new FeatureAttribution(new Feature(index, text, List.of(new Span(start, start + text.length())), false,
        sequence), score);
  }

  @Test
  void pairSectionsHighlightEachTextWithItsOwnFeatures() throws Exception {
    String text = "the zebra <ran>";
    String pair = "a tiger & co";
    TargetExplanation t = new TargetExplanation(0, "MATCH", 0.9, List.of(f(0, "zebra", 4, 0, 0.8),
        f(1, "tiger", 2, 1, 0.7)), Map.of());
    Explanation e = new Explanation("lig", Prediction.of(List.of("MATCH"), new double[] {0.9}), List.of(t), D);
    Document doc = parse(new HtmlReport("pair").addPair(text, pair, e).render());
    NodeList marks = doc.getElementsByTagName("mark");
    assertEquals(2, marks.getLength());
    assertEquals("zebra", marks.item(0).getTextContent());
    assertEquals("tiger", marks.item(1).getTextContent());
    assertTrue(doc.getDocumentElement().getTextContent().contains("a tiger & co"));
  }

  @Test
  void tokenSectionsMarkEntitiesAndExplainEachPosition() throws Exception {
    String text = HOSTILE + " paris paris";
    int p1 = text.indexOf("paris");
    int p2 = text.lastIndexOf("paris");
    List<TokenPrediction> tokens = List.of(new TokenPrediction(20, "paris", new Span(p1, p1 + 5), 10, "B-LOC", 0.99),
        new TokenPrediction(21, "paris", new Span(p2, p2 + 5), 11, "B-LOC", 0.98));
    List<EntitySpan> entities = List.of(new EntitySpan("LOC", "paris", new Span(p1, p1 + 5), 0.99, 20, 20),
        new EntitySpan("LOC", "paris", new Span(p2, p2 + 5), 0.98, 21, 21));
    TargetExplanation t1 = new TargetExplanation(20, "B-LOC", 0.99, List.of(f(20, "paris", p1, 0, 0.9)), Map.of());
    TargetExplanation t2 = new TargetExplanation(21, "B-LOC", 0.98, List.of(f(21, "paris", p2, 0, 0.9)), Map.of());
    TokenClassificationExplanation e = new TokenClassificationExplanation("lig", text, tokens, tokens, entities,
        List.of(t1, t2), D);
    Document doc = parse(new HtmlReport("ner").addTokens(e).render());
    assertEquals(0, doc.getElementsByTagName("script").getLength());
    String all = doc.getDocumentElement().getTextContent();
    assertTrue(all.contains("why token 20 \"paris\" is B-LOC"), all);
    assertTrue(all.contains("why token 21 \"paris\" is B-LOC"), all);
    assertTrue(all.contains("<script>alert(1)</script>"));
    Map<String, Object> json = ExplanationJson.toMap(e, "ner-tiny");
    assertEquals("token-classification", json.get("task"));
    assertEquals(2, ((List<?>) json.get("entities")).size());
    assertEquals(21, ((Map<?, ?>) ((List<?>) json.get("explanations")).get(1)).get("position"));
  }

  @Test
  void answerSectionsMarkTheAnswerAndHighlightQuestionAndContext() throws Exception {
    String question = "what is <the> color ?";
    String context = "long & slow . the color is red .";
    int red = context.indexOf("red");
    List<FeatureAttribution> a = List.of(new FeatureAttribution(new Feature(0, "[CLS]", List.of(), true), 0.0),
        f(1, "color", question.indexOf("color"), 0, 0.2), f(9, "red", red, 1, 0.9));
    TargetExplanation start = new TargetExplanation(9, "start", 7.5, a, Map.of("convergenceDelta", 1e-6));
    TargetExplanation end = new TargetExplanation(9, "end", 7.4, a, Map.of("convergenceDelta", 1e-6));
    QuestionAnsweringExplanation e = new QuestionAnsweringExplanation("lig", question, context, "red",
        new Span(red, red + 3), 0.99, 1, 3, start, end, D);
    Document doc = parse(new HtmlReport("qa").addAnswer(e).render());
    String all = doc.getDocumentElement().getTextContent();
    assertTrue(all.contains("window 2 of 3"), all);
    assertTrue(all.contains("why the answer starts at token 9"), all);
    assertTrue(all.contains("what is <the> color ?"));
    NodeList marks = doc.getElementsByTagName("mark");
    int colorMarks = 0;
    for (int i = 0; i < marks.getLength(); i++) {
      colorMarks += marks.item(i).getTextContent().equals("color") ? 1 : 0;
    }
    assertEquals(2, colorMarks, "the question's word, once per target, never the context's 'color'");
    Map<String, Object> json = ExplanationJson.toMap(e, "qa-tiny");
    assertEquals("red", ((Map<?, ?>) json.get("answer")).get("text"));
    assertEquals(red, ((Map<?, ?>) json.get("answer")).get("start"));
  }
}
