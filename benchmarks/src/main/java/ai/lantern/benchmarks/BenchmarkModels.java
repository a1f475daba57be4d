package ai.lantern.benchmarks;

import ai.lantern.models.EmbeddedModels;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the benchmarks find their models. */
final class BenchmarkModels {
  /** A 40-word review (35 distinct words), the length the LIME and LIG benchmarks use. */
  static final String FORTY_WORDS = "the film starts slowly and the first act drags but once the two leads "
      + "finally meet the story finds its heart with warm performances sharp dialogue and a score that lifts "
      + "every scene into something quietly wonderful and deeply moving";

  private BenchmarkModels() {}

  static Path path(String name) {
    if (name.equals("sst2-tiny")) {
      return EmbeddedModels.path(EmbeddedModels.SST2_TINY);
    }
    if (name.equals("bert-base")) {
      Path dir = Path.of(System.getProperty("lantern.benchmark.models", "benchmarks/models"), "bert-base-random");
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException(dir.toAbsolutePath() + " is missing: generate it with "
            + "/usr/bin/python3 tools/fixtures/make_bert_base.py (needs python3-torch and ../shared/data)");
      }
      return dir;
    }
    if (name.startsWith("bert-base-hf")) {
      Path dir = Path.of(System.getProperty("lantern.benchmark.models", "benchmarks/models"), name);
      if (!Files.isDirectory(dir)) {
        throw new IllegalStateException(dir.toAbsolutePath() + " is missing: generate it with "
            + "tools/fixtures/make_bert_base_hf.py (needs python3-torch and ../shared/hf-reference)");
      }
      return dir;
    }
    Path fixture = Path.of(System.getProperty("lantern.models.dir", "models"), name);
    if (Files.isDirectory(fixture)) {
      return fixture;
    }
    throw new IllegalArgumentException("unknown benchmark model " + name + " (not in " + fixture.getParent() + ")");
  }
}
