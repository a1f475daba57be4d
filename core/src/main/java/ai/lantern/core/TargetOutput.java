package ai.lantern.core;

/** Which value of a class a gradient method explains. */
public enum TargetOutput {
  /** The class probability: softmax, or sigmoid for single-logit and multi-label models. */
  PROBABILITY,
  /** The raw logit. */
  LOGIT
}
