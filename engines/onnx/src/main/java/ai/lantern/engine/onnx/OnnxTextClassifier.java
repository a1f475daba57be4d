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
   * @param directory the model folder, holding {@code model.onnx} (or {@code onnx/model.onnx}); not null
   * @return the loaded classifier; the caller owns it and must close it
   * @throws InvalidModelException if the folder has no {@code model.onnx}, or it, the tokenizer or
   *     config.json is malformed or inconsistent
   */
  public static OnnxTextClassifier load(Path directory) {
    return builder().setModelPath(directory).build();
  }

  /**
   * Starts the settings of a classifier; {@link Builder#build()} loads it.
   *
   * @return a new builder with default settings and no model path yet
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of an {@link OnnxTextClassifier}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder extends TransformerTextClassifier.Builder<Builder, OnnxTextClassifier> {
    private Builder() {}

    /** {@inheritDoc} The folder needs {@code model.onnx} (or {@code onnx/model.onnx}). */
    @Override
    public OnnxTextClassifier build() {
      return new OnnxTextClassifier(open(ModelPackage::openOnnx), maxLength(), maxBatchSize());
    }
  }
}
