package ai.lantern.engine.transformers;

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
 * tokenizer; an engine (PyTorchTextClassifier.load, OnnxTextClassifier.load) does that.
 */
public final class ModelPackage {
  /** Model types whose position ids start after the padding index, leaving two positions unused. */
  private static final Set<String> OFFSET_POSITION_MODELS =
      Set.of("roberta", "xlm-roberta", "camembert", "longformer", "bart", "mbart", "flaubert");
  private static final int DEFAULT_MAX_LENGTH = 512;

  /** How the network is stored. */
  public enum Format {
    /** Lantern's package or a djl-convert folder: a TorchScript {@code .pt} file. */
    TORCHSCRIPT,
    /** A HuggingFace folder as {@code save_pretrained} writes it: safetensors weights, built natively. */
    HUGGINGFACE,
    /** An ONNX export ({@code model.onnx}, as HuggingFace Optimum writes it) with the folder's tokenizer and config. */
    ONNX
  }

  private final Path directory;
  private final Format format;
  private final Path modelFile;
  private final HfTokenizerFiles.Definition tokenizer;
  private final ModelConfig config;
  private final HfArchitecture architecture;
  private final long padId;
  private final Long maskId;
  private final Long unknownId;

  private ModelPackage(Path directory, Format format, Path modelFile, HfTokenizerFiles.Definition tokenizer,
      ModelConfig config, HfArchitecture architecture, long padId, Long maskId, Long unknownId) {
    this.directory = directory;
    this.format = format;
    this.modelFile = modelFile;
    this.tokenizer = tokenizer;
    this.config = config;
    this.architecture = architecture;
    this.padId = padId;
    this.maskId = maskId;
    this.unknownId = unknownId;
  }

  /**
   * Reads and validates the package in {@code directory}.
   *
   * @param directory the model folder; a relative path is resolved against the working directory
   * @return the package, its format chosen from the files present (see {@link #detectFormat(Path)})
   * @throws InvalidModelException naming the file, field and value, if the directory is missing,
   *     a file is missing or malformed, or the labels are absent or inconsistent
   */
  public static ModelPackage open(Path directory) {
    if (directory == null) {
      throw new InvalidModelException("no model directory given");
    }
    Path dir = directory.toAbsolutePath().normalize();
    String problem = PathProblems.problem(dir, "directory");
    if (problem != null) {
      throw new InvalidModelException("model directory: " + problem + (problem.endsWith("not a directory")
          ? "; a model package is a directory with the model's weights, tokenizer and config.json" : ""));
    }
    Path model = findModelFile(dir);
    String name = model.getFileName().toString();
    Format format = name.endsWith(".pt") ? Format.TORCHSCRIPT : name.endsWith(".onnx") ? Format.ONNX
        : Format.HUGGINGFACE;
    Path configFile = dir.resolve("config.json");
    HfTokenizerFiles.Definition tokenizer = HfTokenizerFiles.read(dir);
    ModelConfig config = readConfig(configFile, tokenizer.modelMaxLength());
    HfArchitecture architecture = null;
    if (format == Format.HUGGINGFACE) {
      architecture = HfArchitecture.read(Json.readObject(configFile), configFile);
    }
    JsonObject tokenizerJson = tokenizer.json();
    String source = tokenizer.source();
    long padId = readPadId(tokenizerJson, source, tokenizer.pad());
    Long mask = findToken(tokenizerJson, tokenizer.mask(), "[MASK]", "<mask>");
    Long unk = findToken(tokenizerJson, tokenizer.unknown(), "[UNK]", "<unk>");
    return new ModelPackage(dir, format, model, tokenizer, config, architecture, padId, mask, unk);
  }

  /**
   * The model folder.
   *
   * @return the folder's absolute, normalised path
   */
  public Path directory() {
    return directory;
  }

  /**
   * How the network is stored, and so how it is loaded.
   *
   * @return the format; {@link Format#ONNX} for a package from {@link #openOnnx(Path)}
   */
  public Format format() {
    return format;
  }

  /**
   * The network's file: the TorchScript {@code .pt}, or {@code model.safetensors} (or its
   * {@code model.safetensors.index.json}) of a HuggingFace folder.
   *
   * @return the file's absolute path, in {@link #directory()} (an ONNX model may be in its {@code onnx/})
   */
  public Path modelFile() {
    return modelFile;
  }

  /**
   * Where the tokenizer comes from: {@code tokenizer.json}, or the slow tokenizer's files it was built from.
   *
   * @return the file's path, or the files' names, for messages
   */
  public String tokenizerSource() {
    return tokenizer.source();
  }

