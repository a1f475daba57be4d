package ai.lantern.benchmarks;

import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.tasks.QuestionAnsweringExplainer;
import ai.lantern.explainers.tasks.TokenClassificationExplainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory over many token-classification and windowed question-answering explanations
 * (LIG, 50 steps): it must level off, since every native array of a call lives in a per-call
 * manager. Run with a small fixed heap so that the Java heap cannot hide a native leak:
 *
 * <pre>LANTERN_JAVA_OPTS="-Xms64m -Xmx64m -XX:+AlwaysPreTouch" benchmarks/run --main TaskMemoryReport 1500 250</pre>
 */
public final class TaskMemoryReport {
  private TaskMemoryReport() {}

  public static void main(String[] args) throws IOException {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1500;
    int every = args.length > 1 ? Integer.parseInt(args[1]) : 250;
    String filler = "the film was long and the story was slow . ";
    String context = filler.repeat(6) + "the color is red . " + filler;
    try (PyTorchTextClassifier ner = PyTorchTextClassifier.load(BenchmarkModels.path("ner-tiny"));
        PyTorchTextClassifier qa = PyTorchTextClassifier.load(BenchmarkModels.path("qa-tiny"))) {
      TokenClassificationExplainer tokens = TokenClassificationExplainer.builder().setModel(ner).build();
      QuestionAnsweringExplainer answers = QuestionAnsweringExplainer.builder().setModel(qa).build();
      long t0 = System.nanoTime();
      for (int i = 1; i <= count; i++) {
        tokens.explain("john smith flew to new york " + i);
        answers.explain("what is the color ?", context);
        if (i % every == 0) {
          System.out.printf("%d token + %d QA explanations: RSS %.1f MiB, %.1f s%n", i, i, rss() / 1024.0,
              (System.nanoTime() - t0) / 1e9);
        }
      }
    }
  }

  private static long rss() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }
}
