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
   *
   * @param batch the padded batch, as {@link Batch#pad} makes it; not null
   * @return {@code batch.rows()} rows in batch order: {@code classes} logits each, or
   *     {@code batch.columns() × classes} for a per-token model
   */
  float[][] run(Batch batch);

  /**
   * Whether {@link #gradients()} is available.
   *
   * @return true when {@link #gradients()} returns rather than throws
   */
  boolean gradientReady();

  /**
   * Gradients with respect to the word embeddings; created on first use.
   *
   * @return the network's embedding gradients; not null
   * @throws ai.lantern.core.LanternException saying why and what to load instead, if the network
   *     has none ({@link #gradientReady()} is false)
   */
  EmbeddingGradients gradients();

  /** Releases the network's native memory. Idempotent. */
  @Override
  void close();

  /**
   * What loading found that a person should know but that does not stop the model from working
   * (a tokenizer that reaches only part of the embedding table, say).
   *
   * @return the warnings, empty by default
   */
  default java.util.List<String> loadWarnings() {
    return java.util.List.of();
  }
}
