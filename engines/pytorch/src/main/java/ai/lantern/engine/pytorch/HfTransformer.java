package ai.lantern.engine.pytorch;

import ai.lantern.engine.transformers.HfArchitecture;
import ai.lantern.engine.transformers.SafeTensors;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.Task;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A HuggingFace encoder with its head, built from safetensors weights as NDArray operations on
 * DJL's PyTorch engine: BERT, RoBERTa (XLM-RoBERTa, CamemBERT), DistilBERT and ELECTRA, each with
 * the computation of HuggingFace's modeling code in evaluation mode (no dropout).
 *
 * <p>The weights are float32 arrays owned by the manager given at load; every call computes in the
 * caller's manager, with the caller's array as the receiver of each operation so that results
 * land there and are freed with it. Weights never require gradients, so a call in grad mode
 * differentiates only with respect to its own input. Thread-safe: the weights are only read.
 */
final class HfTransformer {
  /** HuggingFace's additive mask value: {@code torch.finfo(torch.float32).min}. */
  private static final float MASKED = -Float.MAX_VALUE;

  record Linear(NDArray weight, NDArray bias) implements DisentangledAttention.Linear {
    @Override
    public NDArray apply(NDArray x) {
      return JniUtils.linear((PtNDArray) x, (PtNDArray) weight, (PtNDArray) bias);
    }
  }

  record Norm(NDArray weight, NDArray bias, double eps) {
    NDArray apply(NDArray x) {
      return JniUtils.layerNorm((PtNDArray) x, new Shape(weight.getShape().get(0)), (PtNDArray) weight,
          (PtNDArray) bias, eps);
    }
  }

  /**
   * One encoder layer. The query, key and value projections are also stacked into one
   * ({@code qkv}), so that a layer runs one matrix product where HuggingFace runs three.
   */
  private record Layer(Linear query, Linear key, Linear value, Linear attentionOut, Norm attentionNorm,
      Linear intermediate, Linear output, Norm outputNorm, Linear qkv) {
    /** Stacks the three projections; they stay available as views of the stack, so no weight is held twice. */
    static Layer of(Linear query, Linear key, Linear value, Linear attentionOut, Norm attentionNorm,
        Linear intermediate, Linear output, Norm outputNorm) {
      Linear qkv = stacked(query, key, value);
      return new Layer(third(qkv, 0), third(qkv, 1), third(qkv, 2), attentionOut, attentionNorm, intermediate, output,
          outputNorm, qkv);
    }

    private static Linear third(Linear qkv, int i) {
      long h = qkv.bias().getShape().get(0) / 3;
      String rows = (i * h) + ":" + ((i + 1) * h);
      return new Linear(qkv.weight().get(rows), qkv.bias().get(rows));
    }
  }

  /**
   * The query, key and value projections stacked into one, so that a layer runs one matrix product
   * where HuggingFace runs three; the three parts are closed.
   */
  static Linear stacked(Linear query, Linear key, Linear value) {
    Linear qkv = new Linear(NDArrays.concat(new NDList(query.weight(), key.weight(), value.weight())),
        NDArrays.concat(new NDList(query.bias(), key.bias(), value.bias())));
    for (Linear l : List.of(query, key, value)) {
      l.weight().close();
      l.bias().close();
    }
    return qkv;
  }

  private final HfArchitecture arch;
  private final NDArray wordEmbeddings;
  private final NDArray positionEmbeddings;
  private final NDArray typeEmbeddings;
  private final Norm embeddingNorm;
  private final Linear embeddingProjection;
  private final List<Layer> layers;
  /** DeBERTa's relative-position terms; null for the other families. */
  private final DisentangledAttention relative;
  /** BERT's pooler, RoBERTa's and ELECTRA's head dense layer, DistilBERT's pre_classifier; null otherwise. */
  private final Linear preHead;
  private final Linear head;
  private final int outputs;

