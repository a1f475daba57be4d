package ai.lantern.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A score too small for the fixed format is printed so that it does not read as zero. */
class SmallScoreTest {
  @Test
  void fixedWhenItShowsADigitScientificOtherwise() {
    assertEquals("+0.1234", Xml.score("%+.4f", 0.12344));
    assertEquals("-0.0001", Xml.score("%+.4f", -0.00011));
    assertEquals("+0.0000", Xml.score("%+.4f", 0.0), "a true zero stays fixed");
    assertEquals("+3.00e-06", Xml.score("%+.4f", 3e-6));
    assertEquals("-4.50e-07", Xml.score("%+.4f", -4.5e-7));
    assertEquals("2.00e-03", Xml.score("%.2f", 0.002));
  }

  @Test
  void chartLabelsShowTinyWeights() {
    String svg = BarChart.weights("tiny", List.of(new BarChart.Bar("big", 0.5), new BarChart.Bar("tiny", 3e-6)))
        .toSvg();
    assertTrue(svg.contains("+3.00e-06"), svg);
    assertTrue(!svg.contains("+0.0000"), svg);
    java.util.regex.Matcher value = java.util.regex.Pattern.compile("<text x=\"(\\d+)\"[^>]*>\\+3\\.00e-06<")
        .matcher(svg);
    java.util.regex.Matcher width = java.util.regex.Pattern.compile("<svg [^>]*width=\"(\\d+)\"").matcher(svg);
    assertTrue(value.find() && width.find(), svg);
    // 12-pixel sans-serif digits are at most 7 pixels wide: the whole label fits inside the chart.
    assertTrue(Integer.parseInt(value.group(1)) + 9 * 7 <= Integer.parseInt(width.group(1)), svg);
  }
}
