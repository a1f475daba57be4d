package ai.lantern.engine.pytorch;

import ai.lantern.engine.transformers.ProblemType;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.ModelOutputException;
import ai.lantern.core.TargetOutput;
import ai.lantern.core.spi.TokenIds;

/**
 * Gradients of a network's outputs with respect to its word embeddings, for a TorchScript package
 * (its {@code embed} and {@code forward_embeds} methods) or a natively built HuggingFace network.
 *
 * <p>Only the input embeddings receive a gradient: a TorchScript model is loaded with
 * {@code trainParam=true} (otherwise libtorch creates its tensors in inference mode and refuses to
 * differentiate through them) and its weights are frozen; a native network's weights never
 * require gradients. Grad mode is per thread in libtorch and is switched on for the duration of a
 * call; backward runs per call on a fresh leaf, without DJL's JVM-wide gradient collector, so
 * several threads can differentiate at once. Every array of a call lives in a sub-manager closed
 * when the call returns.
 */
final class PtEmbeddingGradients implements EmbeddingGradients {
  /** The two functions Integrated Gradients differentiates through. */
  interface Network {
    /** The manager whose sub-managers hold each call's arrays. */
    NDManager manager();

    /** Word embeddings of {@code ids} ({@code [count, length]}), attached to {@code m}. */
    NDArray embed(NDManager m, NDArray ids);

    /**
     * Logits with the word-embedding output replaced by {@code x}; the result is attached to
     * {@code x}'s manager.
     */
    NDArray logitsFromEmbeddings(NDArray x, NDArray ids, NDArray mask, NDArray types, boolean train);
  }

  /** {@code embed} and {@code forward_embeds} of a TorchScript module loaded with {@code trainParam=true}. */
  static Network torchScript(Model model) {
    PtSymbolBlock block = (PtSymbolBlock) model.getBlock();
    block.freezeParameters(true);
    return new Network() {
      @Override
      public NDManager manager() {
        return model.getNDManager();
      }

      @Override
      public NDArray embed(NDManager m, NDArray ids) {
        IValue arg = IValue.from((PtNDArray) ids);
        try (IValue out = IValueUtils.runMethod(block, "embed", arg)) {
          return out.toTensor((PtNDManager) m);
        } finally {
          arg.close();
        }
      }

      @Override
      public NDArray logitsFromEmbeddings(NDArray x, NDArray ids, NDArray mask, NDArray types, boolean train) {
        NDArray method = x.getManager().zeros(new Shape(1));
        method.setName("module_method:forward_embeds");
        // The embeddings come first: the outputs are attached to the first input's manager.
        return IValueUtils.forward(block, new NDList(x, mask, types, method), train).get(0);
      }
    };
  }

  private final Network network;
  private final ProblemType problem;
  private final int classes;
  private final int hidden;
  /** Whether the logits are {@code [count, length, classes]} (token classification, question answering). */
  private final boolean perToken;

  PtEmbeddingGradients(Network network, ProblemType problem, int classes, boolean perToken) {
    this.perToken = perToken;
    this.network = network;
    this.problem = problem;
    this.classes = classes;
    this.hidden = embed(new TokenIds(new long[] {0}, new long[] {0})).length;
    if (hidden == 0) {
      throw new ModelOutputException("embed returned no values for one token");
    }
  }

  @Override
  public int hiddenSize() {
    return hidden;
  }

  @Override
  public float[] embed(TokenIds... sequences) {
    int len = sequences[0].length();
    long[] all = new long[sequences.length * len];
    for (int k = 0; k < sequences.length; k++) {
      if (sequences[k].length() != len) {
        throw new IllegalArgumentException("sequences of " + len + " and " + sequences[k].length()
            + " tokens cannot be embedded together");
      }
      System.arraycopy(sequences[k].ids(), 0, all, k * len, len);
    }
    try (NDManager m = network.manager().newSubManager()) {
      NDArray in = m.create(all, new Shape(sequences.length, len));
      return network.embed(m, in).toType(DataType.FLOAT32, false).toFloatArray();
    }
  }

