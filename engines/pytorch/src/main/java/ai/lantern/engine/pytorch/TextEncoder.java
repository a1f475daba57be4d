package ai.lantern.engine.pytorch;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.lantern.core.InvalidModelException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The package's HuggingFace tokenizer, configured once: special tokens added, truncation at the
 * model's maximum length, no padding (batches are padded to their own longest text).
 */
final class TextEncoder implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  /** Only asked how long a truncated text really was, for the warning. */
  private final HuggingFaceTokenizer untruncated;
  private final int maxLength;

  TextEncoder(Path tokenizerFile, int maxLength) {
    this.maxLength = maxLength;
    Map<String, String> options = Map.of(
        "addSpecialTokens", "true",
        "truncation", "true",
        "padding", "false",
        "maxLength", Integer.toString(maxLength));
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(tokenizerFile, options);
      this.untruncated = HuggingFaceTokenizer.newInstance(tokenizerFile,
          Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false"));
    } catch (IOException | RuntimeException e) {
      throw new InvalidModelException(tokenizerFile + " could not be loaded by HuggingFace tokenizers: "
          + e.getMessage(), e);
    }
  }

  EncodedText encode(String text) {
    Encoding e = tokenizer.encode(text);
    long[] ids = e.getIds();
    int full = ids.length;
    boolean truncated = e.exceedMaxLength();
    if (truncated) {
      full = untruncated.encode(text).getIds().length;
    }
    return new EncodedText(ids, e.getTypeIds(), truncated, full);
  }

  int maxLength() {
    return maxLength;
  }

  @Override
  public void close() {
    tokenizer.close();
    untruncated.close();
  }
}
