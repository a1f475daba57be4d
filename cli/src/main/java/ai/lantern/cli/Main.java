package ai.lantern.cli;

import ai.lantern.core.LanternException;
import ai.lantern.core.Prediction;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.models.EmbeddedModels;
import com.google.gson.GsonBuilder;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code lantern} command line. Results go to standard output, logs and errors to standard error. */
public final class Main {
  static final String USAGE = String.join("\n",
      "usage: lantern <command> [options]",
      "",
      "commands:",
      "  predict --text TEXT [--model DIR] [--json]",
      "      classify TEXT; without --model, the embedded sst2-tiny sentiment model",
      "",
      "options:",
      "  --model DIR   a model package directory (model.pt, tokenizer.json, config.json)",
      "  --text TEXT   the text to classify",
      "  --json        print JSON instead of a table",
      "");

  private final PrintStream out;
  private final PrintStream err;

  Main(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  public static void main(String[] args) {
    System.exit(new Main(System.out, System.err).run(args));
  }

  /** Runs one command; returns the exit status (0 success, 1 failure, 2 bad command line). */
  int run(String[] args) {
    if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
      (args.length == 0 ? err : out).print(USAGE);
      return args.length == 0 ? 2 : 0;
    }
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    try {
      switch (args[0]) {
        case "predict":
          return predict(new Args(rest, Set.of("--model", "--text"), Set.of("--json")));
        default:
          throw new Args.UsageException("unknown command '" + args[0] + "'; commands: [predict]");
      }
    } catch (Args.UsageException e) {
      err.println("lantern: " + e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (LanternException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      err.println("lantern: " + e.getMessage());
      return 1;
    }
  }

  private int predict(Args a) {
    String text = a.require("--text");
    String modelArg = a.get("--model");
    Path dir = modelArg == null ? EmbeddedModels.path(EmbeddedModels.SST2_TINY) : Path.of(modelArg);
    String modelName = modelArg == null ? EmbeddedModels.SST2_TINY + " (embedded)" : modelArg;
    Prediction p;
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(dir)) {
      p = model.predict(text);
    }
    if (a.has("--json")) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("model", modelName);
      json.put("prediction", predictionJson(p));
      out.println(new GsonBuilder().disableHtmlEscaping().setPrettyPrinting().create().toJson(json));
    } else {
      out.printf("%s  %.4f   (%s)%n", p.label(), p.probability(), modelName);
      int width = p.labels().stream().mapToInt(String::length).max().orElse(5);
      for (int i = 0; i < p.labels().size(); i++) {
        double v = p.probabilities().get(i);
        out.printf("  %-" + width + "s  %.4f  %s%n", p.labels().get(i), v, "█".repeat((int) Math.round(v * 30)));
      }
    }
    return 0;
  }

  static Map<String, Object> predictionJson(Prediction p) {
    Map<String, Object> probs = new LinkedHashMap<>();
    for (int i = 0; i < p.labels().size(); i++) {
      probs.put(p.labels().get(i), p.probabilities().get(i));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("label", p.label());
    json.put("index", p.index());
    json.put("probabilities", probs);
    return json;
  }
}
