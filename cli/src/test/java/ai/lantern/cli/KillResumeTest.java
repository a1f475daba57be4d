package ai.lantern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real crash: {@code explain-dataset} on 2,000 SST-2 rows in its own JVM, killed with SIGKILL
 * mid-run, then resumed; the result equals an uninterrupted run with no row lost or duplicated.
 */
class KillResumeTest extends CliTestBase {
  private static final int ROWS = 2000;

  @Test
  void killedWithSigkillAndResumedEqualsAnUninterruptedRun(@TempDir Path tmp) throws Exception {
    Path train = Path.of(System.getProperty("lantern.data.dir"), "sst2", "train.tsv");
    assertTrue(Files.isReadable(train), "SST-2 is needed: " + train.toAbsolutePath() + " (../shared/data)");
    List<String> lines = Files.readAllLines(train, StandardCharsets.UTF_8);
    Path input = tmp.resolve("rows.tsv");
    Files.write(input, lines.subList(0, ROWS + 1), StandardCharsets.UTF_8);
    Path killed = tmp.resolve("killed");
    String[] options = {"explain-dataset", "--input", input.toString(), "--column", "sentence", "--label-column",
        "label", "--samples", "60", "--threads", "1", "--out"};

    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Dlantern.cache.dir=" + System.getProperty("lantern.cache.dir"),
        "-Dai.djl.offline=true", Main.class.getName()));
    command.addAll(List.of(options));
    command.add(killed.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(tmp.resolve("log").toFile())
        .start();
    Path jsonl = killed.resolve("explanations.jsonl");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (lineCount(jsonl) < 300) {
      assertTrue(p.isAlive(), "the run ended before it was killed: " + Files.readString(tmp.resolve("log")));
      assertTrue(System.nanoTime() < deadline, "no progress in 120 s: " + Files.readString(tmp.resolve("log")));
      Thread.sleep(20);
    }
    p.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
    assertEquals(137, p.waitFor(), "killed by SIGKILL");
    long before = lineCount(jsonl);
    assertTrue(before < ROWS, "killed mid-run, after " + before + " rows");

    assertEquals(0, run(concat(options, killed.toString())), stderr());
    assertTrue(stdout().contains("explained now, " + before + " before") || stdout().contains(
        "explained now, " + (before - 1) + " before"), "resumed after the rows written before the kill: " + stdout());
    Path whole = tmp.resolve("whole");
    assertEquals(0, run(concat(options, whole.toString())), stderr());

    Map<Integer, JsonObject> resumed = rows(jsonl);
    Map<Integer, JsonObject> uninterrupted = rows(whole.resolve("explanations.jsonl"));
    assertEquals(uninterrupted.keySet(), resumed.keySet());
    assertEquals(uninterrupted, resumed);
    assertEquals(Files.readString(whole.resolve("summary.csv")), Files.readString(killed.resolve("summary.csv")));
  }

  private static String[] concat(String[] options, String last) {
    String[] all = java.util.Arrays.copyOf(options, options.length + 1);
    all[options.length] = last;
    return all;
  }

  private static long lineCount(Path file) throws java.io.IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    try (var l = Files.lines(file, StandardCharsets.UTF_8)) {
      return l.count();
    }
  }

  /** Rows by line number, each met once, timings taken out. */
  private static Map<Integer, JsonObject> rows(Path jsonl) throws java.io.IOException {
    Map<Integer, JsonObject> m = new TreeMap<>();
    for (String l : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
      JsonObject o = JsonParser.parseString(l).getAsJsonObject();
      if (o.has("explanation")) {
        JsonObject d = o.getAsJsonObject("explanation").getAsJsonObject("diagnostics");
        d.remove("elapsedMillis");
        d.remove("elapsedNanos");
        d.remove("samplesPerSecond");
      }
      assertEquals(null, m.put(o.get("row").getAsInt(), o), "row " + o.get("row") + " written twice");
    }
    assertEquals(ROWS, m.size(), "every row once");
    return m;
  }
}
