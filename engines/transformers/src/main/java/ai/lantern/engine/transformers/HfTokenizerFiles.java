package ai.lantern.engine.transformers;

import ai.lantern.core.InvalidModelException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tokenizer of a HuggingFace folder as a HuggingFace tokenizers definition
 * ({@code tokenizer.json}): the folder's own file when it has one, otherwise built from the files a
 * "slow" tokenizer saves, with the settings of {@code tokenizer_config.json} and
 * {@code special_tokens_map.json}:
 * <ul>
 *   <li>{@code vocab.txt}: BERT's WordPiece ({@code ##} pieces), lower-casing per
 *       {@code do_lower_case} (default true), {@code strip_accents}, {@code tokenize_chinese_chars};
 *   <li>{@code vocab.json} + {@code merges.txt}: RoBERTa's byte-level BPE ({@code Ġ} for a space),
 *       {@code add_prefix_space} (default false), {@code <s> A </s></s> B </s>} for pairs.
 * </ul>
 * These are the definitions HuggingFace's converters produce from the same files, so token ids
 * equal those of the slow tokenizers.
 */
public final class HfTokenizerFiles {
  private HfTokenizerFiles() {}

  /**
   * A tokenizer definition and the names of its special tokens.
   *
   * @param json the HuggingFace tokenizers definition, as {@code tokenizer.json} holds it; not null
   * @param source where the definition comes from, for messages: {@code tokenizer.json}'s path or the files
   *     it was built from
   * @param pad the padding token's text ({@code pad_token}); null when a {@code tokenizer.json} has no setting
   * @param mask the mask token's text ({@code mask_token}); null when a {@code tokenizer.json} has no setting
   * @param unknown the unknown token's text ({@code unk_token}); null when a {@code tokenizer.json} has no
   *     setting
   * @param modelMaxLength {@code model_max_length} of {@code tokenizer_config.json}; 0 when absent or
   *     HuggingFace's "unknown" sentinel
   * @param truncateLeft whether long texts lose their start ({@code truncation_side} is {@code left})
   */
  public record Definition(JsonObject json, String source, String pad, String mask, String unknown, int modelMaxLength,
      boolean truncateLeft) {
    /**
     * A definition that truncates long texts at the end, as most tokenizers do.
     *
     * @param json the HuggingFace tokenizers definition, as {@code tokenizer.json} holds it; not null
     * @param source where the definition comes from, for messages
     * @param pad the padding token's text, or null when unknown
     * @param mask the mask token's text, or null when unknown
     * @param unknown the unknown token's text, or null when unknown
     * @param modelMaxLength the tokenizer's maximum length in tokens, or 0 when it has none
     */
    public Definition(JsonObject json, String source, String pad, String mask, String unknown, int modelMaxLength) {
      this(json, source, pad, mask, unknown, modelMaxLength, false);
    }

    /** This definition, truncating at the start when {@code left}. */
    Definition truncatingLeft(boolean left) {
      return new Definition(json, source, pad, mask, unknown, modelMaxLength, left);
    }

    /**
     * The largest id the tokenizer can produce: its vocabulary's and its added tokens'.
     *
     * @return the largest id of {@code model.vocab} and {@code added_tokens}; -1 when both are empty
     */
    public long maxId() {
      long max = -1;
      JsonElement model = json.get("model");
      JsonElement vocab = model != null && model.isJsonObject() ? model.getAsJsonObject().get("vocab") : null;
      if (vocab != null && vocab.isJsonObject()) {
        for (Map.Entry<String, JsonElement> e : vocab.getAsJsonObject().entrySet()) {
          max = Math.max(max, e.getValue().getAsLong());
        }
      } else if (vocab != null && vocab.isJsonArray()) {
        max = vocab.getAsJsonArray().size() - 1; // Unigram: a list of [piece, score]
      }
      JsonElement added = json.get("added_tokens");
      if (added != null && added.isJsonArray()) {
        for (JsonElement t : added.getAsJsonArray()) {
          if (t.isJsonObject() && t.getAsJsonObject().has("id")) {
            max = Math.max(max, t.getAsJsonObject().get("id").getAsLong());
          }
        }
      }
      return max;
    }
  }

  /**
   * Finds or builds the tokenizer of {@code dir}.
   *
   * @param dir the model folder, holding {@code tokenizer.json} or a slow tokenizer's files; not null
   * @return the definition, with the special tokens, maximum length and truncation side of
   *     {@code tokenizer_config.json} and {@code special_tokens_map.json}
   * @throws InvalidModelException naming the files that are missing or malformed
   */
  public static Definition read(Path dir) {
    JsonObject settings = settings(dir);
    return find(dir, settings).truncatingLeft(token(settings, "truncation_side", "right").equals("left"));
  }

