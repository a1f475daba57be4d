package ai.lantern.engine.pytorch;

import ai.lantern.core.InvalidModelException;
import ai.lantern.core.Task;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A model package on disk, validated: a directory with a TorchScript model ({@code model.pt},
 * or the single {@code <name>.pt} of a djl-convert folder), {@code tokenizer.json} and
 * {@code config.json}. The README's "Model package contract" describes each file.
 *
 * <p>Opening a package reads and checks both JSON files but loads neither the model nor the
 * tokenizer; {@link PyTorchTextClassifier#load(Path)} does that.
 */
public final class ModelPackage {
  /** Model types whose position ids start after the padding index, leaving two positions unused. */
  private static final Set<String> OFFSET_POSITION_MODELS =
      Set.of("roberta", "xlm-roberta", "camembert", "longformer", "bart", "mbart", "flaubert");
  private static final int DEFAULT_MAX_LENGTH = 512;

  private final Path directory;
  private final Path modelFile;
  private final Path tokenizerFile;
  private final ModelConfig config;
  private final long padId;
  private final Long maskId;
  private final Long unknownId;

  private ModelPackage(Path directory, Path modelFile, Path tokenizerFile, ModelConfig config, long padId,
      Long maskId, Long unknownId) {
    this.directory = directory;
    this.modelFile = modelFile;
    this.tokenizerFile = tokenizerFile;
    this.config = config;
    this.padId = padId;
    this.maskId = maskId;
    this.unknownId = unknownId;
  }

  /**
   * Reads and validates the package in {@code directory}.
   *
   * @throws InvalidModelException naming the file, field and value, if the directory is missing,
   *     a file is missing or malformed, or the labels are absent or inconsistent
   */
  public static ModelPackage open(Path directory) {
    if (directory == null) {
      throw new InvalidModelException("no model directory given");
    }
    Path dir = directory.toAbsolutePath().normalize();
    if (!Files.exists(dir)) {
      throw new InvalidModelException("model directory " + dir + " does not exist");
    }
    if (!Files.isDirectory(dir)) {
      throw new InvalidModelException(dir + " is not a directory; a model package is a directory with "
          + "model.pt, tokenizer.json and config.json");
    }
    Path model = findModelFile(dir);
    Path tokenizer = dir.resolve("tokenizer.json");
    ModelConfig config = readConfig(dir.resolve("config.json"));
    JsonObject tokenizerJson = Json.readObject(tokenizer);
    long padId = readPadId(tokenizerJson, tokenizer);
    Long mask = findToken(tokenizerJson, "[MASK]", "<mask>");
    Long unk = findToken(tokenizerJson, "[UNK]", "<unk>");
    return new ModelPackage(dir, model, tokenizer, config, padId, mask, unk);
  }

  public Path directory() {
    return directory;
  }

  /** The TorchScript file. */
  public Path modelFile() {
    return modelFile;
  }

  public Path tokenizerFile() {
    return tokenizerFile;
  }

  public ModelConfig config() {
    return config;
  }

  /** Whether the model file follows the package contract ({@code model.pt}, three inputs). */
  public boolean isLanternFormat() {
    return modelFile.getFileName().toString().equals("model.pt");
  }

  long padId() {
    return padId;
  }

  Long maskId() {
    return maskId;
  }

  Long unknownId() {
    return unknownId;
  }

  private static Path findModelFile(Path dir) {
    Path standard = dir.resolve("model.pt");
    if (Files.isRegularFile(standard)) {
      return standard;
    }
    List<Path> candidates;
    try (Stream<Path> files = Files.list(dir)) {
      candidates = files.filter(p -> p.getFileName().toString().endsWith(".pt") && Files.isRegularFile(p))
          .sorted().toList();
    } catch (IOException e) {
      throw new InvalidModelException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    if (candidates.size() == 1) {
      return candidates.get(0);
    }
    throw new InvalidModelException(candidates.isEmpty()
        ? "no model.pt in " + dir + " (a package needs a TorchScript model.pt; see tools/export_hf_model.py)"
        : "no model.pt in " + dir + " and several .pt files " + candidates.stream().map(Path::getFileName).toList()
            + "; rename the one to use to model.pt");
  }

  static ModelConfig readConfig(Path file) {
    JsonObject json = Json.readObject(file);
    List<String> labels = readLabels(json, file);
    String modelType = optString(json, "model_type", file);
    ProblemType problem = ProblemType.fromConfig(optString(json, "problem_type", file), file.toString());
    int maxLength = DEFAULT_MAX_LENGTH;
    JsonObject lantern = json.has("lantern") && json.get("lantern").isJsonObject()
        ? json.getAsJsonObject("lantern") : new JsonObject();
    if (lantern.has("max_length")) {
      maxLength = positiveInt(lantern.get("max_length"), "lantern.max_length", file);
    } else if (json.has("max_position_embeddings")) {
      int positions = positiveInt(json.get("max_position_embeddings"), "max_position_embeddings", file);
      maxLength = OFFSET_POSITION_MODELS.contains(modelType) ? positions - 2 : positions;
    }
    if (maxLength < 2) {
      throw new InvalidModelException(file + ": the maximum length " + maxLength
          + " leaves no room for a token between the special tokens");
    }
    boolean gradients = false;
    if (lantern.has("methods") && lantern.get("methods").isJsonArray()) {
      List<String> methods = new ArrayList<>();
      lantern.getAsJsonArray("methods").forEach(m -> methods.add(m.isJsonPrimitive() ? m.getAsString() : ""));
      gradients = methods.containsAll(List.of("embed", "forward_embeds"));
    }
    Task task = Task.SEQUENCE_CLASSIFICATION;
    if (lantern.has("task")) {
      String name = lantern.get("task").isJsonPrimitive() ? lantern.get("task").getAsString() : lantern.get("task")
          .toString();
      task = switch (name) {
        case "sequence-classification" -> Task.SEQUENCE_CLASSIFICATION;
        case "token-classification" -> Task.TOKEN_CLASSIFICATION;
        case "question-answering" -> Task.QUESTION_ANSWERING;
        default -> throw new InvalidModelException(file + ": field lantern.task is \"" + name + "\"; expected "
            + "sequence-classification, token-classification or question-answering");
      };
    }
    if (task == Task.QUESTION_ANSWERING && labels.size() != 2) {
      throw new InvalidModelException(file + ": a question-answering model has two outputs per token (start, end),"
          + " but id2label has " + labels.size() + " labels " + labels);
    }
    return new ModelConfig(labels, problem, maxLength, modelType == null ? "unknown" : modelType, gradients, task);
  }

  private static List<String> readLabels(JsonObject json, Path file) {
    JsonElement id2label = json.get("id2label");
    if (id2label == null || !id2label.isJsonObject() || id2label.getAsJsonObject().size() == 0) {
      throw new InvalidModelException(file + ": field id2label is missing or empty; it must map every class index "
          + "to its name, e.g. {\"0\": \"NEGATIVE\", \"1\": \"POSITIVE\"}");
    }
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    for (Map.Entry<String, JsonElement> e : id2label.getAsJsonObject().entrySet()) {
      int index;
      try {
        index = Integer.parseInt(e.getKey().trim());
      } catch (NumberFormatException ex) {
        throw new InvalidModelException(file + ": id2label key '" + e.getKey() + "' is not a class index");
      }
      if (!e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isString()) {
        throw new InvalidModelException(file + ": id2label[" + e.getKey() + "] = " + e.getValue() + " is not a string");
      }
      byIndex.put(index, e.getValue().getAsString());
    }
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < byIndex.size(); i++) {
      if (!byIndex.containsKey(i)) {
        throw new InvalidModelException(file + ": id2label has indices " + byIndex.keySet() + "; index " + i
            + " is missing (indices must be 0.." + (byIndex.size() - 1) + ")");
      }
      labels.add(byIndex.get(i));
    }
    Set<String> seen = new HashSet<>();
    for (String label : labels) {
      if (!seen.add(label)) {
        throw new InvalidModelException(file + ": id2label names '" + label + "' twice");
      }
    }
    JsonElement label2id = json.get("label2id");
    if (label2id != null && label2id.isJsonObject()) {
      Map<String, Integer> ids = new HashMap<>();
      for (Map.Entry<String, JsonElement> e : label2id.getAsJsonObject().entrySet()) {
        ids.put(e.getKey(), e.getValue().isJsonPrimitive() && e.getValue().getAsJsonPrimitive().isNumber()
            ? e.getValue().getAsInt() : -1);
      }
      for (int i = 0; i < labels.size(); i++) {
        Integer id = ids.get(labels.get(i));
        if (id == null || id != i) {
          throw new InvalidModelException(file + ": label2id disagrees with id2label: id2label[" + i + "] = '"
              + labels.get(i) + "' but label2id['" + labels.get(i) + "'] = " + (id == null ? "missing" : id));
        }
      }
      if (ids.size() != labels.size()) {
        throw new InvalidModelException(file + ": label2id has " + ids.size() + " entries but id2label has "
            + labels.size());
      }
    }
    return labels;
  }

  private static String optString(JsonObject json, String field, Path file) {
    JsonElement e = json.get(field);
    if (e == null || e.isJsonNull()) {
      return null;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new InvalidModelException(file + ": field " + field + " = " + e + " is not a string");
    }
    return e.getAsString();
  }

  private static int positiveInt(JsonElement e, String field, Path file) {
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      double v = e.getAsDouble();
      if (v == Math.rint(v) && v >= 1 && v <= Integer.MAX_VALUE) {
        return (int) v;
      }
    }
    throw new InvalidModelException(file + ": field " + field + " = " + e + " is not a positive integer");
  }

  /** The padding id: the tokenizer's padding setting, else a conventional pad token, else 0. */
  private static long readPadId(JsonObject tokenizer, Path file) {
    if (!tokenizer.has("model") || !tokenizer.get("model").isJsonObject()) {
      throw new InvalidModelException(file + ": field model is missing; this is not a HuggingFace tokenizers file "
          + "(save one with tokenizer.backend_tokenizer.save(path) or tokenizer.save_pretrained(dir))");
    }
    JsonElement padding = tokenizer.get("padding");
    if (padding != null && padding.isJsonObject() && padding.getAsJsonObject().has("pad_id")) {
      return padding.getAsJsonObject().get("pad_id").getAsLong();
    }
    JsonElement added = tokenizer.get("added_tokens");
    if (added != null && added.isJsonArray()) {
      for (JsonElement t : added.getAsJsonArray()) {
        if (t.isJsonObject() && isPadToken(t.getAsJsonObject().get("content"))) {
          return t.getAsJsonObject().get("id").getAsLong();
        }
      }
    }
    return 0;
  }

  /** The id of the first of {@code names} among the added tokens, then in the model's vocabulary. */
  private static Long findToken(JsonObject tokenizer, String... names) {
    JsonElement added = tokenizer.get("added_tokens");
    for (String name : names) {
      if (added != null && added.isJsonArray()) {
        for (JsonElement t : added.getAsJsonArray()) {
          JsonElement content = t.isJsonObject() ? t.getAsJsonObject().get("content") : null;
          if (content != null && content.isJsonPrimitive() && content.getAsString().equals(name)) {
            return t.getAsJsonObject().get("id").getAsLong();
          }
        }
      }
      JsonElement vocab = tokenizer.getAsJsonObject("model").get("vocab");
      if (vocab != null && vocab.isJsonObject() && vocab.getAsJsonObject().has(name)) {
        return vocab.getAsJsonObject().get(name).getAsLong();
      }
    }
    return null;
  }

  private static boolean isPadToken(JsonElement content) {
    if (content == null || !content.isJsonPrimitive()) {
      return false;
    }
    String s = content.getAsString();
    return s.equals("[PAD]") || s.equals("<pad>") || s.equals("<|pad|>");
  }

  @Override
  public String toString() {
    return "ModelPackage[" + directory + ", labels=" + config.labels() + "]";
  }
}
