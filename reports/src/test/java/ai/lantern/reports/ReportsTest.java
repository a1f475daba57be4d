package ai.lantern.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Budget;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.Explanation;
import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.Span;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetExplanation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ReportsTest {
  static final String HOSTILE = "<script>alert(1)</script> said \"Tom & Jerry's\" friend";
  @TempDir Path tmp;

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  /** A LIME-like explanation of {@code text}: every word a feature, repeated words with several spans. */
  static Explanation explanation(String text, List<String> labels) {
    List<FeatureAttribution> attributions = new ArrayList<>();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\w+").matcher(text);
    java.util.Map<String, List<Span>> spans = new java.util.LinkedHashMap<>();
    while (m.find()) {
      spans.computeIfAbsent(m.group(), k -> new ArrayList<>()).add(new Span(m.start(), m.end()));
    }
    int i = 0;
    for (Map.Entry<String, List<Span>> e : spans.entrySet()) {
      attributions.add(new FeatureAttribution(new Feature(i, e.getKey(), e.getValue(), false), (i % 3 - 1) * 0.1 * (i + 1)));
      i++;
    }
    attributions.add(new FeatureAttribution(new Feature(i, "[SEP]", List.of(), true), 0.0));
    TargetExplanation t = new TargetExplanation(1, labels.get(1), 0.75, attributions,
        Map.of("intercept", 0.4, "score", 0.81, "localPrediction", 0.73));
    return new Explanation("lime", Prediction.of(labels, new double[] {0.25, 0.75}), List.of(t),
        new Diagnostics(5000, 1234, Duration.ofNanos(123_456_789), 42L, StopReason.DEADLINE,
            new Budget(Duration.ofMillis(200), 3000)));
  }

  @Test
  void htmlIsWellFormedAndEscapesEverythingFromTheUser() throws Exception {
    List<String> labels = List.of("<b>NEG</b>", "POS & \"more\"");
    String html = new HtmlReport("Report for <i>you</i>").add(HOSTILE, explanation(HOSTILE, labels), "<u>gold</u>")
        .add("plain text here", explanation("plain text here", List.of("A", "B"))).render();
    Document doc = parse(html);
    assertEquals(0, doc.getElementsByTagName("script").getLength(), "no script element may appear");
    assertEquals(0, doc.getElementsByTagName("b").getLength() - 2, "only the report's own <b> elements");
    String text = doc.getDocumentElement().getTextContent();
    assertTrue(text.contains("<script>alert(1)</script>"), "the user's text is shown as text");
    assertTrue(text.contains("Tom & Jerry's"));
    assertTrue(text.contains("<u>gold</u>"));
    assertTrue(text.contains("POS & \"more\""));
    assertTrue(text.contains("Report for <i>you</i>"));
    assertEquals(2, doc.getElementsByTagName("section").getLength());
    assertTrue(doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength() >= 4);
    assertTrue(doc.getElementsByTagName("mark").getLength() >= 6);
  }

  @Test
  void highlightsEveryOccurrenceAtItsSpan() throws Exception {
    String text = "good, really good";
    String html = new HtmlReport("t").add(text, explanation(text, List.of("A", "B"))).render();
    Document doc = parse(html);
    var marks = doc.getElementsByTagName("mark");
    List<String> marked = new ArrayList<>();
    for (int i = 0; i < marks.getLength(); i++) {
      marked.add(marks.item(i).getTextContent());
    }
    assertEquals(List.of("good", "really", "good"), marked);
  }

  @Test
  void svgChartsAreWellFormedForFewAndManyLongLabels() throws Exception {
    for (int n : new int[] {5, 50}) {
      List<BarChart.Bar> bars = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        bars.add(new BarChart.Bar("feature number " + i + " with a rather long name & <tags>", (i % 2 == 0 ? 1 : -1) * 0.01 * i));
      }
      String svg = BarChart.weights("Weights <" + n + ">", bars).toSvg();
      Document doc = parse(svg);
      assertEquals(n + 1, doc.getElementsByTagName("rect").getLength(), "background plus one bar each");
      var texts = doc.getElementsByTagName("text");
      for (int i = 0; i < texts.getLength(); i++) {
        assertTrue(texts.item(i).getTextContent().length() <= 40, texts.item(i).getTextContent());
      }
      assertTrue(doc.getDocumentElement().getTextContent().contains("& <tags>"), "full label kept in the tooltip");
      BufferedImage img = ImageIO.read(new java.io.ByteArrayInputStream(png(BarChart.weights("w", bars))));
      assertEquals(720, img.getWidth());
      assertTrue(img.getHeight() > 22 * n);
    }
  }

  private byte[] png(BarChart chart) throws Exception {
    Path file = tmp.resolve("chart.png");
    chart.writePng(file);
    return java.nio.file.Files.readAllBytes(file);
  }

  @Test
  void probabilityChartHasAFixedAxis() throws Exception {
    // The axis runs from 0 to 1 whatever the values: 0.2 and 0.8 are drawn at a fifth and four
    // fifths of the same full width, and a chart of 0.1 and 0.4 uses the same scale.
    Document doc = parse(BarChart.probabilities("p", List.of(new BarChart.Bar("A", 0.2), new BarChart.Bar("B", 0.8)))
        .toSvg());
    assertTrue(doc.getDocumentElement().getTextContent().contains("0.800"));
    var rects = doc.getElementsByTagName("rect");
    assertEquals(3, rects.getLength(), "background and two bars");
    double a = Double.parseDouble(rects.item(1).getAttributes().getNamedItem("width").getNodeValue());
    double b = Double.parseDouble(rects.item(2).getAttributes().getNamedItem("width").getNodeValue());
    assertEquals(4.0, b / a, 0.05, "bar lengths proportional to the probabilities");
    Document other = parse(BarChart.probabilities("q", List.of(new BarChart.Bar("A", 0.2), new BarChart.Bar("C", 0.4)))
        .toSvg());
    assertEquals(a, Double.parseDouble(other.getElementsByTagName("rect").item(1).getAttributes()
        .getNamedItem("width").getNodeValue()), 0.0, "the same probability, the same length, in any chart");
    assertEquals(rects.item(1).getAttributes().getNamedItem("x").getNodeValue(),
        rects.item(2).getAttributes().getNamedItem("x").getNodeValue(), "every bar starts at the axis (0)");
  }

  @Test
  void jsonRoundTripsToEqualRecords() {
    for (Explanation e : List.of(explanation(HOSTILE, List.of("NEGATIVE", "POSITIVE")),
        explanation("good, really good 💖 fun", List.of("A", "B")))) {
      String json = ExplanationJson.write(e, "some model");
      assertEquals(e, ExplanationJson.read(json));
      assertEquals(e, ExplanationJson.read(ExplanationJson.writeLine(e, null)));
    }
    Explanation unlimited = new Explanation("lig", Prediction.of(List.of("A", "B"), new double[] {0.5, 0.5}),
        List.of(), new Diagnostics(50, 52, Duration.ofMillis(3), null, StopReason.COMPLETED, Budget.UNLIMITED));
    assertEquals(unlimited, ExplanationJson.read(ExplanationJson.write(unlimited, null)));
  }

  @Test
  void predictionsRoundTrip() {
    Prediction p = Prediction.of(List.of("World", "Sports", "Business", "Sci/Tech"), new double[] {0.1, 0.2, 0.6, 0.1});
    String json = ExplanationJson.gson().toJson(ExplanationJson.prediction(p));
    assertEquals(p, ExplanationJson.readPrediction(json));
    assertTrue(json.contains("\"label\": \"Business\"") && json.contains("\"index\": 2"), json);
    assertTrue(json.contains("\"Sci/Tech\": 0.1"), "probabilities by label name: " + json);
    assertThrows(IllegalArgumentException.class, () -> ExplanationJson.readPrediction("{\"label\": 3}"));
  }

  @Test
  void readingSomethingElseIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExplanationJson.read("{\"a\": 1}"));
    assertTrue(e.getMessage().startsWith("not a Lantern explanation in JSON"), e.getMessage());
    for (String bad : new String[] {"", "[1, 2]", "{\"method\": \"lime\"}", "not json at all {"}) {
      IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> ExplanationJson.read(bad), bad);
      assertTrue(x.getMessage().startsWith("not a Lantern explanation in JSON"), bad + ": " + x.getMessage());
    }
  }
}
