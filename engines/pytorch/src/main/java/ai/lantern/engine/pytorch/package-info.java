/**
 * Lantern's backend on DJL's PyTorch engine: HuggingFace folders built natively from their
 * safetensors weights, and TorchScript packages; gradient-ready, batched and thread-safe.
 *
 * <p>Entry point: {@link ai.lantern.engine.pytorch.PyTorchTextClassifier#load(java.nio.file.Path)};
 * {@link ai.lantern.engine.transformers.ModelPackage#open(java.nio.file.Path)} validates a folder
 * without loading it.
 */
package ai.lantern.engine.pytorch;
