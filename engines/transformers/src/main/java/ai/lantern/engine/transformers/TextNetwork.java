package ai.lantern.engine.transformers;

import ai.lantern.core.spi.EmbeddingGradients;

/**
 * The forward pass behind a {@link TransformerTextClassifier}: a TorchScript module
 * or a HuggingFace network built from its weights on the PyTorch engine, an ONNX Runtime session.
 * Thread-safe; every native array of a call is freed when it returns.
 */
public interface TextNetwork extends AutoCloseable {

  /**
   * The output rows of a padded batch: one row of logits per sequence, or per token flattened
   * ({@code length × classes}) for a per-token model.
   */
  float[][] run(Batch batch);

  /** Whether {@link #gradients()} is available. */
  boolean gradientReady();

  /**
   * Gradients with respect to the word embeddings; created on first use.
   *
   * @throws ai.lantern.core.LanternException saying why and what to load instead, if the network
   *     has none ({@link #gradientReady()} is false)
   */
  EmbeddingGradients gradients();

  /** Releases the network's native memory. Idempotent. */
  @Override
  void close();
}
