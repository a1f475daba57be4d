package ai.lantern.core.spi;

import ai.lantern.core.Feature;

import java.util.BitSet;
import java.util.List;

/**
 * The features of one input and a way to rebuild the input from any subset of them.
 *
 * @param <P> what the model receives
 */
public interface PerturbationSpace<P> {

  /**
   * The features, in input order; index {@code j} is bit {@code j} of a mask.
   *
   * @return the features, the same on every call
   */
  List<Feature> features();

  /**
   * The input with only the features whose bits are set in {@code kept}. With every bit set
   * this is the original input.
   *
   * @param kept the features to keep, bit {@code j} for feature {@code j}; not modified
   * @return what the model receives for the input with every other feature hidden
   */
  P render(BitSet kept);

  /**
   * The text the features' spans of {@code sequence} index into (0: the text, 1: a pair's second
   * text), or {@code null} when the space does not know it. Methods that read the text between
   * features (Partition SHAP's punctuation) use it.
   *
   * @param sequence 0 for the text, 1 for a pair's second text
   * @return that text, or {@code null} when unknown
   */
  default String source(int sequence) {
    return null;
  }

  /**
   * What a reader of an explanation over this space must know, for people: a text cut to the
   * model's length, whose end has no feature. Empty by default.
   *
   * @return the warnings, for people; empty when there is none
   */
  default List<String> warnings() {
    return List.of();
  }

  /**
   * Number of features.
   *
   * @return the size of {@link #features()}, the number of bits a mask uses
   */
  default int size() {
    return features().size();
  }
}
