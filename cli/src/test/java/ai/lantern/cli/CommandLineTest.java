package ai.lantern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conventions of a command line: help, version, standard input, files of options, completion. */
class CommandLineTest extends CliTestBase {

  @Test
  void everySubcommandAnswersHelp() {
    for (String command : new String[] {"predict", "explain", "compare", "explain-dataset", "probe"}) {
      assertEquals(0, run(command, "--help"), command);
      assertTrue(stdout().startsWith("Usage: lantern " + command), stdout());
      assertTrue(stdout().contains("--model=DIR"), command);
    }
    assertEquals(0, run("explain", "--help"));
    assertTrue(stdout().contains("--max-evals=N") && stdout().contains("partition-shap"), stdout());
    assertEquals(0, run("help", "compare"));
    assertTrue(stdout().startsWith("Usage: lantern compare"), stdout());
    assertEquals(0, run("--help"));
    assertTrue(stdout().contains("explain-dataset"), stdout());
    assertEquals(2, run());
    assertTrue(stderr().contains("Usage: lantern"), stderr());
  }

  @Test
  void versionNamesTheBuild() {
    assertEquals(0, run("--version"));
    assertTrue(stdout().matches("lantern \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(Java .*\\)\\s*"), stdout());
  }

  @Test
  void textFromStandardInputAFileOrAFileOfOptions(@TempDir Path tmp) throws Exception {
    stdin = "I love you, I like you\n".getBytes(StandardCharsets.UTF_8);
    assertEquals(0, run("predict", "--text", "-", "--json"), stderr());
    JsonObject fromStdin = JsonParser.parseString(stdout()).getAsJsonObject();
    Path file = tmp.resolve("text.txt");
    Files.writeString(file, "I love you, I like you\n");
    assertEquals(0, run("predict", "--text-file", file.toString(), "--json"), stderr());
    assertEquals(fromStdin, JsonParser.parseString(stdout()).getAsJsonObject());
    Path options = tmp.resolve("options.txt");
    Files.writeString(options, "predict\n--text \"I love you, I like you\"\n--json\n");
    assertEquals(0, run("@" + options), stderr());
    assertEquals(fromStdin, JsonParser.parseString(stdout()).getAsJsonObject());
    assertEquals(2, run("predict", "--text", "x", "--text-file", file.toString()));
    assertTrue(stderr().contains("mutually exclusive"), stderr());
    assertEquals(2, run("predict", "--text-file", tmp.resolve("none.txt").toString()));
    assertTrue(stderr().contains("cannot read the text: no such file"), stderr());
  }

  @Test
  void shellCompletionIsGenerated() {
    assertEquals(0, run("generate-completion"));
    assertTrue(stdout().contains("complete -F") && stdout().contains("explain-dataset"), stdout());
  }

  @Test
  void labelsByNameInAnyCaseOrByIndex() {
    assertEquals(0, run("explain", "--text", "a dull film", "--label", "positive", "--method", "occlusion", "--json",
        "--no-report"), stderr());
    assertEquals("POSITIVE", JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonArray("explanations").get(0)
        .getAsJsonObject().get("label").getAsString());
    assertEquals(0, run("explain", "--text", "a dull film", "--label", "0", "--method", "occlusion", "--json",
        "--no-report"), stderr());
    assertEquals("NEGATIVE", JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonArray("explanations").get(0)
        .getAsJsonObject().get("label").getAsString());
    assertEquals(2, run("explain", "--text", "a dull film", "--label", "happy", "--no-report"));
    assertTrue(stderr().contains("--label: unknown label 'happy'; valid labels: [NEGATIVE, POSITIVE] (a name, any "
        + "case, or an index 0..1)"), stderr());
  }

