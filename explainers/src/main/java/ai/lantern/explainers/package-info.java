/**
 * Explanation methods over the engine-neutral interfaces of {@code lantern-core}: perturbation
 * methods (LIME) over any {@link ai.lantern.core.Classifier}, gradient methods over a model's
 * gradient capability.
 */
package ai.lantern.explainers;