  private HfTransformer(HfArchitecture arch, Weights w, String base, int outputs) {
    this.arch = arch;
    this.outputs = outputs;
    boolean distil = arch.family().equals("distilbert");
    HfArchitecture.Deberta deberta = arch.deberta();
    String emb = base + "embeddings.";
    int e = arch.embeddingSize();
    this.wordEmbeddings = w.tensor(emb + "word_embeddings.weight", arch.vocabSize(), e);
    this.positionEmbeddings = deberta != null && !deberta.positionBiasedInput() ? null
        : w.tensor(emb + "position_embeddings.weight", arch.maxPositions(), e);
    this.typeEmbeddings = arch.typeVocabSize() > 0
        ? w.tensor(emb + "token_type_embeddings.weight", arch.typeVocabSize(), e) : null;
    // DeBERTa projects the embeddings to the hidden size before its LayerNorm, ELECTRA after.
    this.embeddingNorm = w.norm(emb + "LayerNorm", deberta != null ? arch.hidden() : e, arch.layerNormEps());
    this.embeddingProjection = arch.family().equals("electra") && w.has(base + "embeddings_project.weight")
        ? w.linear(base + "embeddings_project", arch.hidden(), e)
        : deberta != null && e != arch.hidden() ? w.linearWithoutBias(emb + "embed_proj", arch.hidden(), e)
        : null;
    int h = arch.hidden();
    int inner = arch.intermediate();
    List<Layer> list = new ArrayList<>();
    Linear[] positionKeys = new Linear[arch.layers()];
    Linear[] positionQueries = new Linear[arch.layers()];
    for (int i = 0; i < arch.layers(); i++) {
      if (deberta != null) {
        String p = base + "encoder.layer." + i + ".";
        Layer layer = Layer.of(w.linear(p + "attention.self.query_proj", h, h),
            w.linear(p + "attention.self.key_proj", h, h), w.linear(p + "attention.self.value_proj", h, h),
            w.linear(p + "attention.output.dense", h, h), w.norm(p + "attention.output.LayerNorm", h, arch.layerNormEps()),
            w.linear(p + "intermediate.dense", inner, h), w.linear(p + "output.dense", h, inner),
            w.norm(p + "output.LayerNorm", h, arch.layerNormEps()));
        list.add(layer);
        if (deberta.relativeAttention()) {
          positionKeys[i] = !deberta.c2p() ? null : deberta.shareKey() ? layer.key()
              : w.linear(p + "attention.self.pos_key_proj", h, h);
          positionQueries[i] = !deberta.p2c() ? null : deberta.shareKey() ? layer.query()
              : w.linear(p + "attention.self.pos_query_proj", h, h);
        }
      } else if (distil) {
        String p = base + "transformer.layer." + i + ".";
        list.add(Layer.of(w.linear(p + "attention.q_lin", h, h), w.linear(p + "attention.k_lin", h, h),
            w.linear(p + "attention.v_lin", h, h), w.linear(p + "attention.out_lin", h, h),
            w.norm(p + "sa_layer_norm", h, arch.layerNormEps()), w.linear(p + "ffn.lin1", inner, h),
            w.linear(p + "ffn.lin2", h, inner), w.norm(p + "output_layer_norm", h, arch.layerNormEps())));
      } else {
        String p = base + "encoder.layer." + i + ".";
        list.add(Layer.of(w.linear(p + "attention.self.query", h, h), w.linear(p + "attention.self.key", h, h),
            w.linear(p + "attention.self.value", h, h), w.linear(p + "attention.output.dense", h, h),
            w.norm(p + "attention.output.LayerNorm", h, arch.layerNormEps()),
            w.linear(p + "intermediate.dense", inner, h), w.linear(p + "output.dense", h, inner),
            w.norm(p + "output.LayerNorm", h, arch.layerNormEps())));
      }
    }
    this.layers = List.copyOf(list);
    if (deberta != null && deberta.relativeAttention()) {
      NDArray rel = w.tensor(base + "encoder.rel_embeddings.weight", 2L * deberta.span(), h);
      if (deberta.normRelative()) {
        rel = w.norm(base + "encoder.LayerNorm", h, arch.layerNormEps()).apply(rel);
      }
      this.relative = new DisentangledAttention(arch, rel, positionKeys, positionQueries);
    } else {
      this.relative = null;
    }
    if (arch.task() == Task.SEQUENCE_CLASSIFICATION) {
      switch (arch.family()) {
        case "bert" -> {
          this.preHead = w.linear(base + "pooler.dense", h, h);
          this.head = w.linear("classifier", outputs, h);
        }
        case "distilbert" -> {
          this.preHead = w.linear("pre_classifier", h, h);
          this.head = w.linear("classifier", outputs, h);
        }
        case "deberta-v2" -> {
          this.preHead = w.linear("pooler.dense", h, h);
          this.head = w.linear("classifier", outputs, h);
        }
        default -> {
          this.preHead = w.linear("classifier.dense", h, h);
          this.head = w.linear("classifier.out_proj", outputs, h);
        }
      }
    } else {
      this.preHead = null;
      this.head = w.linear(arch.task() == Task.QUESTION_ANSWERING ? "qa_outputs" : "classifier", outputs, h);
    }
    w.reportUnused();
  }

