package ai.lantern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests for the command-line findings of the reliability battery. */
class CliReliabilityTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    out.reset();
    err.reset();
    return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void reportAndNoReportTogetherAreRefused(@TempDir Path tmp) {
    Path report = tmp.resolve("r.html");
    assertEquals(2, run("explain", "--text", "good film", "--report", report.toString(), "--no-report"));
    assertTrue(stderr().contains("give --report FILE or --no-report, not both"), stderr());
    assertFalse(Files.exists(report));
  }

  @Test
  void topLabelsOutsideTheLabelsIsRefused() {
    assertEquals(2, run("explain", "--text", "good film", "--top-labels", "0", "--no-report"));
    assertTrue(stderr().contains("--top-labels must lie in 1..2 (the model's labels), got 0"), stderr());
    assertEquals(2, run("explain", "--text", "good film", "--top-labels", "3", "--no-report"));
  }

  @Test
  void hugeStepsAndDeadlinesAreRefusedByOptionName() {
    long t0 = System.nanoTime();
    assertEquals(2, run("explain", "--method", "lig", "--text", "good", "--steps", "100000", "--deadline", "1s"));
    assertTrue(stderr().contains("--steps must lie in 1..10000, got 100000"), stderr());
    assertEquals(2, run("explain", "--method", "lig", "--text", "good", "--steps", "2000000000", "--estimate"));
    assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "refused at once");
    assertEquals(2, run("explain", "--text", "good", "--deadline", "99999999999999999m"));
    assertTrue(stderr().contains("--deadline must be at most 30 days"), stderr());
  }

  @Test
  void controlCharactersNeverReachTheTerminal() {
    String text = "great \u001b]0;pwned\u0007 film \u001b[2J";
    assertEquals(0, run("explain", "--text", text, "--method", "occlusion", "--features", "token", "--no-report"),
        stderr());
    assertFalse(stdout().contains("\u001b"), stdout());
    assertFalse(stdout().contains("\u0007"), stdout());
    assertEquals("a\\u001Bb\\u0007", Main.printable("a\u001bb\u0007"));
    assertEquals("plain", Main.printable("plain"));
  }
}
