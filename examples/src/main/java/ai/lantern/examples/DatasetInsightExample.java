package ai.lantern.examples;

import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.models.EmbeddedModels;
import ai.lantern.reports.DatasetInsight;
import ai.lantern.reports.DatasetReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * Which words does the sentiment model rely on overall? Explains 100 held-out SST-2 sentences
 * (read from ../shared/data) and aggregates the words. Run it twice: the second run resumes.
 *
 * <pre>examples/run DatasetInsightExample [TSV_FILE]</pre>
 */
public final class DatasetInsightExample {
  private DatasetInsightExample() {}

  public static void main(String[] args) throws Exception {
    Path file = args.length > 0 ? Path.of(args[0])
        : Path.of(System.getProperty("lantern.data.dir", "../shared/data"), "sst2", "test.tsv");
    DatasetReader.Result data = DatasetReader.read(file, "sentence", "label");
    List<DatasetReader.Row> rows = data.rows().subList(0, Math.min(100, data.rows().size()));

    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(EmbeddedModels.path(EmbeddedModels.SST2_TINY))) {
      DatasetInsight insight = DatasetInsight.builder()
          .setExplainer(LimeTextExplainer.builder().setClassifier(model).optNumSamples(500).build())
          .setOutputDirectory(Path.of("insight"))
          .optStopWords(Set.of("the", "a", "an", "of", "and", "to", "is", "it", "'s"))
          .optProgressListener(p -> System.err.printf("\r%d/%d rows", p.done(), p.total()))
          .build();
      List<DatasetInsight.WordStats> stats = insight.run(rows);
      System.err.println();
      System.out.println("most positive words for POSITIVE (sum of scores over the rows):");
      stats.stream().filter(s -> s.label().equals("POSITIVE")).limit(8)
          .forEach(s -> System.out.printf("  %-14s %+.3f in %d rows%n", s.word(), s.sum(), s.count()));
      System.out.println("insight/summary.html, insight/summary.csv, insight/explanations.jsonl");
    }
  }
}
