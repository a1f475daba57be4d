package ai.lantern.engine.pytorch;

import ai.lantern.engine.transformers.TextEncoder;
import ai.lantern.engine.transformers.TextNetwork;
import ai.lantern.core.InvalidModelException;
import ai.lantern.engine.transformers.ModelPackage;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import java.nio.file.Path;

/**
 * A text classifier on DJL's PyTorch engine, for a HuggingFace folder (built natively from its
 * safetensors weights) or a TorchScript package.
 *
 * <pre>{@code
 * try (PyTorchTextClassifier model = PyTorchTextClassifier.load(Path.of("models/sst2-tiny"))) {
 *   Prediction p = model.predict("I love you, I like you");
 * }
 * }</pre>
 *
 * <p>Everything but the forward pass is {@link TransformerTextClassifier}'s: tokenisation,
 * batching, truncation, thread-safety. Both formats are gradient-ready (a TorchScript package
 * when it has the {@code embed} and {@code forward_embeds} methods). A TorchScript model is shared
 * by all threads, each borrowing its own DJL predictor; a native network's weights are shared
 * and every call computes in its own sub-manager.
 */
public final class PyTorchTextClassifier extends TransformerTextClassifier {

  private PyTorchTextClassifier(ModelPackage pkg, int maxLength, int maxBatchSize) {
    super(pkg, maxLength, maxBatchSize, PyTorchTextClassifier::network, pkg.format() == ModelPackage.Format.HUGGINGFACE);
  }

  private static TextNetwork network(ModelPackage pkg,
      TextEncoder encoder) {
    return switch (pkg.format()) {
      case HUGGINGFACE -> NativeNetwork.load(pkg);
      case TORCHSCRIPT -> new TorchScriptNetwork(pkg, encoder);
      case ONNX -> throw new InvalidModelException(pkg.directory() + " holds an ONNX model ("
          + pkg.modelFile().getFileName() + "); load it with OnnxTextClassifier (artifact lantern-engine-onnx), "
          + "or give the PyTorch engine a HuggingFace folder with model.safetensors");
    };
  }

  /**
   * Loads the model in {@code directory} with default settings.
   *
   * @param directory the HuggingFace folder or TorchScript package; not null
   * @return the loaded classifier; the caller owns it and must close it
   * @throws InvalidModelException if the folder is missing, malformed or inconsistent
   */
  public static PyTorchTextClassifier load(Path directory) {
    return builder().setModelPath(directory).build();
  }

  /** The native network of a HuggingFace folder; for tests. */
  NativeNetwork nativeNetwork() {
    return (NativeNetwork) network();
  }

  /**
   * Starts the settings of a classifier; {@link Builder#build()} loads it.
   *
   * @return a new builder with default settings and no model path yet
   */
  public static Builder builder() {
    return new Builder();
  }

  /** Settings of a {@link PyTorchTextClassifier}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder extends TransformerTextClassifier.Builder<Builder, PyTorchTextClassifier> {
    private int threads;

    private Builder() {}

    /**
     * Threads libtorch uses inside one operation (intra-op), for the whole process: libtorch has
     * one such pool per process, so the last classifier built with this setting decides it for
     * all (default: libtorch's, one per core, or {@code -Dai.djl.pytorch.num_threads}). On a
     * machine that other work keeps busy, or when several threads explain at once
     * ({@code explainAll}), 1 avoids oversubscribing the cores; the README's figures say by how
     * much.
     *
     * @param threads intra-op threads, 1 to 1024, or 0 for libtorch's default; checked by {@link #build()}
     * @return this builder
     */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    @Override
    public PyTorchTextClassifier build() {
      if (threads < 0 || threads > 1024) {
        throw new IllegalArgumentException("threads must lie in 1..1024 (0: libtorch's default), got " + threads);
      }
      ModelPackage pkg = open(ModelPackage::open);
      PyTorchTextClassifier model = new PyTorchTextClassifier(pkg, maxLength(), maxBatchSize());
      if (threads > 0) {
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads); // the engine is running now
      }
      return model;
    }
  }
}
