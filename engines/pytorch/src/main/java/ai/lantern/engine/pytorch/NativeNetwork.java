package ai.lantern.engine.pytorch;

import ai.lantern.engine.transformers.ModelPackage;
import ai.lantern.engine.transformers.HfArchitecture;
import ai.lantern.engine.transformers.Batch;
import ai.lantern.engine.transformers.TextNetwork;
import ai.lantern.engine.transformers.SafeTensors;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.LanternException;
import ai.lantern.core.ModelOutputException;
import java.nio.file.Path;
import java.util.List;

/**
 * A HuggingFace folder's network, built in Java from {@code model.safetensors} ({@link HfTransformer})
 * on DJL's PyTorch engine: no TorchScript, no Python. Its weights live in one manager for the
 * network's lifetime; each batch computes in a sub-manager closed when the batch returns.
 */
final class NativeNetwork implements TextNetwork {
  private final NDManager manager;
  private final HfTransformer transformer;
  private final boolean perToken;
  private final String name;
  private final PtEmbeddingGradients gradients;

  private NativeNetwork(NDManager manager, HfTransformer transformer, ModelPackage pkg, List<String> warnings) {
    this.warnings = warnings;
    this.manager = manager;
    this.transformer = transformer;
    this.perToken = pkg.config().perToken();
    this.name = pkg.modelFile().getFileName().toString();
    this.gradients = new PtEmbeddingGradients(new PtEmbeddingGradients.Network() {
      @Override
      public NDManager manager() {
        return manager;
      }

      @Override
      public NDArray embed(NDManager m, NDArray ids) {
        return transformer.embed(ids);
      }

      @Override
      public NDArray logitsFromEmbeddings(NDArray x, NDArray ids, NDArray mask, NDArray types, boolean train) {
        return transformer.logitsFromEmbeddings(x, ids, mask, types);
      }
    }, pkg.config().problemType(), pkg.config().labels().size(), perToken);
  }

  /**
   * Reads the weights of {@code pkg} and builds its network.
   *
   * @throws InvalidModelException if a weight file or tensor is missing, malformed or disagrees
   *     with config.json, or the tokenizer's ids do not fit the embedding table
   */
  static NativeNetwork load(ModelPackage pkg) {
    HfArchitecture arch = pkg.architecture();
    Path config = pkg.directory().resolve("config.json");
    SafeTensors tensors = SafeTensors.open(pkg.directory());
    NDManager manager;
    try {
      manager = Engine.getEngine("PyTorch").newBaseManager();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new LanternException("the PyTorch engine could not start: " + e.getMessage() + ". Lantern needs "
          + "ai.djl.pytorch:pytorch-native-cpu (classifier for this platform) and pytorch-jni on the class path; "
          + "see the README's Platforms section", e);
    }
    try {
      HfTransformer transformer = HfTransformer.load(arch, tensors, manager, pkg.config().labels().size(), config);
      long maxId = pkg.tokenizer().maxId();
      if (maxId >= transformer.vocabularyRows()) {
        throw new InvalidModelException(pkg.tokenizerSource() + " gives token ids up to " + maxId + " but the "
            + "word-embedding table in " + pkg.modelFile().getFileName() + " has " + transformer.vocabularyRows()
            + " rows (config.json vocab_size " + arch.vocabSize() + "): the tokenizer belongs to another model");
      }
      List<String> warnings = maxId + 1 < transformer.vocabularyRows() ? List.of(pkg.tokenizerSource()
          + " gives token ids up to " + maxId + " but the word-embedding table has " + transformer.vocabularyRows()
          + " rows: " + (transformer.vocabularyRows() - maxId - 1) + " rows are never used (a tokenizer of another "
          + "model?)") : List.of();
      return new NativeNetwork(manager, transformer, pkg, warnings);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private final List<String> warnings;

  @Override
  public List<String> loadWarnings() {
    return warnings;
  }

  @Override
  public float[][] run(Batch batch) {
    try (NDManager m = manager.newSubManager()) {
      Shape shape = new Shape(batch.rows(), batch.columns());
      NDArray logits = transformer.logits(m.create(batch.ids(), shape), m.create(batch.mask(), shape),
          m.create(batch.types(), shape));
      int width = perToken ? batch.columns() * transformer.outputs() : transformer.outputs();
      float[] flat = logits.toType(DataType.FLOAT32, false).toFloatArray();
      if (flat.length != batch.rows() * width) {
        throw new ModelOutputException(name + " returned logits of shape " + logits.getShape() + " for a batch of "
            + shape);
      }
      float[][] out = new float[batch.rows()][width];
      for (int r = 0; r < out.length; r++) {
        System.arraycopy(flat, r * width, out[r], 0, width);
      }
      return out;
    }
  }

  /** Native arrays the network holds now: its weights, plus those of calls in progress. */
  int managedArrays() {
    return manager.getManagedArrays().size();
  }

  @Override
  public boolean gradientReady() {
    return true;
  }

  @Override
  public EmbeddingGradients gradients() {
    return gradients;
  }

  @Override
  public void close() {
    manager.close();
  }
}
