package ai.lantern.engine.transformers;

import static ai.lantern.engine.transformers.HfTokenizerFiles.added;
import static ai.lantern.engine.transformers.HfTokenizerFiles.array;
import static ai.lantern.engine.transformers.HfTokenizerFiles.bool;
import static ai.lantern.engine.transformers.HfTokenizerFiles.pair;
import static ai.lantern.engine.transformers.HfTokenizerFiles.piece;
import static ai.lantern.engine.transformers.HfTokenizerFiles.skeleton;
import static ai.lantern.engine.transformers.HfTokenizerFiles.template;
import static ai.lantern.engine.transformers.HfTokenizerFiles.templateProcessing;
import static ai.lantern.engine.transformers.HfTokenizerFiles.token;
import static ai.lantern.engine.transformers.HfTokenizerFiles.type;

import ai.lantern.core.InvalidModelException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tokenizer definitions built from a SentencePiece model file, laid out as HuggingFace's slow
 * tokenizers lay them out for XLM-RoBERTa and DeBERTa-v2/v3; SentencePiece's own normalisation
 * (its character map, spaces stripped and folded) comes first, so ids equal those of the slow
 * tokenizers, which call SentencePiece itself.
 */
final class SentencePieceTokenizers {
  private SentencePieceTokenizers() {}

  /**
   * XLM-RoBERTa's SentencePiece Unigram tokenizer, laid out as its slow tokenizer lays it out:
   * {@code <s> <pad> </s> <unk>} first, then the model's pieces from its fourth on (fairseq's
   * offset of one), then {@code <mask>}; the model's character map as normaliser, runs of spaces
   * folded, {@code ▁} for spaces with one in front, {@code <s> A </s></s> B </s>} for pairs.
   */
  static HfTokenizerFiles.Definition xlmRoberta(Path file, JsonObject settings, int maxLength) {
    SentencePieceModel spm = SentencePieceModel.read(file);
    if (spm.modelType() != 1) {
      throw new InvalidModelException(file + " is a SentencePiece model of type " + spm.modelType() + "; XLM-RoBERTa's "
          + "is a Unigram model (type 1)");
    }
    if (spm.pieces().size() < 4) {
      throw new InvalidModelException(file + " has " + spm.pieces().size() + " pieces; too few for XLM-RoBERTa");
    }
    String bos = token(settings, "bos_token", "<s>");
    String eos = token(settings, "eos_token", "</s>");
    String unk = token(settings, "unk_token", "<unk>");
    String pad = token(settings, "pad_token", "<pad>");
    String mask = token(settings, "mask_token", "<mask>");
    JsonArray vocab = new JsonArray();
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (String special : List.of(bos, pad, eos, unk)) {
      ids.putIfAbsent(special, vocab.size());
      vocab.add(pair(special, 0.0));
    }
    for (SentencePieceModel.Piece p : spm.pieces().subList(3, spm.pieces().size())) {
      ids.putIfAbsent(p.piece(), vocab.size());
      vocab.add(pair(p.piece(), p.score()));
    }
    ids.put(mask, vocab.size());
    vocab.add(pair(mask, 0.0));
    JsonObject root = skeleton();
    root.add("added_tokens", added(file, ids, List.of(bos, pad, eos, unk, mask), mask, true));
    root.add("normalizer", spmNormalizer(new JsonArray(), spm));
    root.add("pre_tokenizer", metaspace());
    JsonArray single = new JsonArray();
    single.add(piece("SpecialToken", bos, 0));
    single.add(piece("Sequence", "A", 0));
    single.add(piece("SpecialToken", eos, 0));
    JsonArray pair = single.deepCopy();
    pair.add(piece("SpecialToken", eos, 0));
    pair.add(piece("Sequence", "B", 0));
    pair.add(piece("SpecialToken", eos, 0));
    JsonObject post = templateProcessing(single, pair, Map.of(bos, ids.get(bos), eos, ids.get(eos)));
    root.add("post_processor", post);
    root.add("decoder", metaspace());
    root.add("model", unigram(vocab, ids.get(unk)));
    return new HfTokenizerFiles.Definition(root, file.toString(), pad, mask, unk, maxLength);
  }

