package ai.lantern.explainers.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.lantern.core.Feature;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.Span;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordPerturberTest {

  private static List<String> words(PerturbationSpace<String> s) {
    return s.features().stream().map(Feature::text).toList();
  }

  private static BitSet keepAllBut(int d, int... hidden) {
    BitSet b = new BitSet();
    b.set(0, d);
    for (int h : hidden) {
      b.clear(h);
    }
    return b;
  }

  @Test
  void bagOfWordsRemovesEveryOccurrenceAndKeepsSeparators() {
    PerturbationSpace<String> s = new WordPerturber().featurize("great, truly great fun");
    assertEquals(List.of("great", "truly", "fun"), words(s));
    assertEquals(List.of(new Span(0, 5), new Span(13, 18)), s.features().get(0).spans());
    assertEquals(", truly  fun", s.render(keepAllBut(3, 0)));
    assertEquals("great, truly great fun", s.render(keepAllBut(3)));
  }

  @Test
  void occurrencesWithAMaskString() {
    PerturbationSpace<String> s = new WordPerturber(false, WordPerturber.DEFAULT_MASK).featurize("great, truly great");
    assertEquals(List.of("great", "truly", "great"), words(s));
    assertEquals("great, truly UNKWORDZ", s.render(keepAllBut(3, 2)));
  }

  @Test
  void wordCharactersFollowPythonsUnicodeDefinition() {
    // Letters with precomposed accents, digits, superscripts and underscores are word characters;
    // a combining accent (category Mn) is not, in Python's \w, so it splits "e\u0301t\u00e9".
    assertEquals(List.of("naïve", "x²", "snake_case", "e", "té"),
        words(new WordPerturber().featurize("naïve x² snake_case e\u0301té")));
  }

  @Test
  void spansAreUtf16IndicesAfterEmoji() {
    String text = "I 💖 this film";
    PerturbationSpace<String> s = new WordPerturber().featurize(text);
    assertEquals(List.of("I", "this", "film"), words(s));
    for (Feature f : s.features()) {
      assertEquals(f.text(), f.span().of(text));
    }
  }

  @Test
  void caseSensitiveLikeLime() {
    assertEquals(List.of("Good", "good"), words(new WordPerturber().featurize("Good good")));
  }
}
