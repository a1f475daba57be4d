package ai.lantern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression tests for the command-line findings of the reliability battery. */
class CliReliabilityTest extends CliTestBase {

  @Test
  void reportAndNoReportTogetherAreRefused(@TempDir Path tmp) {
    Path report = tmp.resolve("r.html");
    assertEquals(2, run("explain", "--text", "good film", "--report", report.toString(), "--no-report"));
    assertTrue(stderr().contains("--report, --no-report are mutually exclusive"), stderr());
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
  void aRowWithNothingToExplainIsSkippedWithItsLineAndTheRunGoesOn(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("rows.csv");
    Files.writeString(csv, "text\ngood film\n\"!!! ...\"\nawful film\n");
    Path dir = tmp.resolve("out");
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "100"), stderr());
    assertTrue(stderr().contains("lantern: not explained, line 3:"), stderr());
    assertTrue(stdout().startsWith("2 rows explained (0 skipped while reading, 1 not explainable; 3 explained now, 0 before)"), stdout());
    assertTrue(Files.exists(dir.resolve("summary.csv")));
    // A resume does not trip over the same row again.
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "100"), stderr());
    assertEquals(3, Files.readAllLines(dir.resolve("explanations.jsonl")).size());
    assertTrue(stdout().contains("0 explained now, 3 before"), stdout());
  }

  @Test
  void whereAndExcludedIdsChooseTheRowsAndEachRowIsSeededByItsId(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("rows.csv");
    Files.writeString(csv, "id,text,gender\na1,a wonderful film,f\na2,so dull and boring,m\n"
        + "a3,the music was lovely,f\na4,a dull plot,f\n");
    Path ids = tmp.resolve("exclude.txt");
    Files.writeString(ids, "a4\n\n");
    Path dir = tmp.resolve("out");
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "100", "--id-column", "id", "--where", "gender=f", "--exclude-ids", ids.toString()), stderr());
    assertTrue(stdout().startsWith("2 rows explained (0 skipped while reading, 0 not explainable, "
        + "2 left out by --where/--exclude-ids; 2 explained now, 0 before)"), stdout());
    List<String> lines = Files.readAllLines(dir.resolve("explanations.jsonl"));
    assertEquals(2, lines.size());
    assertTrue(lines.get(0).contains("\"id\":\"a1\"") && lines.get(1).contains("\"id\":\"a3\""), lines.toString());
    long seed = ai.lantern.reports.DatasetInsight.rowSeed(0, "a3");
    assertTrue(lines.get(1).contains("\"seed\":" + seed), lines.get(1));
    // The same row explained alone with its seed gives the same scores.
    assertEquals(0, run("explain", "--text", "the music was lovely", "--samples", "100", "--seed", Long.toString(seed),
        "--json", "--no-report"), stderr());
    com.google.gson.JsonObject single = com.google.gson.JsonParser.parseString(stdout()).getAsJsonObject();
    com.google.gson.JsonObject stored = com.google.gson.JsonParser.parseString(lines.get(1)).getAsJsonObject()
        .getAsJsonObject("explanation");
    assertEquals(single.getAsJsonArray("explanations").get(0).getAsJsonObject().get("features"),
        stored.getAsJsonArray("explanations").get(0).getAsJsonObject().get("features"));
    // Another filter is another run: refused, nothing mixed.
    assertEquals(1, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "100", "--id-column", "id", "--where", "gender=m"));
    assertTrue(stderr().contains("where: \"gender=f\" then, \"gender=m\" now"), stderr());
    // Mistakes are named.
    assertEquals(1, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out",
        tmp.resolve("o2").toString(), "--where", "sex=f"));
    assertTrue(stderr().contains("has no column 'sex' (in the condition 'sex=f'); its columns: [id, text, gender]"),
        stderr());
    assertEquals(2, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out",
        tmp.resolve("o3").toString(), "--where", "gender"));
    assertTrue(stderr().contains("the condition 'gender' is not COLUMN=VALUE or COLUMN!=VALUE"), stderr());
    assertEquals(2, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out",
        tmp.resolve("o4").toString(), "--exclude-ids", ids.toString()));
    assertTrue(stderr().contains("--exclude-ids names rows by their id: give --id-column too"), stderr());
    // Nothing to explain, or an --out that is a file: refused before anything is written.
    assertEquals(1, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out",
        tmp.resolve("o5").toString(), "--where", "gender=x"));
    assertTrue(stderr().contains("has no row to explain: --where/--exclude-ids left out all 4; nothing was written"),
        stderr());
    assertFalse(Files.exists(tmp.resolve("o5")));
    Path header = tmp.resolve("header.csv");
    Files.writeString(header, "id,text\n");
    assertEquals(1, run("explain-dataset", "--input", header.toString(), "--column", "text", "--out",
        tmp.resolve("o6").toString()));
    assertTrue(stderr().contains("has no row to explain: a header and no usable row"), stderr());
    assertEquals(1, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", ids.toString()));
    assertTrue(stderr().contains("--out " + ids + " is a file; the output is a folder"), stderr());
  }

  @Test
  void spLimePicksTheExplanationsThatCoverTheDataSet(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("rows.csv");
    Files.writeString(csv, "text\na wonderful film\na wonderful film\nso dull and boring\nthe music was lovely\n");
    Path dir = tmp.resolve("out");
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "200", "--pick", "2"), stderr());
    assertTrue(stdout().contains("SP-LIME: 2 of 4 explanations cover the most important words"), stdout());
    long picked = stdout().lines().filter(l -> l.startsWith("  line ")).count();
    assertEquals(2, picked, stdout());
    assertTrue(!stdout().contains("line 2 ") || !stdout().contains("line 3 "), "a duplicate adds nothing: "
        + stdout());
    assertTrue(Files.readString(dir.resolve("picked.html")).contains("SP-LIME"));
  }

  @Test
  void spLimePageShowsEachPickedRowsTrueLabel(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("rows.csv");
    Files.writeString(csv, "text,gold\na wonderful film,gold-positive\nso dull and boring,gold-negative\n");
    Path dir = tmp.resolve("out");
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--label-column", "gold",
        "--out", dir.toString(), "--samples", "100", "--pick", "2"), stderr());
    String page = Files.readString(dir.resolve("picked.html"));
    assertTrue(page.contains("gold-positive") && page.contains("gold-negative"), page);
  }

  @Test
  void explainDatasetTakesLabelsFeatureCountsAndGroups(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("rows.csv");
    Files.writeString(csv, "text,author\na wonderful film,A\na dull and boring film,A\na wonderful story,B\n"
        + "a boring plot,B\nthe film was wonderful and fun,B\n");
    Path dir = tmp.resolve("out");
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "200", "--label", "positive", "--num-features", "all", "--group-column", "author"), stderr());
    java.util.List<String> summary = Files.readAllLines(dir.resolve("summary.csv"));
    assertTrue(summary.stream().skip(1).allMatch(l -> l.startsWith("POSITIVE,")), "one explained class: " + summary);
    assertTrue(summary.stream().anyMatch(l -> l.startsWith("POSITIVE,fun,")), "every word, fun included: " + summary);
    java.util.List<String> byGroup = Files.readAllLines(dir.resolve("summary-by-group.csv"));
    assertEquals("group,label,word,count,mean,mean_abs,sum", byGroup.get(0));
    assertTrue(byGroup.stream().anyMatch(l -> l.startsWith("A,POSITIVE,wonderful,1,"))
        && byGroup.stream().anyMatch(l -> l.startsWith("B,POSITIVE,wonderful,2,")), byGroup.toString());
    String page = Files.readString(dir.resolve("groups.html"));
    assertTrue(page.contains("differs most between groups") && page.contains("wonderful"), page);
    assertEquals(1, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "200", "--label", "negative", "--num-features", "all", "--group-column", "author"));
    assertTrue(stderr().contains("label: \"POSITIVE\" then, \"NEGATIVE\" now"), stderr());
  }

  @Test
  void explainDatasetTakesEveryMethodsOptions(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("rows.csv");
    Files.writeString(csv, "text\na wonderful film\nso dull and boring\n");
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out",
        tmp.resolve("shap").toString(), "--method", "partition-shap", "--max-evals", "12"), stderr());
    String line = Files.readAllLines(tmp.resolve("shap").resolve("explanations.jsonl")).get(0);
    assertTrue(line.contains("\"method\":\"partition-shap\"") && line.contains("\"samples\":"), line);
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out",
        tmp.resolve("lig").toString(), "--method", "lig", "--steps", "6", "--integration", "riemann_middle"), stderr());
    assertTrue(Files.readAllLines(tmp.resolve("lig").resolve("explanations.jsonl")).get(0).contains("\"samples\":6"));
    assertEquals(2, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out",
        tmp.resolve("x").toString(), "--method", "lig", "--max-evals", "12"));
    assertTrue(stderr().contains("--max-evals applies to --method partition-shap, not lig"), stderr());
  }

  @Test
  void aResumeWithAnotherRunsSettingsOrInputIsRefused(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("a.csv");
    Files.writeString(csv, "text\ngood film\nawful film\n");
    Path dir = tmp.resolve("out");
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "100"), stderr());
    String before = Files.readString(dir.resolve("explanations.jsonl"));
    assertEquals(1, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "100", "--method", "kernel-shap"));
    assertTrue(stderr().contains("holds the results of a run with other settings (method: \"lime\" then, "
        + "\"kernel-shap\" now)"), stderr());
    Path other = tmp.resolve("b.csv");
    Files.writeString(other, "text\nsomething else entirely\nawful film\n");
    assertEquals(1, run("explain-dataset", "--input", other.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "100"));
    assertTrue(stderr().contains("holds row 2 with the text \"good film\", but row 2 of this input is "
        + "\"something else entirely\""), stderr());
    assertEquals(before, Files.readString(dir.resolve("explanations.jsonl")), "nothing written");
  }

  @Test
  void aDamagedLineIsDroppedByReplacingTheFileWhole(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("a.csv");
    Files.writeString(csv, "text\ngood film\nawful film\nfine film\n");
    Path dir = tmp.resolve("out");
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "100"), stderr());
    Path jsonl = dir.resolve("explanations.jsonl");
    java.util.List<String> lines = Files.readAllLines(jsonl);
    Files.write(jsonl, java.util.List.of(lines.get(0), "{\"row\": 3, \"explanation\": {\"method\"", lines.get(2)));
    Object inode = Files.getAttribute(jsonl, "unix:ino");
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "text", "--out", dir.toString(),
        "--samples", "100"), stderr());
    assertEquals(3, Files.readAllLines(jsonl).size());
    assertTrue(!inode.equals(Files.getAttribute(jsonl, "unix:ino")), "replaced by a rename, not rewritten in place");
    assertFalse(Files.exists(dir.resolve("explanations.jsonl.tmp")));
  }

  @Test
  void aTextLongerThanTheModelSaysWhatIsExplained(@TempDir Path tmp) throws Exception {
    String text = "a fine film " .repeat(300).strip();
    Path report = tmp.resolve("r.html");
    assertEquals(0, run("explain", "--method", "lig", "--text", text, "--steps", "4", "--json", "--report",
        report.toString()), stderr());
    assertTrue(stderr().contains("lantern: warning: the text is longer than the model takes"), stderr());
    com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(stdout()).getAsJsonObject();
    String warning = json.getAsJsonObject("diagnostics").getAsJsonArray("warnings").get(0).getAsString();
    assertTrue(warning.matches("the text is longer than the model takes \\(\\d+ tokens\\): only characters 0-\\d+ of "
        + "its " + text.length() + " are explained"), warning);
    assertTrue(Files.readString(report).contains("longer than the model takes"));
    assertEquals(0, run("explain", "--method", "occlusion", "--features", "token", "--text", text, "--json",
        "--no-report"), stderr());
    assertTrue(stdout().contains("longer than the model takes"), stdout());
    // ... or explained window by window, every span in the whole text.
    assertEquals(0, run("explain", "--method", "lig", "--text", text, "--steps", "4", "--windows", "--json"),
        stderr());
    com.google.gson.JsonArray windows = com.google.gson.JsonParser.parseString(stdout()).getAsJsonObject()
        .getAsJsonArray("windows");
    assertTrue(windows.size() > 1, "windows: " + windows.size());
    com.google.gson.JsonObject last = windows.get(windows.size() - 1).getAsJsonObject();
    com.google.gson.JsonArray words = last.getAsJsonArray("explanations").get(0).getAsJsonObject()
        .getAsJsonArray("words");
    assertEquals(text.length(), words.get(words.size() - 1).getAsJsonObject().get("end").getAsInt());
    assertEquals(2, run("explain", "--text", text, "--windows", "--no-report"));
    assertTrue(stderr().contains("--windows applies to --method lig, not lime"), stderr());
    // A text that fits has no warning.
    assertEquals(0, run("explain", "--method", "occlusion", "--features", "token", "--text", "a fine film", "--json",
        "--no-report"), stderr());
    assertTrue(stdout().contains("\"warnings\": []"), stdout());
  }

  @Test
  void controlCharactersNeverReachTheTerminal() {
    String text = "great \u001b]0;pwned\u0007 film \u001b[2J";
    assertEquals(0, run("explain", "--text", text, "--method", "occlusion", "--features", "token", "--no-report"),
        stderr());
    assertFalse(stdout().contains("\u001b"), stdout());
    assertFalse(stdout().contains("\u0007"), stdout());
    assertEquals("a\\u001Bb\\u0007", CommandBase.printable("a\u001bb\u0007"));
    assertEquals("plain", CommandBase.printable("plain"));
  }
}
