package ai.lantern.engine.pytorch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.lantern.core.InvalidModelException;
import ai.lantern.engine.transformers.SafeTensors;
import ai.lantern.engine.transformers.VitArchitecture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * HuggingFace's {@code ViTForImageClassification} and DeiT's two classifiers in evaluation mode,
 * built from safetensors weights as NDArray operations on DJL's PyTorch engine: patch embedding (a
 * convolution with the patch as kernel and stride), the class token (and DeiT's distillation
 * token), learned positions, pre-norm encoder layers, the final layer norm and the classifier on
 * the class token, or, for {@code DeiTForImageClassificationWithTeacher}, the mean of the class
 * token's and the distillation token's classifiers.
 *
 * <p>The weights are float32 arrays owned by the manager given at load and never require
 * gradients, so a call in grad mode differentiates only with respect to its pixels. Every call
 * computes in the caller's manager. Thread-safe: the weights are only read.
 */
final class HfVit {
  /** One pre-norm encoder layer; {@code qkv} is the query, key and value projections stacked. */
  private record Layer(HfTransformer.Linear qkv, HfTransformer.Linear attentionOut, HfTransformer.Norm before,
      HfTransformer.Linear intermediate, HfTransformer.Linear output, HfTransformer.Norm after) {}

  private final VitArchitecture arch;
  private final NDArray patchWeight;
  private final NDArray patchBias;
  private final NDArray classToken;
  /** DeiT's distillation token; null for ViT. */
  private final NDArray distillationToken;
  private final NDArray positions;
  private final List<Layer> layers;
  private final HfTransformer.Norm finalNorm;
  private final HfTransformer.Linear classifier;
  /** DeiT's distillation head, whose logits are averaged with the class token's; null otherwise. */
  private final HfTransformer.Linear distillationClassifier;

  private HfVit(VitArchitecture arch, SafeTensors tensors, NDManager manager, Path config) {
    this.arch = arch;
    Weights w = new Weights(tensors, manager, config);
    int h = arch.hidden();
    int p = arch.patchSize();
    String base = arch.family() + ".";
    String emb = base + "embeddings.";
    this.patchWeight = w.tensor(emb + "patch_embeddings.projection.weight", h, arch.channels(), p, p);
    this.patchBias = w.tensor(emb + "patch_embeddings.projection.bias", h);
    this.classToken = w.tensor(emb + "cls_token", 1, 1, h);
    this.distillationToken = arch.leadingTokens() == 2 ? w.tensor(emb + "distillation_token", 1, 1, h) : null;
    this.positions = w.tensor(emb + "position_embeddings", 1, arch.patches() + arch.leadingTokens(), h);
    List<Layer> list = new ArrayList<>();
    double eps = arch.layerNormEps();
    int inner = arch.intermediate();
    for (int i = 0; i < arch.layers(); i++) {
      String l = base + "encoder.layer." + i + ".";
      String a = l + "attention.attention.";
      list.add(new Layer(HfTransformer.stacked(projection(w, a + "query", h), projection(w, a + "key", h),
          projection(w, a + "value", h)), w.linear(l + "attention.output.dense", h, h),
          w.norm(l + "layernorm_before", h, eps), w.linear(l + "intermediate.dense", inner, h),
          w.linear(l + "output.dense", h, inner), w.norm(l + "layernorm_after", h, eps)));
    }
    this.layers = List.copyOf(list);
    this.finalNorm = w.norm(base + "layernorm", h, eps);
    int labels = arch.labels().size();
    this.classifier = w.linear(arch.distilled() ? "cls_classifier" : "classifier", labels, h);
    this.distillationClassifier = arch.distilled() ? w.linear("distillation_classifier", labels, h) : null;
  }

  /**
   * Builds the network of {@code arch} from {@code tensors}, its arrays owned by {@code manager}.
   *
   * @throws InvalidModelException naming the tensor and both shapes if a tensor is missing or its
   *     shape disagrees with config.json
   */
  static HfVit load(VitArchitecture arch, SafeTensors tensors, NDManager manager, Path config) {
    return new HfVit(arch, tensors, manager, config);
  }

  /** The logits of {@code pixels} ({@code [batch, channels, height, width]}): {@code [batch, labels]}. */
  NDArray logits(NDArray pixels) {
    long batch = pixels.getShape().get(0);
    int h = arch.hidden();
    int p = arch.patchSize();
    NDArray patches = JniUtils.convolution((PtNDArray) pixels, (PtNDArray) patchWeight, (PtNDArray) patchBias,
        new Shape(p, p), new Shape(0, 0), new Shape(1, 1), 1);
    // [batch, hidden, rows, cols] → [batch, patches, hidden]
    NDArray tokens = JniUtils.transpose(JniUtils.flatten((PtNDArray) patches, 2, -1), 1, 2);
    NDArray cls = JniUtils.broadcast((PtNDArray) classToken, new Shape(batch, 1, h));
    // A result lands in its first operand's manager: the class token's copy must join the call's,
    // or everything computed from it would outlive the call in the weights' manager.
    cls.attach(pixels.getManager());
    PtNDArray[] parts;
    if (distillationToken != null) {
      NDArray distillation = JniUtils.broadcast((PtNDArray) distillationToken, new Shape(batch, 1, h));
      distillation.attach(pixels.getManager());
      parts = new PtNDArray[] {(PtNDArray) cls, (PtNDArray) distillation, (PtNDArray) tokens};
    } else {
      parts = new PtNDArray[] {(PtNDArray) cls, (PtNDArray) tokens};
    }
    NDArray x = JniUtils.cat(parts, 1).add(positions);
    long length = x.getShape().get(1);
    for (Layer layer : layers) {
      x = layer(layer, x, batch, length);
    }
    NDArray normed = finalNorm.apply(x);
    NDArray logits = classifier.apply(normed.get(":, 0, :"));
    if (distillationClassifier == null) {
      return logits;
    }
    return logits.add(distillationClassifier.apply(normed.get(":, 1, :"))).div(HfTransformer.constant(logits, 2f));
  }

  private NDArray layer(Layer layer, NDArray x, long batch, long length) {
    int heads = arch.heads();
    int width = arch.hidden() / heads;
    // [batch, length, 3·hidden] → [3, batch, heads, length, width]
    NDArray qkv = layer.qkv().apply(layer.before().apply(x)).reshape(batch, length, 3, heads, width)
        .transpose(2, 0, 3, 1, 4);
    NDArray q = qkv.get(0);
    NDArray k = qkv.get(1);
    NDArray v = qkv.get(2);
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2))
        .div(HfTransformer.constant(q, (float) Math.sqrt(width)));
    NDArray context = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(batch, length, arch.hidden());
    NDArray attended = layer.attentionOut().apply(context).add(x);
    NDArray inner = HfTransformer.activation(layer.intermediate().apply(layer.after().apply(attended)),
        arch.activation());
    return layer.output().apply(inner).add(attended);
  }

  /** A query, key or value projection, which has no bias when qkv_bias is false. */
  private HfTransformer.Linear projection(Weights w, String name, int h) {
    return arch.qkvBias() ? w.linear(name, h, h) : w.linearWithoutBias(name, h, h);
  }
}
