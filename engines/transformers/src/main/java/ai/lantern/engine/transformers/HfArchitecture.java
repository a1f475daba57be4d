package ai.lantern.engine.transformers;

import ai.lantern.core.InvalidModelException;
import ai.lantern.core.Task;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The shape of a HuggingFace encoder as its {@code config.json} describes it, with the defaults
 * of HuggingFace's config classes for fields a file leaves out.
 *
 * @param family {@code bert}, {@code roberta} (also XLM-RoBERTa and CamemBERT), {@code distilbert}
 *     or {@code electra}: which network is built
 * @param modelType the file's {@code model_type}
 * @param architecture the class named in {@code architectures}, e.g. {@code BertForSequenceClassification}
 * @param task what the head computes, from the suffix of {@code architecture}
 * @param vocabSize rows of the word-embedding table: {@code vocab_size} (default 30522, RoBERTa 50265)
 * @param hidden width of the hidden states: {@code hidden_size} ({@code dim} for DistilBERT), default 768
 * @param embeddingSize width of the embedding tables (ELECTRA's may differ from {@code hidden})
 * @param layers encoder layers: {@code num_hidden_layers} ({@code n_layers}), default 12 (DistilBERT 6)
 * @param heads attention heads per layer: {@code num_attention_heads} ({@code n_heads}), default 12;
 *     divides {@code hidden}
 * @param intermediate width of the feed-forward layer: {@code intermediate_size} ({@code hidden_dim}),
 *     default 3072
 * @param activation the feed-forward activation: {@code hidden_act} ({@code activation}), default
 *     {@code gelu}; one of the supported names
 * @param maxPositions rows of the position table: {@code max_position_embeddings}, default 512
 * @param typeVocabSize rows of the token-type table; 0 when the model has none (DistilBERT)
 * @param layerNormEps the epsilon of every layer norm: {@code layer_norm_eps}, default 1e-12 (DeBERTa
 *     1e-7); positive
 * @param padTokenId {@code pad_token_id}, default 1 for the RoBERTa family and 0 otherwise
 * @param deberta the disentangled-attention settings of a {@code deberta-v2} model; null for other families
 */
public record HfArchitecture(String family, String modelType, String architecture, Task task, int vocabSize, int hidden,
    int embeddingSize, int layers, int heads, int intermediate, String activation, int maxPositions,
    int typeVocabSize, double layerNormEps, long padTokenId, Deberta deberta) {

  /**
   * DeBERTa-v2/v3's disentangled attention, from config.json.
   *
   * @param relativeAttention whether attention adds the relative-position terms
   * @param span relative positions reach {@code -span..span-1}: {@code position_buckets}, else
   *     {@code max_relative_positions}, else {@code max_position_embeddings}
   * @param buckets {@code position_buckets} (log buckets beyond half of it), or 0
   * @param maxRelative {@code max_relative_positions} (or {@code max_position_embeddings})
   * @param c2p content-to-position term ({@code pos_att_type} has {@code c2p})
   * @param p2c position-to-content term
   * @param shareKey whether positions go through the content query/key projections
   * @param normRelative whether the relative embeddings are layer-normalised ({@code norm_rel_ebd})
   * @param positionBiasedInput whether absolute position embeddings are added to the input
   * @param poolerActivation the activation of the pooler before the classifier
   */
  public record Deberta(boolean relativeAttention, int span, int buckets, int maxRelative, boolean c2p, boolean p2c,
      boolean shareKey, boolean normRelative, boolean positionBiasedInput, String poolerActivation) {
    /**
     * 1 plus one for each relative term: attention scores are divided by {@code √(head width · factor)}.
     *
     * @return 1, 2 or 3
     */
    public int scaleFactor() {
      return 1 + (c2p ? 1 : 0) + (p2c ? 1 : 0);
    }
  }

  /** The {@code model_type}s the native loader builds. */
  public static final List<String> SUPPORTED = List.of("bert", "roberta", "xlm-roberta", "camembert", "distilbert",
      "electra", "deberta-v2");
  private static final Set<String> ACTIVATIONS = Set.of("gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast",
      "quick_gelu", "relu", "silu", "swish", "tanh");

  /**
   * Reads the architecture of {@code config}.
   *
   * @param config the parsed {@code config.json} of a HuggingFace folder; not null
   * @param file the path {@code config} was read from, named in error messages
   * @return the architecture, with HuggingFace's defaults for the fields the file leaves out
   * @throws InvalidModelException naming {@code file}, the field and the value, for an unsupported
   *     model type, architecture or activation, or a malformed field
   */
  public static HfArchitecture read(JsonObject config, Path file) {
    String modelType = string(config, "model_type", null, file);
    if (modelType == null) {
      throw new InvalidModelException(file + ": field model_type is missing; a HuggingFace config.json names its "
          + "model type (bert, roberta, distilbert…)");
    }
    String family = switch (modelType) {
      case "bert" -> "bert";
      case "roberta", "xlm-roberta", "camembert" -> "roberta";
      case "distilbert" -> "distilbert";
      case "electra" -> "electra";
      case "deberta-v2" -> "deberta-v2";
      default -> throw new InvalidModelException(file + ": model_type \"" + modelType + "\" is not one Lantern builds "
          + "natively (supported: " + String.join(", ", SUPPORTED) + "); export the model to TorchScript with "
          + "tools/export_hf_model.py");
    };
    String architecture = architecture(config, file);
    Task task = taskOf(architecture, file);
    String expected = modelType.replace("-", "");
    if (!architecture.toLowerCase(Locale.ROOT).startsWith(expected)) {
      throw new InvalidModelException(file + ": architectures[0] \"" + architecture + "\" does not belong to "
          + "model_type \"" + modelType + "\"");
    }
    boolean distil = family.equals("distilbert");
    int hidden = integer(config, distil ? "dim" : "hidden_size", 768, file);
    int layers = integer(config, distil ? "n_layers" : "num_hidden_layers", distil ? 6 : 12, file);
    int heads = integer(config, distil ? "n_heads" : "num_attention_heads", 12, file);
    int intermediate = integer(config, distil ? "hidden_dim" : "intermediate_size", 3072, file);
    if (heads == 0 || hidden % heads != 0) {
      throw new InvalidModelException(file + ": hidden size " + hidden + " is not a multiple of the " + heads
          + " attention heads");
    }
    String activationField = distil ? "activation" : "hidden_act";
    String activation = string(config, activationField, "gelu", file);
    if (!ACTIVATIONS.contains(activation)) {
      throw new InvalidModelException(file + ": " + activationField + " is \"" + activation + "\"; supported: "
          + new java.util.TreeSet<>(ACTIVATIONS));
    }
    String positionType = string(config, "position_embedding_type", "absolute", file);
    if (!positionType.equals("absolute")) {
      throw new InvalidModelException(file + ": position_embedding_type \"" + positionType + "\" is not supported "
          + "natively (only \"absolute\"); export the model to TorchScript with tools/export_hf_model.py");
    }
    // DistilBERT's sinusoidal_pos_embds table is stored in the weights like a learned one.
    int embeddingSize = family.equals("electra") || family.equals("deberta-v2")
        ? integer(config, "embedding_size", hidden, file) : hidden;
    Deberta deberta = family.equals("deberta-v2") ? deberta(config, file) : null;
    if (deberta != null && integer(config, "conv_kernel_size", 0, file) > 0) {
      throw new InvalidModelException(file + ": conv_kernel_size " + config.get("conv_kernel_size") + " (DeBERTa-v2's "
          + "convolution layer) is not built natively; export the model to ONNX or TorchScript");
    }
    long padId = config.has("pad_token_id") && !config.get("pad_token_id").isJsonNull()
        ? integer(config, "pad_token_id", 0, file) : family.equals("roberta") ? 1 : 0;
    return new HfArchitecture(family, modelType, architecture, task,
        integer(config, "vocab_size", family.equals("roberta") ? 50265 : 30522, file), hidden, embeddingSize, layers,
        heads, intermediate, activation, integer(config, "max_position_embeddings", 512, file),
        distil ? 0 : integer(config, "type_vocab_size", deberta != null ? 0 : 2, file),
        distil ? 1e-12 : number(config, "layer_norm_eps", deberta != null ? 1e-7 : 1e-12, file), padId, deberta);
  }

  private static Deberta deberta(JsonObject config, Path file) {
    boolean relative = bool(config, "relative_attention", false, file);
    int maxPositions = integer(config, "max_position_embeddings", 512, file);
    int maxRelative = config.has("max_relative_positions") && config.get("max_relative_positions").isJsonPrimitive()
        ? config.get("max_relative_positions").getAsInt() : -1;
    if (maxRelative < 1) {
      maxRelative = maxPositions;
    }
    int buckets = config.has("position_buckets") && config.get("position_buckets").isJsonPrimitive()
        ? config.get("position_buckets").getAsInt() : -1;
    java.util.Set<String> types = new java.util.HashSet<>();
    JsonElement pos = config.get("pos_att_type");
    if (pos != null && pos.isJsonArray()) {
      pos.getAsJsonArray().forEach(t -> types.add(t.getAsString().trim().toLowerCase(Locale.ROOT)));
    } else if (pos != null && pos.isJsonPrimitive()) {
      for (String t : pos.getAsString().toLowerCase(Locale.ROOT).split("\\|")) {
        types.add(t.trim());
      }
    }
    String norm = string(config, "norm_rel_ebd", "none", file).toLowerCase(Locale.ROOT);
    String pooler = string(config, "pooler_hidden_act", "gelu", file);
    if (!ACTIVATIONS.contains(pooler)) {
      throw new InvalidModelException(file + ": pooler_hidden_act is \"" + pooler + "\"; supported: "
          + new java.util.TreeSet<>(ACTIVATIONS));
    }
    if (config.has("pooler_hidden_size") && integer(config, "pooler_hidden_size", 0, file)
        != integer(config, "hidden_size", 768, file)) {
      throw new InvalidModelException(file + ": pooler_hidden_size " + config.get("pooler_hidden_size")
          + " differs from hidden_size; not built natively");
    }
    return new Deberta(relative, buckets > 0 ? buckets : maxRelative, Math.max(buckets, 0), maxRelative,
        types.contains("c2p"), types.contains("p2c"), bool(config, "share_att_key", false, file),
        java.util.Arrays.stream(norm.split("\\|")).map(String::trim).anyMatch("layer_norm"::equals),
        bool(config, "position_biased_input", true, file), pooler);
  }

  static boolean bool(JsonObject json, String field, boolean fallback, Path file) {
    JsonElement e = json.get(field);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
      throw new InvalidModelException(file + ": field " + field + " = " + e + " is not true or false");
    }
    return e.getAsBoolean();
  }

  /** {@code architectures[0]}. */
  static String architecture(JsonObject config, Path file) {
    JsonElement archs = config.get("architectures");
    if (archs == null || !archs.isJsonArray() || archs.getAsJsonArray().isEmpty()
        || !archs.getAsJsonArray().get(0).isJsonPrimitive()) {
      throw new InvalidModelException(file + ": field architectures is missing; it names the model class and so its "
          + "head, e.g. [\"BertForSequenceClassification\"]");
    }
    return archs.getAsJsonArray().get(0).getAsString();
  }

  /** The task of a HuggingFace model class, from its name's suffix. */
  static Task taskOf(String architecture, Path file) {
    if (architecture.endsWith("ForSequenceClassification")) {
      return Task.SEQUENCE_CLASSIFICATION;
    } else if (architecture.endsWith("ForTokenClassification")) {
      return Task.TOKEN_CLASSIFICATION;
    } else if (architecture.endsWith("ForQuestionAnswering")) {
      return Task.QUESTION_ANSWERING;
    }
    throw new InvalidModelException(file + ": architectures[0] is \"" + architecture + "\"; Lantern explains "
        + "…ForSequenceClassification, …ForTokenClassification and …ForQuestionAnswering models");
  }

  /**
   * Whether position ids count from {@code padTokenId + 1} over non-padding tokens (RoBERTa).
   *
   * @return true for the {@code roberta} family (RoBERTa, XLM-RoBERTa, CamemBERT)
   */
  public boolean offsetPositions() {
    return family.equals("roberta");
  }

  static String string(JsonObject json, String field, String fallback, Path file) {
    JsonElement e = json.get(field);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
      throw new InvalidModelException(file + ": field " + field + " = " + e + " is not a string");
    }
    return e.getAsString();
  }

  static int integer(JsonObject json, String field, int fallback, Path file) {
    return integer(json.get(field), field, fallback, file);
  }

  /** A value (of a field, or of an array's entry, named {@code field} in errors) as a non-negative integer. */
  static int integer(JsonElement e, String field, int fallback, Path file) {
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      double v = e.getAsDouble();
      if (v == Math.rint(v) && v >= 0 && v <= Integer.MAX_VALUE) {
        return (int) v;
      }
    }
    throw new InvalidModelException(file + ": field " + field + " = " + e + " is not a non-negative integer");
  }

  static double number(JsonObject json, String field, double fallback, Path file) {
    JsonElement e = json.get(field);
    if (e == null || e.isJsonNull()) {
      return fallback;
    }
    if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() && e.getAsDouble() > 0) {
      return e.getAsDouble();
    }
    throw new InvalidModelException(file + ": field " + field + " = " + e + " is not a positive number");
  }
}
