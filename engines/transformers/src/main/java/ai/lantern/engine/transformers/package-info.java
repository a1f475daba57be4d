/**
 * Transformer text models whatever the engine: model folders ({@link
 * ai.lantern.engine.transformers.ModelPackage}: HuggingFace, TorchScript, ONNX), their tokenizers
 * (tokenizer.json, or built from a slow tokenizer's files), safetensors reading, and the batching,
 * truncation and probabilities every engine shares ({@link
 * ai.lantern.engine.transformers.TransformerTextClassifier}). An engine supplies only the forward
 * pass, a {@link ai.lantern.engine.transformers.TextNetwork}. Applications use {@code ModelPackage}
 * and the classifier of an engine; the other public types are for engines.
 */
package ai.lantern.engine.transformers;
