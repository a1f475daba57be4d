/**
 * Lantern's engine-neutral spine: classifiers as plain functions, explainers, perturbers,
 * surrogate models and the immutable results they produce.
 *
 * <p>Nothing here depends on a deep-learning engine. A {@link ai.lantern.core.TextClassifier}
 * can be a DJL/PyTorch model (module {@code lantern-engine-pytorch}), a REST client or any Java
 * function from texts to probabilities.
 */
package ai.lantern.core;