  /**
   * The folder's tokenizer, read or built but not loaded.
   *
   * @return the tokenizer definition with its special tokens, maximum length and truncation side
   */
  public HfTokenizerFiles.Definition tokenizer() {
    return tokenizer;
  }

  /**
   * The encoder and head of a HuggingFace folder.
   *
   * @return the architecture of {@code config.json} for {@link Format#HUGGINGFACE}; null for TorchScript and ONNX
   */
  public HfArchitecture architecture() {
    return architecture;
  }

  /**
   * What {@code config.json} says about the model.
   *
   * @return the labels, problem type, maximum length and task, checked
   */
  public ModelConfig config() {
    return config;
  }

  /**
   * Whether the model file follows the package contract ({@code model.pt}, three inputs).
   *
   * @return true when the model file is named {@code model.pt}
   */
  public boolean isLanternFormat() {
    return modelFile.getFileName().toString().equals("model.pt");
  }

  /**
   * The id that pads a batch's shorter sequences.
   *
   * @return the tokenizer's {@code padding.pad_id}, else the id of its pad token ({@code pad_token},
   *     {@code [PAD]}, {@code <pad>}, {@code <|pad|>}), else 0
   */
  public long padId() {
    return padId;
  }

  /**
   * The id of the mask token, which explainers put in place of a hidden token.
   *
   * @return the id of {@code mask_token}, {@code [MASK]} or {@code <mask>}; null when the tokenizer has none
   */
  public Long maskId() {
    return maskId;
  }

  /**
   * The id of the unknown token.
   *
   * @return the id of {@code unk_token}, {@code [UNK]} or {@code <unk>}; null when the tokenizer has none
   */
  public Long unknownId() {
    return unknownId;
  }

