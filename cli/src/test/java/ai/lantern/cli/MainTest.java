package ai.lantern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.Prediction;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(args);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private static Path fixture(String name) {
    return Path.of(System.getProperty("lantern.models.dir"), name);
  }

  @Test
  void predictJsonMatchesTheLibrary() {
    Path dir = fixture("planted-tiny");
    assertEquals(0, run("predict", "--model", dir.toString(), "--text", "the violin again", "--json"), stderr());
    JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals(dir.toString(), json.get("model").getAsString());
    JsonObject prediction = json.getAsJsonObject("prediction");
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      Prediction expected = model.predict("the violin again");
      assertEquals("BETA", expected.label());
      assertEquals(expected.label(), prediction.get("label").getAsString());
      assertEquals(expected.index(), prediction.get("index").getAsInt());
      JsonObject probs = prediction.getAsJsonObject("probabilities");
      assertEquals(expected.labels(), probs.keySet().stream().toList());
      for (String label : expected.labels()) {
        assertEquals(expected.probability(label), probs.get(label).getAsDouble(), 1e-12);
      }
    }
  }

  /** Every engine and format through the same command: a HuggingFace folder, its ONNX export, every task. */
  @Test
  void huggingFaceFoldersAndOnnxExportsExplainFromTheCommandLine() {
    String text = "a charming and often affecting journey";
    assertEquals(0, run("predict", "--model", fixture("hf-roberta-sst2").toString(), "--text", text, "--json"),
        stderr());
    double torch = JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonObject("prediction")
        .getAsJsonObject("probabilities").get("POSITIVE").getAsDouble();
    out.reset();
    assertEquals(0, run("predict", "--model", fixture("hf-roberta-sst2-onnx").toString(), "--text", text, "--json"),
        stderr());
    double onnx = JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonObject("prediction")
        .getAsJsonObject("probabilities").get("POSITIVE").getAsDouble();
    assertEquals(torch, onnx, 1e-4);
    assertTrue(torch > 0.5, "the sentiment fixture calls '" + text + "' positive: " + torch);
    out.reset();
    assertEquals(0, run("explain", "--model", fixture("hf-roberta-sst2-onnx").toString(), "--text", text,
        "--features", "whole-word", "--samples", "300", "--json", "--no-report"), stderr());
    assertEquals("lime", JsonParser.parseString(stdout()).getAsJsonObject().get("method").getAsString());
    assertEquals(1, run("explain", "--model", fixture("hf-roberta-sst2-onnx").toString(), "--text", text,
        "--method", "lig", "--no-report"));
    assertTrue(stderr().contains("ONNX Runtime computes no gradients"), stderr());
    String ner = fixture("hf-bert-ner").toString();
    String qa = fixture("hf-bert-qa").toString();
    for (String[] args : new String[][] {
        {"explain", "--model", fixture("hf-distilbert-sst2").toString(), "--method", "lig", "--text", text},
        {"explain", "--model", fixture("hf-xlmr-sst2").toString(), "--task", "pair", "--method", "lig", "--text", text,
            "--pair", "I liked it"},
        {"explain", "--model", fixture("hf-bert-sst2").toString(), "--task", "pair", "--text", text, "--pair",
            "I liked it", "--samples", "200"},
        {"explain", "--model", ner, "--task", "token", "--method", "lig", "--text", "john smith flew to paris"},
        {"explain", "--model", ner, "--task", "token", "--text", "john smith flew to paris", "--samples", "200"},
        {"explain", "--model", qa, "--task", "qa", "--method", "lig", "--question", "what is the color ?",
            "--text", "the color is red ."}}) {
      out.reset();
      String[] full = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
          java.util.stream.Stream.of("--json", "--no-report")).toArray(String[]::new);
      assertEquals(0, run(full), String.join(" ", full) + ": " + stderr());
      assertTrue(JsonParser.parseString(stdout()).getAsJsonObject().has("diagnostics"), stdout());
    }
  }

  @Test
  void embeddedDefaultModelSaysPositive() {
    assertEquals(0, run("predict", "--text", "I love you, I like you", "--json"), stderr());
    JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("sst2-tiny (embedded)", json.get("model").getAsString());
    assertEquals("POSITIVE", json.getAsJsonObject("prediction").get("label").getAsString());
  }

  @Test
  void tableOutputNamesTheLabel() {
    assertEquals(0, run("predict", "--text", "this movie was terrible and boring"), stderr());
    assertTrue(stdout().startsWith("NEGATIVE"), stdout());
  }

  @Test
  void explainJsonFollowsTheSchemaAndMatchesTheLibrary() {
    String text = "I love you, I like you";
    assertEquals(0, run("explain", "--method", "lime", "--text", text, "--json", "--seed", "3", "--samples", "800"),
        stderr());
    JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("lime", json.get("method").getAsString());
    assertEquals("POSITIVE", json.getAsJsonObject("prediction").get("label").getAsString());
    JsonObject target = json.getAsJsonArray("explanations").get(0).getAsJsonObject();
    assertEquals("POSITIVE", target.get("label").getAsString());
    int lastStart = -1;
    for (var f : target.getAsJsonArray("features")) {
      JsonObject o = f.getAsJsonObject();
      int start = o.get("start").getAsInt();
      assertTrue(start > lastStart, "features in input order");
      lastStart = start;
      assertEquals(o.get("text").getAsString(), text.substring(start, o.get("end").getAsInt()));
    }
    for (String field : new String[] {"intercept", "score", "localPrediction"}) {
      assertTrue(target.has(field), field);
    }
    JsonObject diagnostics = json.getAsJsonObject("diagnostics");
    assertEquals(800, diagnostics.get("samples").getAsInt());
    assertEquals(3, diagnostics.get("seed").getAsLong());
    assertTrue(diagnostics.get("forwardPasses").getAsInt() <= 16, "4 distinct words: at most 16 distinct texts");
    assertTrue(diagnostics.has("elapsedMillis"));

    // The same call through the library gives the same weights.
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(
        ai.lantern.models.EmbeddedModels.path(ai.lantern.models.EmbeddedModels.SST2_TINY))) {
      var e = ai.lantern.explainers.lime.LimeTextExplainer.builder().setClassifier(model).optNumSamples(800).build()
          .explain(text, 3);
      var features = target.getAsJsonArray("features");
      for (int i = 0; i < features.size(); i++) {
        assertEquals(e.targets().get(0).attributions().get(i).score(),
            features.get(i).getAsJsonObject().get("score").getAsDouble(), 0.0);
      }
    }
  }

  @Test
  void explainSummaryShowsTheTopFeature() {
    assertEquals(0, run("explain", "--text", "I love you, I like you", "--features", "whole-word"), stderr());
    assertTrue(stdout().contains("why POSITIVE"), stdout());
    assertTrue(stdout().lines().anyMatch(l -> l.trim().startsWith("love")), stdout());
  }

  @Test
  void ligJsonHasTokensWithSpecialsThenWordsAndTheDelta() {
    String text = "Unflinchingly bleak and desperate";
    assertEquals(0, run("explain", "--method", "lig", "--text", text, "--json", "--steps", "20",
        "--integration", "riemann_middle", "--internal-batch-size", "7", "--label", "NEGATIVE"), stderr());
    JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("lig", json.get("method").getAsString());
    JsonObject target = json.getAsJsonArray("explanations").get(0).getAsJsonObject();
    assertEquals("NEGATIVE", target.get("label").getAsString());
    var tokens = target.getAsJsonArray("features");
    JsonObject first = tokens.get(0).getAsJsonObject();
    assertEquals("[CLS]", first.get("text").getAsString());
    assertTrue(first.get("special").getAsBoolean());
    assertTrue(first.get("start").isJsonNull() && first.get("end").isJsonNull());
    double sumOfSquares = 0;
    for (var t : tokens) {
      sumOfSquares += Math.pow(t.getAsJsonObject().get("score").getAsDouble(), 2);
    }
    assertEquals(1.0, sumOfSquares, 1e-9, "normalised over all tokens");
    var words = target.getAsJsonArray("words");
    assertEquals("Unflinchingly", words.get(0).getAsJsonObject().get("text").getAsString());
    assertEquals(4, words.size());
    assertEquals(20, json.getAsJsonObject("diagnostics").get("samples").getAsInt());
    assertTrue(json.getAsJsonObject("diagnostics").has("convergenceDelta"));
    assertTrue(target.has("convergenceDelta") && target.has("fx") && target.has("fBaseline"));
  }

  @Test
  void ligRawAndBaselineToken() {
    assertEquals(0, run("explain", "--method", "lig", "--text", "so dull", "--raw", "--baseline-token", "[MASK]",
        "--json"), stderr());
    JsonObject target = JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonArray("explanations").get(0)
        .getAsJsonObject();
    assertEquals(false, target.get("normalized").getAsBoolean());
    assertEquals(1, run("explain", "--method", "lig", "--text", "so dull", "--baseline-token", "not one token"));
    assertTrue(stderr().contains("--baseline-token 'not one token' is not a single token"), stderr());
  }

  @Test
  void explainRejectsBadArguments() {
    assertEquals(2, run("explain", "--text", "good", "--method", "gradcam"));
    assertTrue(stderr().contains("unknown method 'gradcam'; methods: [lime, lig, kernel-shap, partition-shap, shap, "
        + "occlusion]"), stderr());
    assertEquals(2, run("explain", "--text", "good", "--method", "lig", "--samples", "100"));
    assertEquals(2, run("explain", "--text", "good", "--threads", "0"));
    assertTrue(stderr().contains("--threads must lie in 1..1024, got 0"), stderr());
    assertEquals(2, run("predict", "--text", "good", "--threads", "two"));
    assertTrue(stderr().contains("--samples applies to --method kernel-shap or lime, not lig"), stderr());
    assertEquals(2, run("explain", "--text", "good", "--method", "lig", "--steps", "0"));
    assertTrue(stderr().contains("--steps must lie in 1..10000, got 0"), stderr());
    assertEquals(1, run("explain", "--text", "good", "--method", "lig", "--integration", "simpson"));
    assertTrue(stderr().contains("unknown integration method 'simpson'"), stderr());
    assertEquals(2, run("explain", "--text", "good", "--samples", "many"));
    assertTrue(stderr().contains("Invalid value for option '--samples': 'many' is not an int"), stderr());
    assertEquals(2, run("explain", "--text", "good", "--features", "chars"));
    assertEquals(2, run("explain", "--text", "good", "--num-features", "0"));
    assertTrue(stderr().contains("--num-features must be at least 1, got 0"), stderr());
    assertEquals(1, run("explain", "--text", ""));
    assertTrue(stderr().contains("cannot explain an empty text"), stderr());
  }

  @Test
  void budgetsAndEstimates() {
    String text = "the film starts slowly and the first act drags but once the two leads finally meet the story";
    assertEquals(0, run("explain", "--text", text, "--max-forward-passes", "200", "--json"), stderr());
    JsonObject d = JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonObject("diagnostics");
    assertEquals(true, d.get("partial").getAsBoolean());
    assertEquals("forward_pass_limit", d.get("stop").getAsString());
    assertEquals(200, d.getAsJsonObject("budget").get("maxForwardPasses").getAsInt());
    assertTrue(d.getAsJsonObject("budget").get("deadlineMillis").isJsonNull());
    assertTrue(d.get("samplesPerSecond").getAsDouble() > 0);

    out.reset();
    assertEquals(0, run("explain", "--text", text, "--estimate", "--json"), stderr());
    JsonObject e = JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonObject("estimate");
    assertTrue(e.get("forwardPasses").getAsDouble() > 1000 && e.get("forwardPasses").getAsDouble() <= 5000);
    assertTrue(e.has("expectedMillis") && e.has("basis"));

    out.reset();
    assertEquals(0, run("explain", "--method", "lig", "--text", text, "--deadline", "30s"), stderr());
    assertEquals(2, run("explain", "--text", text, "--deadline", "soon"));
    assertTrue(stderr().contains("--deadline needs a duration such as 500ms, 2s or 1m, got 'soon'"), stderr());
    assertEquals(1, run("explain", "--text", text, "--max-forward-passes", "5"));
    assertTrue(stderr().contains("ran out after"), stderr());
  }

  @Test
  void durationsParse() {
    assertEquals(java.time.Duration.ofMillis(500), CommandBase.duration("500ms"));
    assertEquals(java.time.Duration.ofMillis(1500), CommandBase.duration("1.5s"));
    assertEquals(java.time.Duration.ofMinutes(2), CommandBase.duration("2m"));
  }

  @Test
  void explainWritesAnHtmlReport(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path report = tmp.resolve("r.html");
    assertEquals(0, run("explain", "--text", "I love <you>, I like you", "--report", report.toString()), stderr());
    assertTrue(stderr().contains("report: " + report.toAbsolutePath()), stderr());
    var doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(report.toFile());
    assertTrue(doc.getDocumentElement().getTextContent().contains("I love <you>, I like you"));
    err.reset();
    assertEquals(0, run("explain", "--text", "fine", "--no-report"), stderr());
    assertTrue(!stderr().contains("report:"));
  }

  @Test
  void explainDatasetWritesSummariesAndReportsBadRows(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("reviews.csv");
    java.nio.file.Files.writeString(csv, "review,label\n\"a great, great film\",1\nbroken,row,here\n"
        + "so dull and boring,0\nI love you,1\n");
    Path out = tmp.resolve("out");
    assertEquals(0, run("explain-dataset", "--input", csv.toString(), "--column", "review", "--label-column", "label",
        "--out", out.toString(), "--samples", "200"), stderr());
    assertTrue(stderr().contains("lantern: skipped line 3: 3 fields, the header has 2"), stderr());
    assertTrue(stdout().startsWith("3 rows explained (1 skipped while reading, 0 not explainable; 3 explained now, 0 before)"), stdout());
    assertEquals(3, java.nio.file.Files.readAllLines(out.resolve("explanations.jsonl")).size());
    assertTrue(java.nio.file.Files.readString(out.resolve("summary.csv")).startsWith("label,word,count,mean,mean_abs,sum"));
    assertEquals(2, run("explain-dataset", "--input", csv.toString(), "--out", out.toString()));
    assertTrue(stderr().contains("--column is required"), stderr());
  }

  /** Byte-level BPE whitespace pieces (Ġ, Ċ) never reach a summary as a blank word. */
  @Test
  void byteLevelWhitespaceMakesNoBlankWords(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path csv = tmp.resolve("reviews.csv");
    java.nio.file.Files.writeString(csv, "review\n\"good  movie \"\n\"so dull\nand boring\"\n\"I 💖 it \"\n");
    String model = fixture("hf-roberta-sst2").toString();
    for (String method : List.of("lime", "lig")) {
      Path out = tmp.resolve(method);
      assertEquals(0, run("explain-dataset", "--model", model, "--input", csv.toString(), "--column", "review",
          "--out", out.toString(), "--method", method, method.equals("lime") ? "--samples" : "--steps",
          method.equals("lime") ? "200" : "20", "--features", "whole-word"), stderr());
      List<String> rows = java.nio.file.Files.readAllLines(out.resolve("summary.csv"));
      assertTrue(rows.size() > 5, rows.toString());
      for (String row : rows) {
        assertFalse(row.split(",", -1)[1].isBlank(), method + ": " + rows);
      }
    }
    assertEquals(0, run("explain", "--model", model, "--method", "lig", "--text", "good movie", "--baseline-token",
        "Ġthe", "--steps", "8", "--no-report"), stderr());
  }

  @Test
  void probeComparesFilledTemplates(@org.junit.jupiter.api.io.TempDir Path tmp) {
    Path report = tmp.resolve("probe.html");
    assertEquals(0, run("probe", "--template", "you are {}", "--values", "white, black,asian,latin", "--json",
        "--report", report.toString(), "--samples", "200"), stderr());
    JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals(4, json.getAsJsonArray("results").size());
    assertEquals("you are black", json.getAsJsonArray("results").get(1).getAsJsonObject().get("text").getAsString());
    JsonObject largest = json.getAsJsonObject("largestGap");
    double gap = largest.get("gap").getAsDouble();
    assertTrue(gap >= 0 && gap <= 1);
    assertTrue(java.nio.file.Files.exists(report));
    assertEquals(2, run("probe", "--template", "you are", "--values", "a,b"));
    assertTrue(stderr().contains("--template must contain {} exactly once"), stderr());
    assertEquals(2, run("probe", "--template", "{}", "--values", "a,a"));
    assertTrue(stderr().contains("at least two distinct"), stderr());
  }

  @Test
  void multiLabelTaskExplainsEveryLabel() {
    String dir = fixture("multilabel-tiny").toString();
    for (String method : new String[] {"lime", "lig"}) {
      out.reset();
      assertEquals(0, run("explain", "--task", "multilabel", "--method", method, "--model", dir, "--text",
          "a tiger played the piano under the oak", "--json", "--no-report"), stderr());
      var explanations = JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonArray("explanations");
      assertEquals(3, explanations.size(), method);
      assertEquals("TREE", explanations.get(2).getAsJsonObject().get("label").getAsString());
    }
    assertEquals(2, run("explain", "--task", "ner", "--text", "x"));
    assertTrue(stderr().contains("unknown --task 'ner'"), stderr());
  }

  @Test
  void pairTaskExplainsBothTexts() {
    String dir = fixture("pair-tiny").toString();
    assertEquals(0, run("explain", "--task", "pair", "--method", "lig", "--model", dir, "--text", "the zebra was tired",
        "--pair", "a tiger slept", "--json", "--no-report"), stderr());
    JsonObject target = JsonParser.parseString(stdout()).getAsJsonObject().getAsJsonArray("explanations").get(0)
        .getAsJsonObject();
    var words = target.getAsJsonArray("words");
    boolean tigerInPair = false;
    for (var w : words) {
      JsonObject o = w.getAsJsonObject();
      if (o.get("text").getAsString().equals("tiger")) {
        tigerInPair = o.has("sequence") && o.get("sequence").getAsInt() == 1 && o.get("start").getAsInt() == 2;
      }
    }
    assertTrue(tigerInPair, words.toString());
    out.reset();
    assertEquals(0, run("explain", "--task", "pair", "--model", dir, "--text", "the zebra was tired", "--pair",
        "he played the piano", "--samples", "300", "--json", "--no-report"), stderr());
    JsonObject lime = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("pair", lime.get("task").getAsString());
    assertEquals(8, lime.getAsJsonArray("explanations").get(0).getAsJsonObject().getAsJsonArray("features").size());
    assertEquals(2, run("explain", "--task", "pair", "--model", dir, "--text", "x", "--pair", "y", "--flip"));
    assertTrue(stderr().contains("--flip applies to --method lig"), stderr());
    assertEquals(2, run("explain", "--text", "x", "--pair", "y"));
    assertTrue(stderr().contains("--pair applies to --task pair"), stderr());
  }

  @Test
  void zeroShotTaskScoresCandidatesAndExplainsThePremise(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    String dir = fixture("nli-tiny").toString();
    Path report = tmp.resolve("zs.html");
    assertEquals(0, run("explain", "--task", "zero-shot", "--method", "lig", "--model", dir, "--text",
        "i heard the violin all night", "--labels", "animals, music,sports", "--json", "--report", report.toString()),
        stderr());
    JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("zero-shot", json.get("task").getAsString());
    assertEquals("music", json.getAsJsonObject("prediction").get("label").getAsString());
    var explanations = json.getAsJsonArray("explanations");
    assertEquals(3, explanations.size());
    assertEquals("violin", explanations.get(1).getAsJsonObject().getAsJsonArray("features").asList().stream()
        .map(JsonElementHolder::of).max(java.util.Comparator.comparingDouble(JsonElementHolder::abs)).orElseThrow()
        .text());
    assertTrue(Files.readString(report).contains("why music"));
    assertEquals(2, run("explain", "--task", "zero-shot", "--method", "gradcam", "--model", dir, "--text", "x",
        "--labels", "a"));
    assertTrue(stderr().contains("unknown method 'gradcam'"), stderr());
    out.reset();
    assertEquals(0, run("explain", "--task", "zero-shot", "--model", dir, "--text", "i heard the violin all night",
        "--labels", "animals,music,sports", "--samples", "300", "--json", "--no-report"), stderr());
    JsonObject lime = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("lime", lime.get("method").getAsString());
    assertEquals("music", lime.getAsJsonObject("prediction").get("label").getAsString());
    assertEquals(2, run("explain", "--text", "x", "--labels", "a,b"));
    assertTrue(stderr().contains("--labels applies to --task zero-shot"), stderr());
    assertEquals(1, run("explain", "--task", "zero-shot", "--method", "lig", "--model", dir, "--text", "x",
        "--labels", "music,music", "--no-report"));
    assertTrue(stderr().contains("\"music\" is given twice"), stderr());
  }

  /** A feature of the JSON schema. */
  private record JsonElementHolder(String text, double score) {
    static JsonElementHolder of(com.google.gson.JsonElement e) {
      JsonObject o = e.getAsJsonObject();
      return new JsonElementHolder(o.get("text").getAsString(), o.get("score").getAsDouble());
    }

    double abs() {
      return Math.abs(score);
    }
  }

  @Test
  void tokenTaskLabelsEntitiesAndExplainsTokensByPosition(@org.junit.jupiter.api.io.TempDir Path tmp)
      throws Exception {
    String dir = fixture("ner-tiny").toString();
    Path report = tmp.resolve("ner.html");
    assertEquals(0, run("explain", "--task", "token", "--method", "lig", "--model", dir, "--text", "paris paris",
        "--json", "--report", report.toString()), stderr());
    JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("token-classification", json.get("task").getAsString());
    assertEquals(2, json.getAsJsonArray("entities").size());
    var explanations = json.getAsJsonArray("explanations");
    assertEquals(1, explanations.get(0).getAsJsonObject().get("position").getAsInt());
    assertEquals(2, explanations.get(1).getAsJsonObject().get("position").getAsInt());
    assertTrue(Files.readString(report).contains("why token 2"));
    out.reset();
    assertEquals(0, run("explain", "--task", "token", "--model", dir, "--text", "mary met anna in paris", "--samples",
        "200", "--json", "--no-report"), stderr());
    JsonObject lime = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("lime", lime.get("method").getAsString());
    assertEquals(3, lime.getAsJsonArray("explanations").size());
    assertEquals(1, run("explain", "--model", dir, "--text", "paris", "--no-report"));
    assertTrue(stderr().contains("is a token-classification model; use --task token"), stderr());
    assertEquals(1, run("predict", "--model", dir, "--text", "paris"));
    assertTrue(stderr().contains("is a token-classification model"), stderr());
    assertEquals(1, run("explain", "--task", "token", "--text", "paris", "--no-report"));
    assertTrue(stderr().contains("is a sequence classifier; --task token needs a token-classification package"),
        stderr());
    assertEquals(1, run("explain", "--task", "token", "--method", "lig", "--model", dir, "--text", "paris",
        "--ignore-labels", "O,B-ORG", "--no-report"));
    assertTrue(stderr().contains("\"B-ORG\" is not a label"), stderr());
  }

  @Test
  void qaTaskAnswersAndExplainsStartAndEnd(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    String dir = fixture("qa-tiny").toString();
    Path report = tmp.resolve("qa.html");
    String context = "the city is paris . the color is blue .";
    assertEquals(0, run("explain", "--task", "qa", "--method", "lig", "--model", dir, "--question",
        "what is the color ?", "--text", context, "--json", "--report", report.toString()), stderr());
    JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals("question-answering", json.get("task").getAsString());
    JsonObject answer = json.getAsJsonObject("answer");
    assertEquals("blue", answer.get("text").getAsString());
    assertEquals(context.indexOf("blue"), answer.get("start").getAsInt());
    assertTrue(json.getAsJsonObject("explanations").has("end"));
    assertTrue(Files.readString(report).contains("why the answer starts"));
    assertEquals(2, run("explain", "--task", "qa", "--method", "lig", "--model", dir, "--text", context));
    assertTrue(stderr().contains("--question is required"), stderr());
    assertEquals(2, run("explain", "--task", "qa", "--method", "lime", "--model", dir, "--question",
        "what is the color ?", "--text", context));
    assertTrue(stderr().contains("--task qa needs --method lig; got 'lime'"), stderr());
    assertEquals(1, run("explain", "--task", "qa", "--method", "lig", "--model", dir, "--question",
        "what is the number ?", "--text", "the color is red .", "--no-report"));
    assertTrue(stderr().contains("no answer"), stderr());
    out.reset();
    assertEquals(0, run("explain", "--task", "qa", "--method", "lig", "--model", dir, "--question",
        "what is the color ?", "--text", context, "--max-forward-passes", "25", "--no-report"), stderr());
    assertTrue(stdout().contains("PARTIAL: the forward-pass limit came first"), stdout());
    assertEquals(2, run("explain", "--task", "qa", "--method", "lig", "--model", dir, "--question", "q", "--text",
        context, "--estimate"));
    assertTrue(stderr().contains("--estimate is not available with --task qa"), stderr());
  }

  @Test
  void missingTextIsAUsageError() {
    assertEquals(2, run("predict"));
    assertTrue(stderr().contains("give --text TEXT, --text-file FILE, --input FILE or --image FILE"), stderr());
  }

  @Test
  void unknownOptionListsValidOnes() {
    assertEquals(2, run("predict", "--txt", "x"));
    assertTrue(stderr().contains("unknown option '--txt'; valid options: [--column, --debug, --help, --image, --input, --json, "
        + "--label-column, --model, --no-report, --out, --report, --text, --text-file, --threads, --version]"), stderr());
    assertTrue(stderr().contains("see 'lantern predict --help'"), stderr());
    assertTrue(stderr().split("\n").length <= 3, "a short usage, not the whole manual: " + stderr());
  }

  @Test
  void unknownCommand() {
    assertEquals(2, run("explode"));
    assertTrue(stderr().contains("unknown command 'explode'"), stderr());
  }

  @Test
  void missingModelDirectoryIsAClearError() {
    assertEquals(1, run("predict", "--model", "/no/such/model", "--text", "x"));
    assertEquals("lantern: model directory: /no/such/model does not exist (nor does its folder /no/such)\n", stderr());
  }
}