  /**
   * Builds the network of {@code arch} from {@code tensors}, its arrays owned by {@code manager}.
   *
   * @param outputs classes of the head (2 for question answering: start and end)
   * @throws InvalidModelException naming the tensor and both shapes if a tensor is missing or its
   *     shape disagrees with config.json
   */
  static HfTransformer load(HfArchitecture arch, SafeTensors tensors, NDManager manager, int outputs, Path config) {
    return new HfTransformer(arch, new Weights(tensors, manager, config), base(arch, tensors), outputs);
  }

  /** The prefix of the encoder's tensors: "bert.", "roberta."… in a task model, none in a base model saved alone. */
  private static String base(HfArchitecture arch, SafeTensors tensors) {
    String prefix = switch (arch.family()) {
      case "roberta" -> "roberta.";
      case "deberta-v2" -> "deberta.";
      default -> arch.family() + ".";
    };
    String probe = "embeddings.word_embeddings.weight";
    return tensors.has(prefix + probe) ? prefix : tensors.has(probe) ? "" : prefix;
  }

  HfArchitecture architecture() {
    return arch;
  }

  int outputs() {
    return outputs;
  }

  /** Rows of the word-embedding table: token ids must stay below it. */
  long vocabularyRows() {
    return wordEmbeddings.getShape().get(0);
  }

  /** Word embeddings of {@code ids} ({@code [batch, length]}): {@code [batch, length, embedding]}. */
  NDArray embed(NDArray ids) {
    return JniUtils.embedding((PtNDArray) ids, (PtNDArray) wordEmbeddings, false);
  }

  /** The logits of a padded batch: {@code [batch, outputs]}, or {@code [batch, length, outputs]} per token. */
  NDArray logits(NDArray ids, NDArray mask, NDArray types) {
    return logitsFromEmbeddings(embed(ids), ids, mask, types);
  }

  /**
   * The logits with the word-embedding output replaced by {@code words}; positions and token types
   * still come from {@code ids} and {@code types}, as when a hook replaces that layer's output.
   */
  NDArray logitsFromEmbeddings(NDArray words, NDArray ids, NDArray mask, NDArray types) {
    NDManager m = words.getManager();
    long batch = ids.getShape().get(0);
    long length = ids.getShape().get(1);
    NDArray positions;
    if (arch.offsetPositions()) {
      NDArray notPad = ids.neq(arch.padTokenId()).toType(DataType.INT64, false);
      positions = notPad.cumSum(1).mul(notPad).add(arch.padTokenId());
    } else {
      positions = m.arange(0, (int) length, 1, DataType.INT64).reshape(1, length); // broadcast over the batch
    }
    NDArray x = positionEmbeddings == null ? words
        : words.add(JniUtils.embedding((PtNDArray) positions, (PtNDArray) positionEmbeddings, false));
    if (typeEmbeddings != null) {
      x = x.add(JniUtils.embedding((PtNDArray) types, (PtNDArray) typeEmbeddings, false));
    }
    boolean projectFirst = arch.deberta() != null;
    if (embeddingProjection != null && projectFirst) {
      x = embeddingProjection.apply(x);
    }
    x = embeddingNorm.apply(x);
    if (embeddingProjection != null && !projectFirst) {
      x = embeddingProjection.apply(x);
    }
    if (arch.deberta() != null) {
      // DeBERTa zeroes the embeddings of padding.
      x = x.mul(mask.toType(DataType.FLOAT32, false).reshape(batch, length, 1));
    }
    NDArray bias = mask.toType(DataType.FLOAT32, false).neg().add(1f).mul(MASKED).reshape(batch, 1, 1, length);
    DisentangledAttention.Indexes indexes = relative == null ? null : relative.indexes(m, batch, (int) length);
    for (int i = 0; i < layers.size(); i++) {
      x = layer(i, layers.get(i), x, bias, batch, length, indexes);
    }
    return head(x);
  }

