/**
 * What engines and explanation methods implement, and application code seldom sees: token ids and
 * tokenized texts, the gradients of a model with respect to its word embeddings, and the
 * perturbation spaces of black-box methods. The user-facing API (classifiers, explainers, results)
 * is {@link ai.lantern.core}.
 */
package ai.lantern.core.spi;
