package ai.lantern.core;

/**
 * The kinds of model Lantern explains. The model-package contract (README) defines the outputs
 * of each; a backend declares the one it serves.
 */
public enum Task {
  /** One text, one of several classes (softmax). */
  SEQUENCE_CLASSIFICATION,
  /** Two texts, scored together (cross-encoder, NLI, similarity). */
  SENTENCE_PAIR,
  /** One text, any subset of labels (sigmoid per label). */
  MULTI_LABEL,
  /** Candidate labels scored through an NLI model's entailment class. */
  ZERO_SHOT,
  /** A label for every token (named entities). */
  TOKEN_CLASSIFICATION,
  /** An answer span in a context (start and end logits). */
  QUESTION_ANSWERING,
  /** One image, one of several classes. */
  IMAGE_CLASSIFICATION
}