  private NDArray layer(int index, Layer layer, NDArray x, NDArray bias, long batch, long length,
      DisentangledAttention.Indexes indexes) {
    int heads = arch.heads();
    int width = arch.hidden() / heads;
    // [batch, length, 3·hidden] → [3, batch, heads, length, width]
    NDArray qkv = layer.qkv().apply(x).reshape(batch, length, 3, heads, width).transpose(2, 0, 3, 1, 4);
    NDArray q = qkv.get(0);
    NDArray k = qkv.get(1);
    NDArray v = qkv.get(2);
    int factor = arch.deberta() == null ? 1 : arch.deberta().scaleFactor();
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div(constant(q, (float) Math.sqrt(width * (double) factor)));
    if (relative != null) {
      scores = scores.add(relative.scores(index, q, k, indexes));
    }
    scores = scores.add(bias);
    NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, arch.hidden());
    NDArray attended = layer.attentionNorm().apply(layer.attentionOut().apply(context).add(x));
    NDArray inner = activation(layer.intermediate().apply(attended));
    return layer.outputNorm().apply(layer.output().apply(inner).add(attended));
  }

  private NDArray head(NDArray x) {
    if (arch.task() != Task.SEQUENCE_CLASSIFICATION) {
      return head.apply(x);
    }
    NDArray first = x.get(":, 0, :");
    NDArray pooled = preHead.apply(first);
    pooled = switch (arch.family()) {
      case "bert", "roberta" -> pooled.tanh();
      case "distilbert" -> ai.djl.nn.Activation.relu(pooled);
      case "deberta-v2" -> activation(pooled, arch.deberta().poolerActivation());
      // ELECTRA's classification head applies GELU whatever hidden_act says (transformers 4.30).
      default -> JniUtils.gelu((PtNDArray) pooled);
    };
    return head.apply(pooled);
  }

  private NDArray activation(NDArray x) {
    return activation(x, arch.activation());
  }

  static NDArray activation(NDArray x, String name) {
    return switch (name) {
      case "gelu" -> JniUtils.gelu((PtNDArray) x);
      case "relu" -> ai.djl.nn.Activation.relu(x);
      case "silu", "swish" -> x.mul(ai.djl.nn.Activation.sigmoid(x));
      case "tanh" -> x.tanh();
      case "quick_gelu" -> x.mul(ai.djl.nn.Activation.sigmoid(x.mul(constant(x, 1.702f))));
      // gelu_new, gelu_pytorch_tanh, gelu_fast: the tanh approximation
      default -> {
        NDArray inner = x.add(x.mul(x).mul(x).mul(constant(x, 0.044715f)))
            .mul(constant(x, (float) Math.sqrt(2.0 / Math.PI)));
        yield x.mul(constant(x, 0.5f)).mul(inner.tanh().add(constant(x, 1f)));
      }
    };
  }

  /**
   * A float32 scalar in {@code like}'s manager, made by libtorch. Not {@code NDArray.mul(Number)}
   * and its kind: DJL wraps the number in a tensor over a Java buffer and closes it at once, while
   * autograd keeps that tensor for the backward pass (the factor of a product or quotient), so a
   * gradient computed after the garbage collector freed the buffer reads freed memory.
   */
  static NDArray constant(NDArray like, float value) {
    return like.getManager().full(new Shape(), value, DataType.FLOAT32);
  }
}