  private static Definition find(Path dir, JsonObject settings) {
    int maxLength = modelMaxLength(settings);
    Path json = dir.resolve("tokenizer.json");
    if (Files.isRegularFile(json)) {
      return new Definition(Json.readObject(json), json.toString(), token(settings, "pad_token", null),
          token(settings, "mask_token", null), token(settings, "unk_token", null), maxLength);
    }
    if (Files.isRegularFile(dir.resolve("vocab.txt"))) {
      return wordPiece(dir, settings, maxLength);
    }
    if (Files.isRegularFile(dir.resolve("vocab.json")) || Files.isRegularFile(dir.resolve("merges.txt"))) {
      return byteLevelBpe(dir, settings, maxLength);
    }
    for (String spm : List.of("sentencepiece.bpe.model", "spm.model", "tokenizer.model")) {
      if (Files.isRegularFile(dir.resolve(spm))) {
        String kind = token(settings, "tokenizer_class", "");
        if (kind.equals("XLMRobertaTokenizer") || kind.equals("XLMRobertaTokenizerFast")) {
          return SentencePieceTokenizers.xlmRoberta(dir.resolve(spm), settings, maxLength);
        }
        if (kind.equals("DebertaV2Tokenizer") || kind.equals("DebertaV2TokenizerFast")) {
          return SentencePieceTokenizers.deberta(dir, dir.resolve(spm), settings, maxLength);
        }
        throw new InvalidModelException(dir + " has a SentencePiece tokenizer (" + spm + ") of class \"" + kind
            + "\" and no tokenizer.json; Lantern builds XLM-RoBERTa's and DeBERTa-v2/v3's (tokenizer_class "
            + "XLMRobertaTokenizer, DebertaV2Tokenizer) and "
            + "reads any other through tokenizer.json: save one with AutoTokenizer.from_pretrained(dir)"
            + ".save_pretrained(dir) (a fast tokenizer writes it)");
      }
    }
    throw new InvalidModelException("tokenizer.json not found in " + dir + ", nor the files of a slow tokenizer "
        + "(vocab.txt for WordPiece, vocab.json with merges.txt for byte-level BPE)");
  }

  private static Definition wordPiece(Path dir, JsonObject settings, int maxLength) {
    Path file = dir.resolve("vocab.txt");
    Map<String, Integer> vocab = new LinkedHashMap<>();
    List<String> lines = lines(file);
    for (int i = 0; i < lines.size(); i++) {
      // As HuggingFace's loader: a token is its line without the line end; a repeated token keeps its last id.
      vocab.put(stripLineEnd(lines.get(i)), i);
    }
    String unk = token(settings, "unk_token", "[UNK]");
    String cls = token(settings, "cls_token", "[CLS]");
    String sep = token(settings, "sep_token", "[SEP]");
    String pad = token(settings, "pad_token", "[PAD]");
    String mask = token(settings, "mask_token", "[MASK]");
    JsonObject vocabJson = new JsonObject();
    vocab.forEach(vocabJson::addProperty);
    JsonObject root = skeleton();
    root.add("added_tokens", added(file, vocab, List.of(pad, unk, cls, sep, mask), mask, false));
    JsonObject normalizer = new JsonObject();
    normalizer.addProperty("type", "BertNormalizer");
    normalizer.addProperty("clean_text", true);
    normalizer.addProperty("handle_chinese_chars", bool(settings, "tokenize_chinese_chars", true));
    JsonElement strip = settings.get("strip_accents");
    normalizer.add("strip_accents", strip == null || !strip.isJsonPrimitive() ? JsonNull.INSTANCE : strip);
    normalizer.addProperty("lowercase", bool(settings, "do_lower_case", true));
    root.add("normalizer", normalizer);
    root.add("pre_tokenizer", type("BertPreTokenizer"));
    JsonObject post = templateProcessing(template(cls, sep, false), template(cls, sep, true),
        Map.of(cls, id(file, vocab, cls), sep, id(file, vocab, sep)));
    root.add("post_processor", post);
    JsonObject decoder = type("WordPiece");
    decoder.addProperty("prefix", "##");
    decoder.addProperty("cleanup", true);
    root.add("decoder", decoder);
    JsonObject model = type("WordPiece");
    model.addProperty("unk_token", unk);
    model.addProperty("continuing_subword_prefix", "##");
    model.addProperty("max_input_chars_per_word", 100);
    model.add("vocab", vocabJson);
    root.add("model", model);
    return new Definition(root, file.toString(), pad, mask, unk, maxLength);
  }

