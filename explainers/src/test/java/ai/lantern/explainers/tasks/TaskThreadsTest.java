package ai.lantern.explainers.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.TargetExplanation;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.TestJson;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.text.SubwordPerturber;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** One explainer shared by several threads gives each of them what a single thread gets, to the last bit. */
class TaskThreadsTest {

  private static List<double[]> scores(List<TargetExplanation> targets) {
    List<double[]> out = new ArrayList<>();
    for (TargetExplanation t : targets) {
      out.add(t.attributions().stream().mapToDouble(FeatureAttribution::score).toArray());
    }
    return out;
  }

  private static void sameOnFourThreads(Supplier<List<TargetExplanation>> explain) throws Exception {
    List<double[]> alone = scores(explain.get());
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<TargetExplanation>>> futures = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        futures.add(pool.submit(explain::get));
      }
      for (Future<List<TargetExplanation>> f : futures) {
        List<double[]> got = scores(f.get());
        assertEquals(alone.size(), got.size());
        for (int k = 0; k < got.size(); k++) {
          org.junit.jupiter.api.Assertions.assertArrayEquals(alone.get(k), got.get(k), 0.0);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void zeroShotTokensAndAnswersAreThreadSafeAndReproducible() throws Exception {
    try (PyTorchTextClassifier nli = PyTorchTextClassifier.load(TestJson.model("nli-tiny"));
        PyTorchTextClassifier ner = PyTorchTextClassifier.load(TestJson.model("ner-tiny"));
        PyTorchTextClassifier qa = PyTorchTextClassifier.load(TestJson.model("qa-tiny"))) {
      ZeroShotClassificationExplainer zs = ZeroShotClassificationExplainer.builder().setModel(nli).build();
      sameOnFourThreads(() -> zs.explain("we watched football", List.of("animals", "music", "sports")).targets());
      LimeTextExplainer lime = LimeTextExplainer.builder().optNumSamples(300).build();
      sameOnFourThreads(() -> zs.explainWithLime("we watched football", List.of("music", "sports"), lime, 7)
          .targets());
      TokenClassificationExplainer tokens = TokenClassificationExplainer.builder().setModel(ner).build();
      sameOnFourThreads(() -> tokens.explain("mary met anna in paris").targets());
      sameOnFourThreads(() -> tokens.explainWithLime("mary met anna in paris", lime, 3,
          SubwordPerturber.Granularity.TOKEN).targets());
      QuestionAnsweringExplainer answers = QuestionAnsweringExplainer.builder().setModel(qa).build();
      sameOnFourThreads(() -> {
        var e = answers.explain("what is the city ?", "the color is red . the city is new york .");
        return List.of(e.start(), e.end());
      });
    }
  }
}
