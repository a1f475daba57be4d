package ai.lantern.core;

import ai.lantern.core.spi.EmbeddingGradients;

/**
 * A subword classifier that can also differentiate its outputs with respect to its word
 * embeddings (a "gradient-ready" model).
 */
public interface GradientTextClassifier extends SubwordTextClassifier {

  /**
   * Whether gradients are available; when false, {@link #embeddingGradients()} throws.
   *
   * @return true when the model can differentiate its outputs
   */
  boolean isGradientReady();

  /**
   * The model's outputs as a differentiable function of its word embeddings.
   *
   * @return the gradients of this model, thread-safe like it
   * @throws LanternException saying why the model is not gradient-ready and how to make it so
   */
  EmbeddingGradients embeddingGradients();
}
