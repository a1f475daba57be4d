/**
 * Lantern's backend on DJL's PyTorch engine: model packages (TorchScript + tokenizer.json +
 * config.json) loaded offline, batched and thread-safe.
 *
 * <p>Entry points: {@link ai.lantern.engine.pytorch.ModelPackage#open(java.nio.file.Path)} to
 * validate a package, {@link ai.lantern.engine.pytorch.PyTorchTextClassifier#load(java.nio.file.Path)}
 * to classify texts with it.
 */
package ai.lantern.engine.pytorch;
