/** Perturbers for text: Python lime's word features, and subword features from a model's tokenizer. */
package ai.lantern.explainers.text;