  @Override
  public Result valuesAndGradients(TokenIds ids, float[] embeddings, int count, int position, int target,
      TargetOutput output) {
    check(ids, embeddings, count);
    if (target < 0 || target >= classes) {
      throw new IllegalArgumentException("target " + target + " out of range 0.." + (classes - 1));
    }
    if (perToken ? position < 0 || position >= ids.length() : position != -1) {
      throw new IllegalArgumentException(perToken
          ? "token position " + position + " out of range 0.." + (ids.length() - 1) + " for this per-token model"
          : "position " + position + " given for a model with one output row per sequence (use -1)");
    }
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try (NDManager m = network.manager().newSubManager()) {
      PtNDArray x = (PtNDArray) m.create(embeddings, new Shape(count, ids.length(), hidden));
      x.setRequiresGradient(true);
      NDArray logits = forwardEmbeds(m, x, ids, count, true);
      if (perToken) {
        logits = logits.get(":, " + position + ", :");
      }
      NDArray probabilities = probabilities(logits);
      NDArray value = (output == TargetOutput.PROBABILITY ? probabilities : logits).get(":, " + target);
      NDArray total = value.sum();
      JniUtils.backward((PtNDArray) total, (PtNDArray) m.ones(total.getShape()), false, false);
      float[] grads = x.getGradient().toFloatArray();
      return new Result(doubles(value.toFloatArray()), rows(probabilities.toFloatArray(), count), grads);
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  @Override
  public double[][] probabilities(TokenIds ids, float[] embeddings, int count) {
    check(ids, embeddings, count);
    if (perToken) {
      throw new IllegalArgumentException("a per-token model has no probabilities per sequence; give a position");
    }
    try (NDManager m = network.manager().newSubManager()) {
      NDArray x = m.create(embeddings, new Shape(count, ids.length(), hidden));
      return rows(probabilities(forwardEmbeds(m, x, ids, count, false)).toFloatArray(), count);
    }
  }

  private NDArray forwardEmbeds(NDManager m, NDArray x, TokenIds ids, int count, boolean train) {
    int len = ids.length();
    long[] types = new long[count * len];
    long[] tokens = new long[count * len];
    for (int k = 0; k < count; k++) {
      for (int i = 0; i < len; i++) {
        types[k * len + i] = ids.typeId(i);
        tokens[k * len + i] = ids.id(i);
      }
    }
    NDArray mask = m.ones(new Shape(count, len), DataType.INT64);
    NDArray typeIds = m.create(types, new Shape(count, len));
    NDArray logits = network.logitsFromEmbeddings(x, m.create(tokens, new Shape(count, len)), mask, typeIds, train);
    Shape want = perToken ? new Shape(count, len, classes) : new Shape(count, classes);
    if (!logits.getShape().equals(want)) {
      throw new ModelOutputException("forward_embeds returned logits of shape " + logits.getShape()
          + "; expected " + want);
    }
    return logits.toType(DataType.FLOAT32, false);
  }

  private NDArray probabilities(NDArray logits) {
    return problem == ProblemType.MULTI_LABEL_CLASSIFICATION || classes == 1
        ? Activation.sigmoid(logits) : logits.softmax(-1);
  }

  private void check(TokenIds ids, float[] embeddings, int count) {
    if (count < 1 || embeddings.length != (long) count * ids.length() * hidden) {
      throw new IllegalArgumentException(embeddings.length + " embedding values for " + count + " sequences of "
          + ids.length() + " tokens × " + hidden + " hidden");
    }
  }

  private double[][] rows(float[] flat, int count) {
    double[][] out = new double[count][classes];
    for (int k = 0; k < count; k++) {
      for (int c = 0; c < classes; c++) {
        out[k][c] = flat[k * classes + c];
      }
    }
    return out;
  }

  private static double[] doubles(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
