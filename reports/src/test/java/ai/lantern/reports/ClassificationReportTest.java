package ai.lantern.reports;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The evaluation against scikit-learn's classification_report (tools/golden/evaluation_golden.py). */
class ClassificationReportTest {
  private static List<String> strings(JsonArray a) {
    return a.asList().stream().map(JsonElement::getAsString).toList();
  }

  private static void assertScores(JsonObject expected, ClassificationReport.Scores s) {
    assertEquals(expected.get("precision").getAsDouble(), s.precision(), 1e-12, s.label());
    assertEquals(expected.get("recall").getAsDouble(), s.recall(), 1e-12, s.label());
    assertEquals(expected.get("f1-score").getAsDouble(), s.f1(), 1e-12, s.label());
    assertEquals(expected.get("support").getAsLong(), s.support(), s.label());
  }

  @Test
  void equalsScikitLearn() throws Exception {
    JsonObject golden;
    try (var r = new InputStreamReader(getClass().getResourceAsStream("/golden/evaluation.json"), StandardCharsets.UTF_8)) {
      golden = JsonParser.parseReader(r).getAsJsonObject();
    }
    int checked = 0;
    for (JsonElement ce : golden.getAsJsonArray("cases")) {
      JsonObject c = ce.getAsJsonObject();
      ClassificationReport r = ClassificationReport.of(strings(c.getAsJsonArray("truth")),
          strings(c.getAsJsonArray("predicted")));
      assertEquals(strings(c.getAsJsonArray("labels")), r.labels());
      JsonObject report = c.getAsJsonObject("report");
      for (ClassificationReport.Scores s : r.perClass()) {
        assertScores(report.getAsJsonObject(s.label()), s);
      }
      assertScores(report.getAsJsonObject("macro avg"), r.macro());
      assertScores(report.getAsJsonObject("weighted avg"), r.weighted());
      assertEquals(report.get("accuracy").getAsDouble(), r.accuracy(), 1e-12);
      JsonArray confusion = c.getAsJsonArray("confusion");
      for (int i = 0; i < confusion.size(); i++) {
        assertArrayEquals(confusion.get(i).getAsJsonArray().asList().stream().mapToLong(JsonElement::getAsLong)
            .toArray(), r.confusion()[i]);
      }
      checked++;
    }
    assertEquals(4, checked);
  }

  @Test
  void textAndPageAndBadInput() throws Exception {
    ClassificationReport r = ClassificationReport.of(List.of("A", "B", "B"), List.of("A", "B", "A"));
    String text = r.toText();
    assertTrue(text.contains("precision") && text.contains("weighted avg") && text.contains("accuracy"), text);
    String page = new HtmlReport("evaluation").addEvaluation(r).render();
    javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new java.io.ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
    assertTrue(page.contains("Confusion matrix"), page);
    assertThrows(IllegalArgumentException.class, () -> ClassificationReport.of(List.of("A"), List.of()));
    assertThrows(IllegalArgumentException.class, () -> ClassificationReport.of(List.of(), List.of()));
  }
}
