package ai.lantern.core.spi;

/**
 * Turns an input into interpretable features and rebuilds the input with some of them hidden:
 * the sampling half of perturbation methods such as LIME.
 *
 * @param <I> the caller's input
 * @param <P> what the model receives for a perturbed input (a text, or token ids)
 */
public interface Perturber<I, P> {

  /**
   * The features of {@code input}.
   *
   * @param input the caller's input; not null
   * @return its features and a way to rebuild it from any subset of them
   * @throws IllegalArgumentException if the input has no feature to perturb
   */
  PerturbationSpace<P> featurize(I input);
}
