package ai.lantern.engine.pytorch;

import ai.lantern.core.EmbeddingGradients;

/**
 * The forward pass behind a {@link PyTorchTextClassifier}: a TorchScript module
 * ({@link TorchScriptNetwork}) or a HuggingFace network built from its weights
 * ({@link NativeNetwork}). Thread-safe; every native array of a call is freed when it returns.
 */
interface TextNetwork extends AutoCloseable {

  /**
   * The output rows of a padded batch: one row of logits per sequence, or per token flattened
   * ({@code length × classes}) for a per-token model.
   */
  float[][] run(Batch batch);

  /** Whether {@link #gradients()} is available. */
  boolean gradientReady();

  /** Gradients with respect to the word embeddings; created on first use. */
  EmbeddingGradients gradients();

  /** Releases the network's native memory. Idempotent. */
  @Override
  void close();
}
