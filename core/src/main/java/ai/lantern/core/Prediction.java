package ai.lantern.core;

import java.util.List;
import java.util.Objects;

/**
 * A classifier's output for one input: a probability (or per-label score for multi-label
 * models) for every label, and the predicted class, the most probable one.
 *
 * @param labels class names, index {@code i} naming {@code probabilities.get(i)}
 * @param probabilities one value in [0, 1] per label
 * @param index the predicted class: the index of the largest probability (the first on ties)
 */
public record Prediction(List<String> labels, List<Double> probabilities, int index) {
  /**
   * Copies the lists and checks that they match.
   *
   * @param labels class names, at least one
   * @param probabilities one value in [0, 1] per label
   * @param index the predicted class, in [0, {@code labels.size()})
   * @throws IllegalArgumentException if the lists differ in size or are empty
   * @throws IndexOutOfBoundsException if the index is out of range
   */
  public Prediction {
    labels = List.copyOf(labels);
    probabilities = List.copyOf(probabilities);
    if (labels.size() != probabilities.size() || labels.isEmpty()) {
      throw new IllegalArgumentException(
          labels.size() + " labels but " + probabilities.size() + " probabilities");
    }
    Objects.checkIndex(index, labels.size());
  }

  /**
   * The prediction whose class is the most probable one.
   *
   * @param labels class names, at least one
   * @param probabilities one value in [0, 1] per label, in label order
   * @return the prediction of the largest probability's class (the first on ties)
   * @throws IllegalArgumentException if there are no labels or the sizes differ
   */
  public static Prediction of(List<String> labels, double[] probabilities) {
    int best = 0;
    Double[] boxed = new Double[probabilities.length];
    for (int i = 0; i < probabilities.length; i++) {
      boxed[i] = probabilities[i];
      if (probabilities[i] > probabilities[best]) {
        best = i;
      }
    }
    return new Prediction(labels, List.of(boxed), best);
  }

  /**
   * Name of the predicted class.
   *
   * @return the label at {@link #index()}
   */
  public String label() {
    return labels.get(index);
  }

  /**
   * Probability of the predicted class.
   *
   * @return the largest probability, in [0, 1]
   */
  public double probability() {
    return probabilities.get(index);
  }

  /**
   * The labels whose probability reaches {@code threshold}: the prediction of a multi-label model
   * (independent sigmoids), usually with threshold 0.5.
   *
   * @param threshold the smallest probability that counts, in [0, 1]
   * @return the labels at or above it, in label order; empty when there is none
   */
  public List<String> labelsAbove(double threshold) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (probabilities.get(i) >= threshold) {
        out.add(labels.get(i));
      }
    }
    return List.copyOf(out);
  }

  /**
   * Probability of the class {@code label}.
   *
   * @param label one of {@link #labels()}
   * @return its probability, in [0, 1]
   * @throws IllegalArgumentException naming the valid labels, if {@code label} is not one of them
   */
  public double probability(String label) {
    return probabilities.get(Labels.indexOf(labels, label));
  }
}