  @Test
  void theReportsFormFollowsItsExtension(@TempDir Path tmp) throws Exception {
    for (String ext : new String[] {"html", "svg", "png", "json"}) {
      Path report = tmp.resolve("r." + ext);
      assertEquals(0, run("explain", "--text", "a gripping film", "--method", "occlusion", "--report",
          report.toString()), stderr());
      byte[] bytes = Files.readAllBytes(report);
      String head = new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.ISO_8859_1);
      switch (ext) {
        case "html" -> assertTrue(head.startsWith("<?xml"), head);
        case "svg" -> assertTrue(head.startsWith("<svg"), head);
        case "png" -> assertTrue(head.startsWith("\u0089PNG"), head);
        default -> assertEquals("occlusion", JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8))
            .getAsJsonObject().get("method").getAsString());
      }
    }
    assertEquals(2, run("explain", "--text", "a gripping film", "--report", tmp.resolve("r.txt").toString()));
    assertTrue(stderr().contains("the extension picks the form: .html, .svg, .png or .json"), stderr());
  }

  @Test
  void aReportThatCannotBeWrittenKeepsTheExplanation(@TempDir Path tmp) {
    Path report = tmp.resolve("no-such-folder").resolve("r.html");
    assertEquals(1, run("explain", "--text", "a gripping film", "--method", "occlusion", "--report",
        report.toString()));
    assertTrue(stdout().contains("OCCLUSION:"), "the explanation is printed first: " + stdout());
    assertTrue(stderr().contains("cannot write the report") && stderr().contains("the explanation above is complete"),
        stderr());
  }

  @Test
  void debugPrintsTheStackTrace() {
    assertEquals(1, run("predict", "--model", "/no/such/model", "--text", "x", "--debug"));
    assertTrue(stderr().contains("at ai.lantern."), stderr());
    assertEquals(1, run("predict", "--model", "/no/such/model", "--text", "x"));
    assertFalse(stderr().contains("at ai.lantern."), stderr());
  }

  @Test
  void questionAnsweringDefaultsToAMethodThatWorks() {
    assertEquals(0, run("explain", "--task", "qa", "--model", Path.of(System.getProperty("lantern.models.dir"),
        "qa-tiny").toString(), "--text", "the color is red .", "--question", "what is the color ?", "--steps", "8",
        "--no-report"), stderr());
    assertTrue(stdout().contains("\"red\""), stdout());
  }

  @Test
  void predictAFileAndEvaluateIt(@TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("reviews.csv");
    Files.writeString(csv, "review,label\n\"a wonderful, moving film\",1\nso dull and boring,0\n"
        + "a gripping story,POSITIVE\nbroken,row,here\nawful acting,negative\n");
    Path outCsv = tmp.resolve("p.csv");
    Path page = tmp.resolve("eval.html");
    assertEquals(0, run("predict", "--input", csv.toString(), "--column", "review", "--label-column", "label",
        "--out", outCsv.toString(), "--report", page.toString()), stderr());
    assertTrue(stdout().startsWith("4 rows predicted (1 skipped)"), stdout());
    assertTrue(stdout().contains("weighted avg") && stdout().contains("confusion matrix"), stdout());
    java.util.List<String> lines = Files.readAllLines(outCsv);
    assertEquals("row,predicted,p_NEGATIVE,p_POSITIVE,true_label,text", lines.get(0));
    assertEquals(5, lines.size());
    assertTrue(lines.get(1).startsWith("2,") && lines.get(1).endsWith(",POSITIVE,\"a wonderful, moving film\""),
        lines.get(1));
    assertTrue(Files.readString(page).contains("Confusion matrix"));
    Path outJson = tmp.resolve("p.jsonl");
    assertEquals(0, run("predict", "--input", csv.toString(), "--column", "review", "--out", outJson.toString()),
        stderr());
    JsonObject first = JsonParser.parseString(Files.readAllLines(outJson).get(0)).getAsJsonObject();
    assertEquals(2, first.get("row").getAsInt());
    assertTrue(first.getAsJsonObject("prediction").has("probabilities"));
    assertEquals(2, run("predict", "--input", csv.toString(), "--column", "review", "--out", "x.txt"));
    assertTrue(stderr().contains("the extension picks the form: .csv or .jsonl"), stderr());
    Files.writeString(csv, "review,label\ngood,maybe\n");
    assertEquals(1, run("predict", "--input", csv.toString(), "--column", "review", "--label-column", "label",
        "--out", outCsv.toString()));
    assertTrue(stderr().contains("line 2: the true label 'maybe' is none of the model's labels"), stderr());
  }
}
