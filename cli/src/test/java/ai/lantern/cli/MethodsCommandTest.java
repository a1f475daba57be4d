package ai.lantern.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** KernelSHAP, Partition SHAP, occlusion and compare from the command line. */
class MethodsCommandTest extends CliTestBase {

  @Test
  void everyNewMethodExplainsWithFaithfulnessInTheJson() {
    String text = "a gripping and beautifully acted film";
    for (String method : new String[] {"kernel-shap", "partition-shap", "shap", "occlusion"}) {
      assertEquals(0, run("explain", "--text", text, "--method", method, "--json", "--no-report"), stderr());
      JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
      String expected = method.equals("shap") ? "partition-shap" : method;
      assertEquals(expected, json.get("method").getAsString());
      JsonObject target = json.getAsJsonArray("explanations").get(0).getAsJsonObject();
      assertTrue(target.has("comprehensiveness") && target.has("sufficiency"), target.toString());
      assertTrue(json.getAsJsonObject("diagnostics").get("evaluationPasses").getAsLong() > 0);
      double sum = 0;
      for (JsonElement f : target.getAsJsonArray("features")) {
        sum += f.getAsJsonObject().get("score").getAsDouble();
      }
      if (expected.endsWith("shap")) {
        assertEquals(target.get("probability").getAsDouble() - target.get("baseValue").getAsDouble(), sum, 1e-6,
            method + ": efficiency");
      } else {
        assertEquals(6 + 1, json.getAsJsonObject("diagnostics").get("forwardPasses").getAsLong());
      }
    }
    assertEquals(0, run("explain", "--text", text, "--method", "partition-shap", "--max-evals", "10",
        "--no-faithfulness", "--no-report"), stderr());
    assertTrue(stdout().contains("PARTITION-SHAP: 10 evaluations"), stdout());
    assertTrue(!stdout().contains("comprehensiveness"), stdout());
  }

  @Test
  void ligGetsFaithfulnessOnWords() {
    assertEquals(0, run("explain", "--method", "lig", "--text", "a gripping and beautifully acted film", "--json",
        "--steps", "20", "--no-report"), stderr());
    JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
    JsonObject target = json.getAsJsonArray("explanations").get(0).getAsJsonObject();
    assertTrue(target.get("comprehensiveness").getAsDouble() > -1, target.toString());
    assertTrue(json.getAsJsonObject("diagnostics").get("evaluationPasses").getAsLong() > 0);
    assertEquals(0, run("explain", "--method", "lig", "--text", "a gripping film", "--steps", "20",
        "--no-faithfulness", "--no-report"), stderr());
    assertTrue(!stdout().contains("faithfulness"), stdout());
  }

  @Test
  void optionsOfAnotherMethodAreRefusedByName() {
    assertEquals(2, run("explain", "--text", "good", "--method", "lime", "--max-evals", "5"));
    assertTrue(stderr().contains("--max-evals applies to --method partition-shap, not lime"), stderr());
    assertEquals(2, run("explain", "--text", "good", "--method", "occlusion", "--samples", "5"));
    assertTrue(stderr().contains("--samples applies to --method kernel-shap or lime, not occlusion"), stderr());
    assertEquals(2, run("explain", "--text", "good", "--method", "lig", "--window", "2"));
    assertTrue(stderr().contains("--window applies to --method occlusion"), stderr());
    assertEquals(2, run("explain", "--text", "good", "--method", "gradcam"));
    assertTrue(stderr().contains("unknown method 'gradcam'"), stderr());
    assertEquals(2, run("explain", "--text", "good film", "--method", "occlusion", "--window", "3", "--stride", "4",
        "--no-report"));
    assertTrue(stderr().contains("--stride must lie in 1..3 (--window), got 4"), stderr());
    // Out-of-range values are usage errors (exit 2) named by their option, not by a builder field.
    String[][] bad = {
        {"--samples", "1", "--samples must be at least 2, got 1"},
        {"--num-features", "0", "--num-features must be at least 1, got 0"},
    };
    for (String[] b : bad) {
      assertEquals(2, run("explain", "--text", "good film", b[0], b[1], "--no-report"), b[0]);
      assertTrue(stderr().contains(b[2]) && !stderr().contains("numSamples") && !stderr().contains("numFeatures"),
          stderr());
    }
    assertEquals(2, run("explain", "--text", "good film", "--method", "partition-shap", "--max-evals", "1"));
    assertTrue(stderr().contains("--max-evals must be at least 2, got 1"), stderr());
    assertEquals(2, run("explain", "--text", "good film", "--method", "lig", "--internal-batch-size", "0"));
    assertTrue(stderr().contains("--internal-batch-size must be at least 1, got 0"), stderr());
  }

  @Test
  void tasksTakeTheNewMethods() {
    assertEquals(0, run("explain", "--task", "pair", "--model", fixture("pair-tiny"), "--text", "the cat sat on the mat",
        "--pair", "a cat is sitting", "--method", "kernel-shap", "--no-report"), stderr());
    assertTrue(stdout().contains("KERNEL-SHAP:"), stdout());
    assertEquals(0, run("explain", "--task", "token", "--model", fixture("ner-tiny"), "--text", "Alice moved to Paris",
        "--method", "occlusion", "--json", "--no-report"), stderr());
    assertEquals("occlusion", JsonParser.parseString(stdout()).getAsJsonObject().get("method").getAsString());
    assertEquals(2, run("explain", "--task", "qa", "--model", fixture("qa-tiny"), "--text", "Paris is in France",
        "--question", "Where is Paris?", "--method", "shap"));
    assertTrue(stderr().contains("--task qa needs --method lig"), stderr());
  }

  @Test
  void compareWritesTheTableTheJsonAndThePage(@TempDir Path tmp) throws Exception {
    Path page = tmp.resolve("compare.html");
    String text = "the zebra sat quietly in the warm afternoon sun";
    assertEquals(0, run("compare", "--model", fixture("planted-tiny"), "--text", text, "--methods",
        "lime,lig,shap,occlusion", "--samples", "500", "--report", page.toString()), stderr());
    assertTrue(stdout().contains("lime vs lig: Kendall tau"), stdout());
    assertTrue(stdout().contains("zebra("), stdout());
    String html = Files.readString(page);
    assertTrue(html.contains("Methods compared") && html.contains("partition-shap") && html.contains("Kendall"), html);
    assertEquals(0, run("compare", "--text", "a gripping film", "--methods", "kernel-shap,occlusion", "--json",
        "--no-report"), stderr());
    JsonObject json = JsonParser.parseString(stdout()).getAsJsonObject();
    assertEquals(2, json.getAsJsonArray("methods").size());
    assertEquals(1, json.getAsJsonArray("agreements").size());
    assertEquals(2, run("compare", "--text", "a film", "--methods", "lime,foo"));
    assertTrue(stderr().contains("unknown method 'foo'"), stderr());
  }
}
