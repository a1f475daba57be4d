package ai.lantern.core;

/**
 * Explains a model's output for one input.
 *
 * <p>Implementations are immutable and thread-safe once built: one explainer serves every
 * thread, and the same input with the same settings (and seed, for sampling methods) gives the
 * same explanation wherever and whenever it runs.
 *
 * @param <I> the input type ({@code String}, {@link TextPair}, …)
 * @param <E> the explanation type
 */
public interface Explainer<I, E> {

  /**
   * @throws IllegalArgumentException if the input cannot be explained (empty text, no features…)
   * @throws LanternException if the model fails on the input
   */
  E explain(I input);
}
