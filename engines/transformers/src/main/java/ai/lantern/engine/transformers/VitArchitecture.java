package ai.lantern.engine.transformers;

import ai.lantern.core.InvalidModelException;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The shape of a HuggingFace ViT-style image classifier as its {@code config.json} describes it,
 * with the defaults of HuggingFace's {@code ViTConfig} (and {@code DeiTConfig}, the same) for
 * fields a file leaves out: {@code ViTForImageClassification}, {@code DeiTForImageClassification}
 * and {@code DeiTForImageClassificationWithTeacher}.
 *
 * @param family {@code vit} or {@code deit}: the weights' prefix, and whether a distillation token
 *     follows the class token
 * @param distilled whether the logits are the mean of the class token's and the distillation
 *     token's heads ({@code DeiTForImageClassificationWithTeacher}); else the class token's head
 * @param labels the class names, from {@code id2label} in index order
 * @param hidden {@code hidden_size}, default 768; a multiple of {@code heads}
 * @param layers {@code num_hidden_layers}, default 12
 * @param heads {@code num_attention_heads}, default 12
 * @param intermediate {@code intermediate_size}, default 3072
 * @param activation {@code hidden_act}, default {@code gelu}
 * @param layerNormEps {@code layer_norm_eps}, default 1e-12
 * @param imageHeight {@code image_size} (a number, or {@code [height, width]}), default 224
 * @param imageWidth the image's width
 * @param patchSize {@code patch_size}, default 16; divides the image's height and width
 * @param channels {@code num_channels}, default 3
 * @param qkvBias {@code qkv_bias}: whether the query, key and value projections have biases, default true
 */
public record VitArchitecture(String family, boolean distilled, List<String> labels, int hidden, int layers, int heads, int intermediate,
    String activation, double layerNormEps, int imageHeight, int imageWidth, int patchSize, int channels,
    boolean qkvBias) {
  private static final Set<String> ACTIVATIONS = Set.of("gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast",
      "quick_gelu", "relu", "silu", "swish", "tanh");

  /** The classes built natively, by {@code model_type}. */
  private static final java.util.Map<String, List<String>> NATIVE = java.util.Map.of(
      "vit", List.of("ViTForImageClassification"),
      "deit", List.of("DeiTForImageClassification", "DeiTForImageClassificationWithTeacher"));

  /**
   * Whether a folder is a HuggingFace classifier that can be built natively: {@code config.json}
   * with {@code model_type} {@code vit} and {@code ViTForImageClassification}, or {@code deit} and
   * {@code DeiTForImageClassification} or {@code DeiTForImageClassificationWithTeacher}, and
   * safetensors weights.
   *
   * @param dir a model folder
   * @return true for such a folder; false for anything else, including unreadable files
   */
  public static boolean isNativeVit(Path dir) {
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config) || !(Files.isRegularFile(dir.resolve("model.safetensors"))
        || Files.isRegularFile(dir.resolve("model.safetensors.index.json")))) {
      return false;
    }
    try {
      JsonObject o = Json.readObject(config);
      String type = string(o, "model_type");
      return type != null && NATIVE.containsKey(type) && o.has("architectures")
          && NATIVE.get(type).contains(HfArchitecture.architecture(o, config));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static String string(JsonObject o, String field) {
    JsonElement e = o.get(field);
    return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
  }

  /**
   * Reads the architecture of {@code config}.
   *
   * @param config the parsed {@code config.json}; not null
   * @param file the path it was read from, named in error messages
   * @return the architecture
   * @throws InvalidModelException naming {@code file}, the field and the value, for another model
   *     type or head, a malformed or contradictory field, or missing labels
   */
  public static VitArchitecture read(JsonObject config, Path file) {
    String modelType = string(config, "model_type");
    String architecture = HfArchitecture.architecture(config, file);
    if (modelType == null || !NATIVE.containsKey(modelType) || !NATIVE.get(modelType).contains(architecture)) {
      throw new InvalidModelException(file + ": model_type \"" + modelType + "\" with " + architecture + " is not "
          + "built natively (only vit with ViTForImageClassification, deit with DeiTForImageClassification or "
          + "DeiTForImageClassificationWithTeacher); export it once with tools/export_hf_model.py --task "
          + "image-classification");
    }
    int hidden = HfArchitecture.integer(config, "hidden_size", 768, file);
    int heads = HfArchitecture.integer(config, "num_attention_heads", 12, file);
    if (heads == 0 || hidden % heads != 0) {
      throw new InvalidModelException(file + ": hidden_size " + hidden + " is not a multiple of the " + heads
          + " attention heads");
    }
    String activation = HfArchitecture.string(config, "hidden_act", "gelu", file);
    if (!ACTIVATIONS.contains(activation)) {
      throw new InvalidModelException(file + ": hidden_act is \"" + activation + "\"; supported: "
          + new java.util.TreeSet<>(ACTIVATIONS));
    }
    int[] size = pair(config, "image_size", 224, file);
    int[] patches = pair(config, "patch_size", 16, file);
    if (patches[0] != patches[1]) {
      throw new InvalidModelException(file + ": patch_size " + config.get("patch_size") + " is not square; Lantern "
          + "builds square patches natively: export the model with tools/export_hf_model.py --task "
          + "image-classification");
    }
    int patch = patches[0];
    if (hidden == 0 || size[0] == 0 || size[1] == 0 || patch == 0) {
      throw new InvalidModelException(file + ": hidden_size, image_size and patch_size must be positive, got "
          + hidden + ", " + size[0] + "×" + size[1] + " and " + patch);
    }
    // HuggingFace's convolution would drop the remainder; a size that does not divide is a config error.
    if (size[0] % patch != 0 || size[1] % patch != 0) {
      throw new InvalidModelException(file + ": patch_size " + patch + " does not divide image_size " + size[0] + "×"
          + size[1]);
    }
    return new VitArchitecture(modelType, architecture.endsWith("WithTeacher"), TransformerImageClassifier.labels(config, file), hidden, HfArchitecture.integer(config, "num_hidden_layers", 12,
        file), heads, HfArchitecture.integer(config, "intermediate_size", 3072, file), activation,
        HfArchitecture.number(config, "layer_norm_eps", 1e-12, file), size[0], size[1], patch,
        HfArchitecture.integer(config, "num_channels", 3, file),
        HfArchitecture.bool(config, "qkv_bias", true, file));
  }

  /**
   * Patches per image.
   *
   * @return (height / patch) × (width / patch)
   */
  public int patches() {
    return (imageHeight / patchSize) * (imageWidth / patchSize);
  }

  /**
   * The tokens before the patches: the class token, and DeiT's distillation token.
   *
   * @return 1 for ViT, 2 for DeiT
   */
  public int leadingTokens() {
    return family.equals("deit") ? 2 : 1;
  }

  private static int[] pair(JsonObject config, String field, int fallback, Path file) {
    JsonElement e = config.get(field);
    if (e != null && e.isJsonArray()) {
      if (e.getAsJsonArray().size() != 2) {
        throw new InvalidModelException(file + ": field " + field + " = " + e + " is not a number or [height, width]");
      }
      return new int[] {HfArchitecture.integer(e.getAsJsonArray().get(0), field + "[0]", 0, file),
          HfArchitecture.integer(e.getAsJsonArray().get(1), field + "[1]", 0, file)};
    }
    int v = HfArchitecture.integer(config, field, fallback, file);
    return new int[] {v, v};
  }


}
