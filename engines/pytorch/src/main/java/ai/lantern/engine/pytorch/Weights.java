package ai.lantern.engine.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.lantern.core.InvalidModelException;
import ai.lantern.engine.pytorch.HfTransformer.Linear;
import ai.lantern.engine.pytorch.HfTransformer.Norm;
import ai.lantern.engine.transformers.SafeTensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tensors of a HuggingFace folder, checked against {@code config.json} as the natively built
 * networks ({@link HfTransformer}, {@link HfVit}) take them: each one's shape is the one the config
 * implies, and a missing or misshapen tensor is named with both shapes. The arrays are float32 and
 * belong to the manager given.
 */
final class Weights {
  private static final Logger LOG = LoggerFactory.getLogger(Weights.class);

  private final SafeTensors tensors;
  private final NDManager manager;
  private final Path config;
  private final Set<String> used = new HashSet<>();

  Weights(SafeTensors tensors, NDManager manager, Path config) {
    this.tensors = tensors;
    this.manager = manager;
    this.config = config;
  }

  boolean has(String name) {
    return tensors.has(name);
  }

  /** A layer stored without bias (DeBERTa's embed_proj, ViT's projections without qkv_bias), given a zero one. */
  Linear linearWithoutBias(String name, int out, int in) {
    return new Linear(tensor(name + ".weight", out, in), manager.zeros(new Shape(out), DataType.FLOAT32));
  }

  Linear linear(String name, int out, int in) {
    return new Linear(tensor(name + ".weight", out, in), tensor(name + ".bias", out));
  }

  Norm norm(String name, int width, double eps) {
    // Checkpoints from before 2019 name LayerNorm's parameters gamma and beta.
    boolean old = !tensors.has(name + ".weight") && tensors.has(name + ".gamma");
    return new Norm(tensor(name + (old ? ".gamma" : ".weight"), width),
        tensor(name + (old ? ".beta" : ".bias"), width), eps);
  }

  NDArray tensor(String name, long... shape) {
    SafeTensors.Entry e = tensors.entry(name);
    if (e == null) {
      throw new InvalidModelException("the weights in " + config.getParent() + " have no tensor " + name
          + " (" + Arrays.toString(shape) + "), which " + config.getFileName() + " implies; tensors present: "
          + sample());
    }
    if (!Arrays.equals(e.shape(), shape)) {
      throw new InvalidModelException(e.file() + ": tensor " + name + " has shape " + e.shapeString() + " but "
          + config + " implies " + Arrays.toString(shape));
    }
    used.add(name);
    return manager.create(tensors.readFloat32(e), new Shape(shape), DataType.FLOAT32);
  }

  private String sample() {
    List<String> names = new ArrayList<>(tensors.names());
    return names.size() <= 8 ? names.toString() : names.subList(0, 8) + " and " + (names.size() - 8) + " more";
  }

  void reportUnused() {
    if (LOG.isDebugEnabled()) {
      List<String> unused = tensors.names().stream().filter(n -> !used.contains(n)).sorted().toList();
      if (!unused.isEmpty()) {
        LOG.debug("{} tensors in {} are not used by the network: {}", unused.size(), config.getParent(), unused);
      }
    }
  }
}
