package ai.lantern.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.PerturbationExplainer;
import ai.lantern.explainers.occlusion.Occlusion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A text with unpaired surrogates (half an emoji): spans still point at the right words, and the
 * report is written (the lone halves shown as U+FFFD) instead of failing to encode.
 */
class LoneSurrogateTest {
  @Test
  void spansAndReportsSurviveHalfAnEmoji(@TempDir Path tmp) throws Exception {
    String text = "I love \uD83D this \uDE00 film";
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(
        Path.of(System.getProperty("lantern.models.dir"), "sst2-tiny"))) {
      for (PerturbationExplainer.Features f : PerturbationExplainer.Features.values()) {
        Explanation e = Occlusion.builder().setClassifier(model).optFeatures(f).build().explain(text);
        int words = 0;
        for (FeatureAttribution a : e.targets().get(0).attributions()) {
          String at = text.substring(a.span().start(), a.span().end());
          if (a.text().equals("this") || a.text().equals("film") || a.text().equals("love")) {
            assertEquals(a.text(), at, f + ": span of " + a.text() + " is " + a.span());
            words++;
          }
        }
        assertEquals(3, words, f.toString());
        Path page = tmp.resolve(f + ".html");
        new HtmlReport("lone surrogates").add(text, e).write(page);
        String html = Files.readString(page, StandardCharsets.UTF_8);
        assertTrue(html.contains("\uFFFD"), "the lone halves are shown as U+FFFD");
      }
    }
  }
}
