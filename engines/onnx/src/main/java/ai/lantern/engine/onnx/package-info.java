/**
 * Lantern's backend on DJL's ONNX Runtime engine: ONNX exports of HuggingFace models with the
 * folder's tokenizer and config, for every black-box method. Entry point:
 * {@link ai.lantern.engine.onnx.OnnxTextClassifier#load(java.nio.file.Path)}.
 */
package ai.lantern.engine.onnx;
