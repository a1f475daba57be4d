package ai.lantern.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pieces of one character (an emoji cut into four bytes by a byte-level BPE) are shown as that character. */
class ByteLevelReportTest {
  private static FeatureAttribution token(int index, String piece, int start, int end, double score) {
    return new FeatureAttribution(new Feature(index, piece, List.of(new Span(start, end)), false), score);
  }

  @Test
  void piecesOfOneCharacterMergeIntoItWithTheSumOfTheirScores() {
    String text = "I 💖 it";
    List<FeatureAttribution> tokens = List.of(
        new FeatureAttribution(new Feature(0, "<s>", List.of(), true), 0.0),
        token(1, "I", 0, 1, 0.1), token(2, "Ġ", 1, 2, 0.01), token(3, "ð", 2, 4, 0.2), token(4, "Ł", 2, 4, 0.3),
        token(5, "Ĵ", 2, 4, -0.05), token(6, "ĸ", 2, 4, 0.15), token(7, "Ġit", 5, 7, -0.4));
    List<FeatureAttribution> shown = HtmlReport.byCharacters(text, tokens);
    assertEquals(List.of("<s>", "I", "Ġ", "💖", "Ġit"), shown.stream().map(FeatureAttribution::text).toList());
    assertEquals(0.6, shown.get(3).score(), 1e-12);
    assertEquals(new Span(2, 4), shown.get(3).feature().span());
    StringBuilder h = new StringBuilder();
    HtmlReport.highlighted(h, text, tokens);
    assertTrue(h.toString().contains("title=\"💖: +0.6000\">💖</mark>"), h.toString());
    assertFalse(h.toString().contains("Ł"), h.toString());
  }

  @Test
  void chartsNameByteLevelTokensByTheirCharacters() {
    String text = "good  movie\nI";
    assertEquals("movie", HtmlReport.displayName(text, token(2, "Ġmovie", 6, 11, 1)));
    assertEquals("␣", HtmlReport.displayName(text, token(1, "Ġ", 4, 5, 1)));
    assertEquals("↵", HtmlReport.displayName(text, token(3, "Ċ", 11, 12, 1)));
    assertEquals("##ing", HtmlReport.displayName("playing", token(1, "##ing", 4, 7, 1)));
    assertEquals("good", HtmlReport.displayName(text, token(0, "good", 0, 4, 1)));
  }

  @Test
  void featuresThatShareNoCharacterStayAsTheyAre() {
    List<FeatureAttribution> words = List.of(token(0, "good", 0, 4, 1), token(1, "movie", 5, 10, -1));
    assertEquals(words, HtmlReport.byCharacters("good movie", words));
  }
}