  private static Path findModelFile(Path dir) {
    Path standard = dir.resolve("model.pt");
    if (Files.isRegularFile(standard)) {
      return standard;
    }
    // A HuggingFace folder's weights win over a stray .pt (an optimizer state, say) beside them.
    for (String name : List.of("model.safetensors.index.json", "model.safetensors")) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return dir.resolve(name);
      }
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
    if (candidates.isEmpty()) {
      for (String name : List.of("pytorch_model.bin", "pytorch_model.bin.index.json", "tf_model.h5",
          "flax_model.msgpack")) {
        if (Files.isRegularFile(dir.resolve(name))) {
          throw new InvalidModelException(dir + " has its weights only as " + name + "; Lantern reads "
              + "model.safetensors (a pickle file can run code when loaded). Convert once with HuggingFace: "
              + "AutoModelForSequenceClassification.from_pretrained(dir).save_pretrained(dir, "
              + "safe_serialization=True) (…ForTokenClassification, …ForQuestionAnswering alike)");
        }
      }
      Path onnx = findOnnx(dir);
      if (onnx != null) {
        return onnx;
      }
    }
    throw new InvalidModelException(candidates.isEmpty()
        ? "no model.pt in " + dir + " and no model.safetensors: a model folder needs HuggingFace safetensors weights "
            + "(save_pretrained) or a TorchScript model.pt (tools/export_hf_model.py)"
        : "no model.pt in " + dir + " and several .pt files " + candidates.stream().map(Path::getFileName).toList()
            + "; rename the one to use to model.pt");
  }

  /**
   * Reads and validates a folder for the ONNX engine: like {@link #open(Path)}, but the model is
   * {@code model.onnx} (or {@code onnx/model.onnx}) even when the folder also has other weights.
   *
   * @param directory the model folder; a relative path is resolved against the working directory
   * @return the package with format {@link Format#ONNX} and no {@link #architecture()}
   * @throws InvalidModelException if there is no ONNX file, or as {@link #open(Path)}
   */
  public static ModelPackage openOnnx(Path directory) {
    ModelPackage any = open(directory);
    if (any.format == Format.ONNX) {
      return any;
    }
    Path onnx = findOnnx(any.directory);
    if (onnx == null) {
      throw new InvalidModelException("no model.onnx in " + any.directory + " (it holds " + any.modelFile.getFileName()
          + "); export one with HuggingFace Optimum (optimum-cli export onnx --model DIR OUT) or load the folder "
          + "with PyTorchTextClassifier");
    }
    return new ModelPackage(any.directory, Format.ONNX, onnx, any.tokenizer, any.config, null, any.padId, any.maskId,
        any.unknownId);
  }

  /**
   * The format {@link #open(Path)} would read {@code directory} as, from the files present alone:
   * what an application checks to choose the engine.
   *
   * @param directory the model folder; not null, a relative path is resolved against the working directory
   * @return {@link Format#TORCHSCRIPT} for a {@code .pt}, {@link Format#HUGGINGFACE} for safetensors weights,
   *     {@link Format#ONNX} for {@code model.onnx} alone
   * @throws InvalidModelException if the directory holds no model file Lantern reads
   */
  public static Format detectFormat(Path directory) {
    String name = findModelFile(directory.toAbsolutePath().normalize()).getFileName().toString();
    return name.endsWith(".pt") ? Format.TORCHSCRIPT : name.endsWith(".onnx") ? Format.ONNX : Format.HUGGINGFACE;
  }

  private static Path findOnnx(Path dir) {
    for (String name : List.of("model.onnx", "onnx/model.onnx")) {
      if (Files.isRegularFile(dir.resolve(name))) {
        return dir.resolve(name);
      }
    }
    return null;
  }

  /** @param tokenizerMaxLength the tokenizer's {@code model_max_length}, or 0 when it has none */
  static ModelConfig readConfig(Path file, int tokenizerMaxLength) {
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
    if (tokenizerMaxLength > 0 && !lantern.has("max_length")) {
      maxLength = Math.min(maxLength, tokenizerMaxLength);
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
    } else if (json.has("architectures")) {
      task = HfArchitecture.taskOf(HfArchitecture.architecture(json, file), file);
      if (task == Task.QUESTION_ANSWERING && labels.equals(List.of("LABEL_0", "LABEL_1"))) {
        labels = List.of("start", "end"); // HuggingFace's placeholder names for the two outputs
      }
    }
    if (task == Task.QUESTION_ANSWERING && labels.size() != 2) {
      throw new InvalidModelException(file + ": a question-answering model has two outputs per token (start, end),"
          + " but id2label has " + labels.size() + " labels " + labels);
    }
    return new ModelConfig(labels, problem, maxLength, modelType == null ? "unknown" : modelType, gradients, task);
  }

  /** The class names of {@code id2label}, checked (indices 0..n−1, printable, distinct, agreeing with label2id). */
  static List<String> readLabels(JsonObject json, Path file) {
    JsonElement id2label = json.get("id2label");
    if (id2label == null && json.has("architectures") && !json.has("num_labels")) {
      // save_pretrained leaves out id2label when it is HuggingFace's default: two classes, LABEL_0 and LABEL_1.
      return List.of("LABEL_0", "LABEL_1");
    }
    if (id2label != null && !id2label.isJsonObject() && !id2label.isJsonNull()) {
      throw new InvalidModelException(file + ": field id2label is " + (id2label.isJsonArray() ? "a list" : "a "
          + "single value") + " (" + id2label + "); it must be an object mapping every class index to its name, e.g. "
          + "{\"0\": \"NEGATIVE\", \"1\": \"POSITIVE\"}");
    }
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
      String name = e.getValue().getAsString();
      for (int c = 0; c < name.length(); c++) {
        char ch = name.charAt(c);
        if (Character.isISOControl(ch) || ch == '\u2028' || ch == '\u2029') {
          // A label is printed to terminals and pages: escape sequences in it could rewrite the screen.
          throw new InvalidModelException(String.format(java.util.Locale.ROOT, "%s: id2label[%s] contains the "
              + "control character U+%04X at position %d; labels must be printable text", file, e.getKey(), (int) ch, c));
        }
      }
      byIndex.put(index, name);
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

  /**
   * The padding id: the tokenizer's padding setting, else the configured pad token, else a
   * conventional pad token, else 0.
   */
  private static long readPadId(JsonObject tokenizer, String file, String configured) {
    if (!tokenizer.has("model") || !tokenizer.get("model").isJsonObject()) {
      throw new InvalidModelException(file + ": field model is missing; this is not a HuggingFace tokenizers file "
          + "(save one with tokenizer.backend_tokenizer.save(path) or tokenizer.save_pretrained(dir))");
    }
    JsonElement padding = tokenizer.get("padding");
    if (padding != null && padding.isJsonObject() && padding.getAsJsonObject().has("pad_id")) {
      return padding.getAsJsonObject().get("pad_id").getAsLong();
    }
    Long named = configured == null ? null : findToken(tokenizer, configured);
    if (named != null) {
      return named;
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
      if (name == null) {
        continue;
      }
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