  /**
   * DeBERTa-v2/v3's SentencePiece Unigram tokenizer, laid out as its slow tokenizer lays it out:
   * the model's pieces at their own ids, special tokens the model lacks ({@code [MASK]} in
   * DeBERTa-v3) after them, at the ids {@code added_tokens.json} gives when present; lower-casing
   * per {@code do_lower_case}, punctuation split off per {@code split_by_punct};
   * {@code [CLS] A [SEP]} and {@code [CLS] A [SEP] B [SEP]} with token types 0 and 1.
   */
  static HfTokenizerFiles.Definition deberta(Path dir, Path file, JsonObject settings, int maxLength) {
    SentencePieceModel spm = SentencePieceModel.read(file);
    if (spm.modelType() != 1) {
      throw new InvalidModelException(file + " is a SentencePiece model of type " + spm.modelType() + "; DeBERTa's "
          + "is a Unigram model (type 1)");
    }
    String cls = token(settings, "cls_token", "[CLS]");
    String sep = token(settings, "sep_token", "[SEP]");
    String unk = token(settings, "unk_token", "[UNK]");
    String pad = token(settings, "pad_token", "[PAD]");
    String mask = token(settings, "mask_token", "[MASK]");
    JsonArray vocab = new JsonArray();
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (SentencePieceModel.Piece p : spm.pieces()) {
      ids.putIfAbsent(p.piece(), vocab.size());
      vocab.add(pair(p.piece(), p.score()));
    }
    Map<String, Integer> added = new LinkedHashMap<>();
    Path addedFile = dir.resolve("added_tokens.json");
    if (Files.isRegularFile(addedFile)) {
      for (Map.Entry<String, JsonElement> e : Json.readObject(addedFile).entrySet()) {
        added.put(e.getKey(), e.getValue().getAsInt());
      }
    }
    int next = vocab.size();
    for (String special : List.of(cls, sep, unk, pad, mask)) {
      if (!ids.containsKey(special)) {
        int id = added.getOrDefault(special, next);
        next = Math.max(next, id + 1);
        ids.put(special, id);
      }
    }
    if (!ids.containsKey(unk) || ids.get(unk) >= spm.pieces().size()) {
      throw new InvalidModelException(file + " has no piece " + unk + " (the unknown token)");
    }
    JsonObject root = skeleton();
    root.add("added_tokens", added(file, ids, List.of(cls, sep, unk, pad, mask), mask, false));
    JsonArray first = new JsonArray();
    if (bool(settings, "do_lower_case", false)) {
      first.add(type("Lowercase"));
    }
    root.add("normalizer", spmNormalizer(first, spm));
    if (bool(settings, "split_by_punct", false)) {
      JsonObject punct = type("Punctuation");
      punct.addProperty("behavior", "Isolated");
      JsonArray pres = new JsonArray();
      pres.add(punct);
      pres.add(metaspace());
      JsonObject sequence = type("Sequence");
      sequence.add("pretokenizers", pres);
      root.add("pre_tokenizer", sequence);
    } else {
      root.add("pre_tokenizer", metaspace());
    }
    JsonObject post = templateProcessing(template(cls, sep, false), template(cls, sep, true),
        Map.of(cls, ids.get(cls), sep, ids.get(sep)));
    root.add("post_processor", post);
    root.add("decoder", metaspace());
    root.add("model", unigram(vocab, ids.get(unk)));
    return new HfTokenizerFiles.Definition(root, file.toString(), pad, mask, unk, maxLength);
  }

  /**
   * {@code first}, then what SentencePiece itself does before cutting: the model's character map
   * (when it has one), then, with {@code remove_extra_whitespaces} (the default), spaces at either
   * end dropped and runs of spaces folded to one.
   */
  private static JsonObject spmNormalizer(JsonArray first, SentencePieceModel spm) {
    JsonArray normalizers = first.deepCopy();
    if (spm.charsmap().length > 0) {
      JsonObject precompiled = type("Precompiled");
      precompiled.addProperty("precompiled_charsmap", java.util.Base64.getEncoder().encodeToString(spm.charsmap()));
      normalizers.add(precompiled);
    }
    if (!spm.removeExtraWhitespaces()) {
      JsonObject normalizer = type("Sequence");
      normalizer.add("normalizers", normalizers);
      return normalizer;
    }
    JsonObject strip = type("Strip");
    strip.addProperty("strip_left", true);
    strip.addProperty("strip_right", true);
    normalizers.add(strip);
    JsonObject spaces = type("Replace");
    JsonObject pattern = new JsonObject();
    pattern.addProperty("Regex", " {2,}");
    spaces.add("pattern", pattern);
    spaces.addProperty("content", " ");
    normalizers.add(spaces);
    JsonObject normalizer = type("Sequence");
    normalizer.add("normalizers", normalizers);
    return normalizer;
  }

  /** SentencePiece's word boundary: {@code ▁} for every space and one in front. */
  private static JsonObject metaspace() {
    JsonObject o = type("Metaspace");
    o.addProperty("replacement", "▁");
    o.addProperty("prepend_scheme", "always");
    o.addProperty("split", true);
    return o;
  }

  private static JsonObject unigram(JsonArray vocab, int unkId) {
    JsonObject model = type("Unigram");
    model.addProperty("unk_id", unkId);
    model.add("vocab", vocab);
    model.addProperty("byte_fallback", false);
    return model;
  }

}