  private static Definition byteLevelBpe(Path dir, JsonObject settings, int maxLength) {
    Path vocabFile = dir.resolve("vocab.json");
    Path mergesFile = dir.resolve("merges.txt");
    if (!Files.isRegularFile(vocabFile) || !Files.isRegularFile(mergesFile)) {
      throw new InvalidModelException(dir + " has " + (Files.isRegularFile(vocabFile) ? "vocab.json but no merges.txt"
          : "merges.txt but no vocab.json") + "; a byte-level BPE tokenizer needs both");
    }
    JsonObject vocabJson = Json.readObject(vocabFile);
    Map<String, Integer> vocab = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> e : vocabJson.entrySet()) {
      if (!e.getValue().isJsonPrimitive() || !e.getValue().getAsJsonPrimitive().isNumber()) {
        throw new InvalidModelException(vocabFile + ": the id of token " + e.getKey() + " is " + e.getValue()
            + ", not a number");
      }
      vocab.put(e.getKey(), e.getValue().getAsInt());
    }
    JsonArray merges = new JsonArray();
    List<String> lines = lines(mergesFile);
    for (int i = 0; i < lines.size(); i++) {
      String line = stripLineEnd(lines.get(i));
      if ((i == 0 && line.startsWith("#version")) || line.isBlank()) {
        continue;
      }
      String[] parts = line.split(" ");
      if (parts.length != 2) {
        throw new InvalidModelException(mergesFile + " line " + (i + 1) + " is \"" + line + "\"; a merge is two "
            + "symbols separated by one space");
      }
      merges.add(line);
    }
    String bos = token(settings, "bos_token", "<s>");
    String eos = token(settings, "eos_token", "</s>");
    String cls = token(settings, "cls_token", bos);
    String sep = token(settings, "sep_token", eos);
    String unk = token(settings, "unk_token", "<unk>");
    String pad = token(settings, "pad_token", "<pad>");
    String mask = token(settings, "mask_token", "<mask>");
    boolean prefixSpace = bool(settings, "add_prefix_space", false);
    boolean trimOffsets = bool(settings, "trim_offsets", true);
    JsonObject root = skeleton();
    root.add("added_tokens", added(vocabFile, vocab, List.of(bos, pad, eos, unk, cls, sep, mask), mask, true));
    root.add("normalizer", JsonNull.INSTANCE);
    JsonObject pre = type("ByteLevel");
    pre.addProperty("add_prefix_space", prefixSpace);
    pre.addProperty("trim_offsets", trimOffsets);
    pre.addProperty("use_regex", true);
    root.add("pre_tokenizer", pre);
    JsonObject post = type("RobertaProcessing");
    post.add("sep", pair(sep, id(vocabFile, vocab, sep)));
    post.add("cls", pair(cls, id(vocabFile, vocab, cls)));
    post.addProperty("trim_offsets", trimOffsets);
    post.addProperty("add_prefix_space", prefixSpace);
    root.add("post_processor", post);
    JsonObject decoder = type("ByteLevel");
    decoder.addProperty("add_prefix_space", true);
    decoder.addProperty("trim_offsets", true);
    decoder.addProperty("use_regex", true);
    root.add("decoder", decoder);
    JsonObject model = type("BPE");
    model.add("dropout", JsonNull.INSTANCE);
    model.add("unk_token", JsonNull.INSTANCE);
    model.addProperty("continuing_subword_prefix", "");
    model.addProperty("end_of_word_suffix", "");
    model.addProperty("fuse_unk", false);
    model.addProperty("byte_fallback", false);
    model.add("vocab", vocabJson);
    model.add("merges", merges);
    root.add("model", model);
    return new Definition(root, vocabFile + " + " + mergesFile.getFileName(), pad, mask, unk, maxLength);
  }

  /** tokenizer_config.json, with special_tokens_map.json's tokens where the first lacks them. */
  private static JsonObject settings(Path dir) {
    Path config = dir.resolve("tokenizer_config.json");
    JsonObject settings = Files.isRegularFile(config) ? Json.readObject(config).deepCopy() : new JsonObject();
    Path map = dir.resolve("special_tokens_map.json");
    if (Files.isRegularFile(map)) {
      for (Map.Entry<String, JsonElement> e : Json.readObject(map).entrySet()) {
        if (!settings.has(e.getKey()) || settings.get(e.getKey()).isJsonNull()) {
          settings.add(e.getKey(), e.getValue());
        }
      }
    }
    return settings;
  }

  /** A special token's text: a string, or an AddedToken object's {@code content}. */
  static String token(JsonObject settings, String field, String fallback) {
    JsonElement e = settings.get(field);
    if (e != null && e.isJsonObject() && e.getAsJsonObject().has("content")) {
      e = e.getAsJsonObject().get("content");
    }
    return e != null && e.isJsonPrimitive() ? e.getAsString() : fallback;
  }

  private static int modelMaxLength(JsonObject settings) {
    JsonElement e = settings.get("model_max_length");
    if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber()) {
      double v = e.getAsDouble();
      // HuggingFace writes a huge sentinel (1e30) when the length is unknown.
      return v >= 2 && v < 1_000_000 ? (int) v : 0;
    }
    return 0;
  }

  static boolean bool(JsonObject settings, String field, boolean fallback) {
    JsonElement e = settings.get(field);
    return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean() ? e.getAsBoolean() : fallback;
  }

  static JsonArray added(Path file, Map<String, Integer> vocab, List<String> tokens, String mask,
      boolean maskStripsLeft) {
    JsonArray out = new JsonArray();
    java.util.Set<String> seen = new java.util.HashSet<>();
    tokens.stream().filter(seen::add).filter(vocab::containsKey).sorted((a, b) -> vocab.get(a) - vocab.get(b))
        .forEach(t -> {
          JsonObject o = new JsonObject();
          o.addProperty("id", vocab.get(t));
          o.addProperty("content", t);
          o.addProperty("single_word", false);
          // RoBERTa's mask token takes the space before it (<mask> after "the" is " <mask>").
          o.addProperty("lstrip", maskStripsLeft && t.equals(mask));
          o.addProperty("rstrip", false);
          o.addProperty("normalized", false);
          o.addProperty("special", true);
          out.add(o);
        });
    return out;
  }

  private static int id(Path file, Map<String, Integer> vocab, String token) {
    Integer id = vocab.get(token);
    if (id == null) {
      throw new InvalidModelException(file + " has no entry for the special token \"" + token + "\"");
    }
    return id;
  }

  /** A TemplateProcessing post-processor with the ids of its special tokens. */
  static JsonObject templateProcessing(JsonArray single, JsonArray pair, Map<String, Integer> specials) {
    JsonObject post = type("TemplateProcessing");
    post.add("single", single);
    post.add("pair", pair);
    JsonObject tokens = new JsonObject();
    new java.util.TreeMap<>(specials).forEach((token, id) -> {
      JsonObject e = new JsonObject();
      e.addProperty("id", token);
      e.add("ids", array(id));
      e.add("tokens", array(token));
      tokens.add(token, e);
    });
    post.add("special_tokens", tokens);
    return post;
  }

  static JsonArray template(String cls, String sep, boolean pair) {
    JsonArray t = new JsonArray();
    t.add(piece("SpecialToken", cls, 0));
    t.add(piece("Sequence", "A", 0));
    t.add(piece("SpecialToken", sep, 0));
    if (pair) {
      t.add(piece("Sequence", "B", 1));
      t.add(piece("SpecialToken", sep, 1));
    }
    return t;
  }

  static JsonObject piece(String kind, String id, int typeId) {
    JsonObject inner = new JsonObject();
    inner.addProperty("id", id);
    inner.addProperty("type_id", typeId);
    JsonObject o = new JsonObject();
    o.add(kind, inner);
    return o;
  }

  static JsonObject skeleton() {
    JsonObject root = new JsonObject();
    root.addProperty("version", "1.0");
    root.add("truncation", JsonNull.INSTANCE);
    root.add("padding", JsonNull.INSTANCE);
    return root;
  }

  static JsonObject type(String type) {
    JsonObject o = new JsonObject();
    o.addProperty("type", type);
    return o;
  }

  /** {@code [token, number]}: RoBERTa's special tokens with their ids, Unigram pieces with their scores. */
  static JsonArray pair(String token, Number value) {
    JsonArray a = new JsonArray();
    a.add(token);
    a.add(value);
    return a;
  }

  static JsonArray array(Object value) {
    JsonArray a = new JsonArray();
    if (value instanceof Number n) {
      a.add(n);
    } else {
      a.add(value.toString());
    }
    return a;
  }

  private static String stripLineEnd(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidModelException("cannot read " + file + " as UTF-8 text: " + e.getMessage(), e);
    }
  }
}
