package ai.lantern.engine.onnx;

import ai.lantern.core.InvalidModelException;
import ai.lantern.engine.transformers.ModelPackage;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import java.nio.file.Path;

/**
 * A text classifier for an ONNX export ({@code model.onnx}, as HuggingFace Optimum writes it, with
 * the folder's {@code config.json} and tokenizer files) on DJL's ONNX Runtime engine.
 *
 * <pre>{@code
 * try (OnnxTextClassifier model = OnnxTextClassifier.load(Path.of("my-model-onnx"))) {
 *   Explanation e = LimeTextExplainer.builder().setClassifier(model).build().explain("great film", 0);
 * }
 * }</pre>
 *
 * <p>Every task and every black-box method works on it, subword features included, exactly as on
 * the PyTorch engine ({@link TransformerTextClassifier} does the tokenising and batching). ONNX
 * Runtime computes no gradients: {@link #embeddingGradients()} refuses with the reason, and
 * {@link #isGradientReady()} is false.
 */
public final class OnnxTextClassifier extends TransformerTextClassifier {

  private OnnxTextClassifier(ModelPackage pkg, int maxLength, int maxBatchSize) {
    super(pkg, maxLength, maxBatchSize, (p, encoder) -> new OnnxNetwork(p), true);
  }

  /**
   * Loads the ONNX model in {@code directory} with default settings.
   *
   * @throws InvalidModelException if the folder has no {@code model.onnx}, or it, the tokenizer or
   *     config.json is malformed or inconsistent
   */
  public static OnnxTextClassifier load(Path directory) {
    return builder().setModelPath(directory).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Settings of an {@link OnnxTextClassifier}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder {
    private Path modelPath;
    private int maxBatchSize = DEFAULT_MAX_BATCH_SIZE;
    private int maxLength;

    private Builder() {}

    /** The folder with {@code model.onnx} (or {@code onnx/model.onnx}), config.json and the tokenizer (required). */
    public Builder setModelPath(Path modelPath) {
      this.modelPath = modelPath;
      return this;
    }

    /** Most texts per forward pass; bounds memory (default {@value TransformerTextClassifier#DEFAULT_MAX_BATCH_SIZE}). */
    public Builder optMaxBatchSize(int maxBatchSize) {
      this.maxBatchSize = maxBatchSize;
      return this;
    }

    /** Truncate texts to fewer tokens than the model allows (default: the model's maximum). */
    public Builder optMaxLength(int maxLength) {
      this.maxLength = maxLength;
      return this;
    }

    /**
     * Validates the settings, opens the folder and loads the model.
     *
     * @throws IllegalArgumentException if a setting is out of range
     * @throws InvalidModelException if the folder is missing, malformed or inconsistent
     */
    public OnnxTextClassifier build() {
      if (modelPath == null) {
        throw new IllegalArgumentException("setModelPath(...) is required");
      }
      if (maxBatchSize < 1) {
        throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
      }
      ModelPackage pkg = ModelPackage.openOnnx(modelPath);
      if (maxLength != 0 && (maxLength < 2 || maxLength > pkg.config().maxLength())) {
        throw new IllegalArgumentException("maxLength must lie in 2.." + pkg.config().maxLength()
            + " (the model's maximum), got " + maxLength);
      }
      return new OnnxTextClassifier(pkg, maxLength, maxBatchSize);
    }
  }
}
