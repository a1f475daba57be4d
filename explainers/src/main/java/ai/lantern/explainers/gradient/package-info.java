/** Gradient methods: Integrated Gradients on a model's word-embedding layer. */
package ai.lantern.explainers.gradient;
