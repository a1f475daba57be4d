package ai.lantern.explainers.lime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Explanation;
import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.TargetExplanation;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.core.spi.TokenizedText;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.text.SubwordPerturber;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** LIME on the committed fixture models, through the PyTorch backend. */
class LimeOnFixturesTest {
  private static PyTorchTextClassifier sst2;
  private static PyTorchTextClassifier planted;

  @BeforeAll
  static void load() {
    Path models = Path.of(System.getProperty("lantern.models.dir"));
    sst2 = PyTorchTextClassifier.load(models.resolve("sst2-tiny"));
    planted = PyTorchTextClassifier.load(models.resolve("planted-tiny"));
  }

  @AfterAll
  static void close() {
    sst2.close();
    planted.close();
  }

  @Test
  void loveWeighsMostForPositiveOnSst2() {
    Explanation e = LimeTextExplainer.builder().setClassifier(sst2).build().explain("I love you, I like you");
    assertEquals("POSITIVE", e.prediction().label());
    TargetExplanation t = e.target("POSITIVE");
    FeatureAttribution top = t.attributions().stream().max((a, b) -> Double.compare(a.score(), b.score())).get();
    assertEquals("love", top.text());
    assertEquals(5000, e.diagnostics().samples());
    assertTrue(e.diagnostics().forwardPasses() <= 1 + 30, "5 distinct words give at most 31 distinct texts: "
        + e.diagnostics().forwardPasses());
  }

  @Test
  void plantedTriggersRankFirstForTheirClass() {
    String[][] cases = {
        {"the story was long but the zebra made it worth the time", "ALPHA", "zebra"},
        {"people said the music was fine and the maple was old", "BETA", "maple"},
        {"after all this time one quartz stone was found in the field", "ALPHA", "quartz"},
    };
    for (LimeTextExplainer.Features mode : LimeTextExplainer.Features.values()) {
      LimeTextExplainer lime = LimeTextExplainer.builder().setClassifier(planted).optFeatures(mode)
          .optNumSamples(1000).build();
      for (String[] c : cases) {
        Explanation e = lime.explain(c[0]);
        assertEquals(c[1], e.prediction().label(), c[0]);
        FeatureAttribution top = e.target(c[1]).byMagnitude().get(0);
        assertEquals(c[2], top.text(), mode + ": " + c[0]);
        assertTrue(top.score() > 0, mode + ": " + c[0]);
      }
    }
  }

  @Test
  void tokenFeaturesReportEveryPieceWithItsSpan() {
    String text = "Unflinchingly bleak, 💖 and desperate";
    TokenizedText t = sst2.tokenize(text);
    PerturbationSpace<TokenIds> space = new SubwordPerturber(sst2, SubwordPerturber.Granularity.TOKEN,
        SubwordPerturber.Hiding.MASK).featurize(text);
    List<String> pieces = space.features().stream().map(Feature::text).toList();
    assertTrue(pieces.stream().anyMatch(p -> p.startsWith("##")), "expected subword pieces: " + pieces);
    assertEquals(t.size() - 2, space.size(), "every non-special token is a feature");
    for (Feature f : space.features()) {
      String covered = f.span().of(text).toLowerCase(java.util.Locale.ROOT);
      String piece = f.text().startsWith("##") ? f.text().substring(2) : f.text();
      assertEquals(piece.equals("[UNK]") ? covered : piece, covered, "span of " + f.text());
    }
  }

  @Test
  void wholeWordsHideAllTheirPiecesAndSpecialTokensStay() {
    String text = "Unflinchingly bleak and desperate";
    TokenizedText t = sst2.tokenize(text);
    PerturbationSpace<TokenIds> space = new SubwordPerturber(sst2, SubwordPerturber.Granularity.WHOLE_WORD,
        SubwordPerturber.Hiding.REMOVE).featurize(text);
    assertEquals(List.of("Unflinchingly", "bleak", "and", "desperate"),
        space.features().stream().map(Feature::text).toList());
    BitSet keep = new BitSet();
    keep.set(1, space.size());
    TokenIds withoutFirst = space.render(keep);
    long firstWordPieces = java.util.stream.IntStream.range(0, t.size()).filter(i -> t.wordId(i) == 0).count();
    assertTrue(firstWordPieces > 1, "the first word must have several pieces");
    assertEquals(t.size() - firstWordPieces, withoutFirst.length());
    TokenIds nothing = space.render(new BitSet());
    assertEquals(2, nothing.length());
    assertEquals(t.ids().id(0), nothing.id(0));
    assertEquals(t.ids().id(t.size() - 1), nothing.id(1));
    TokenIds masked = new SubwordPerturber(sst2, SubwordPerturber.Granularity.WHOLE_WORD,
        SubwordPerturber.Hiding.MASK).featurize(text).render(new BitSet());
    assertEquals(t.size(), masked.length());
    for (int i = 1; i < t.size() - 1; i++) {
      assertEquals(sst2.maskTokenId().getAsLong(), masked.id(i));
    }
  }

  @Test
  void tokenIdsPredictLikeText() {
    String text = "a charming and often affecting journey";
    double[] fromText = sst2.predictProbabilities(List.of(text))[0];
    double[] fromIds = sst2.predictTokenIds(List.of(sst2.tokenize(text).ids()))[0];
    org.junit.jupiter.api.Assertions.assertArrayEquals(fromText, fromIds, 1e-12);
  }
}
