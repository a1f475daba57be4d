package ai.lantern.core;

import java.util.BitSet;
import java.util.List;

/**
 * The features of one input and a way to rebuild the input from any subset of them.
 *
 * @param <P> what the model receives
 */
public interface PerturbationSpace<P> {

  /** The features, in input order; index {@code j} is bit {@code j} of a mask. */
  List<Feature> features();

  /**
   * The input with only the features whose bits are set in {@code kept}. With every bit set
   * this is the original input.
   */
  P render(BitSet kept);

  /** Number of features. */
  default int size() {
    return features().size();
  }
}
