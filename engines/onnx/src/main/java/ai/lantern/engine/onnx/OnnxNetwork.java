package ai.lantern.engine.onnx;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.LanternException;
import ai.lantern.core.ModelOutputException;
import ai.lantern.core.Task;
import ai.lantern.engine.transformers.Batch;
import ai.lantern.engine.transformers.ModelPackage;
import ai.lantern.engine.transformers.PredictorPool;
import ai.lantern.engine.transformers.TextNetwork;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An ONNX export on DJL's ONNX Runtime engine. Inputs are matched by name ({@code input_ids},
 * {@code attention_mask}, {@code token_type_ids}: the names HuggingFace Optimum and
 * {@code torch.onnx.export} with HuggingFace's argument names give); the first output is the
 * logits, except for question answering, whose {@code start_logits} and {@code end_logits} are
 * stacked into {@code [batch, length, 2]}. Each thread borrows its own predictor from a
 * {@link PredictorPool}; every array of a batch lives in the predictor context's manager, closed
 * when the batch returns.
 */
final class OnnxNetwork implements TextNetwork {
  private static final List<String> KNOWN_INPUTS = List.of("input_ids", "attention_mask", "token_type_ids");

  private final ModelPackage pkg;
  private final PredictorPool predictors;

  OnnxNetwork(ModelPackage pkg) {
    this.pkg = pkg;
    Path file = pkg.modelFile();
    Model m;
    try {
      m = Model.newInstance(file.getFileName().toString(), "OnnxRuntime");
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new LanternException("the ONNX Runtime engine could not start: "
          + TransformerTextClassifier.rootMessage(e) + ". Lantern needs ai.djl.onnxruntime:onnxruntime-engine and "
          + "com.microsoft.onnxruntime:onnxruntime on the class path", e);
    }
    try {
      String name = file.getFileName().toString();
      m.load(file.getParent(), name.substring(0, name.length() - ".onnx".length()), Map.of());
      List<String> inputs = new ArrayList<>();
      for (var p : m.describeInput()) {
        inputs.add(p.getKey());
      }
      if (!inputs.contains("input_ids") || !KNOWN_INPUTS.containsAll(inputs)) {
        throw new InvalidModelException(file + " has inputs " + inputs + "; Lantern feeds input_ids, attention_mask "
            + "and (if present) token_type_ids, as HuggingFace Optimum exports them");
      }
      this.predictors = new PredictorPool(m, new Translator(inputs, pkg.config().labels().size(), pkg.config().task(),
          file));
    } catch (MalformedModelException | IOException | EngineException e) {
      m.close();
      throw new InvalidModelException(file + " is not an ONNX model that ONNX Runtime can load ("
          + TransformerTextClassifier.rootMessage(e) + ")", e);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  @Override
  public float[][] run(Batch batch) {
    return predictors.run(batch);
  }

  @Override
  public boolean gradientReady() {
    return false;
  }

  @Override
  public EmbeddingGradients gradients() {
    throw new LanternException(pkg.modelFile() + " is an ONNX model: ONNX Runtime computes no gradients, so gradient "
        + "methods (Integrated Gradients) cannot explain it; use LIME (or another black-box method), or load the "
        + "HuggingFace folder with model.safetensors through PyTorchTextClassifier for gradients");
  }

  @Override
  public void close() {
    predictors.close();
  }

  private static float[] floats(NDArray a) {
    if (a.getDataType() != DataType.FLOAT32) {
      throw new ModelOutputException("the ONNX model returned " + a.getDataType() + " logits (output "
          + a.getName() + "); Lantern reads float32 logits");
    }
    return a.toFloatArray();
  }

  /** Named input arrays in; the logits out, checked against config.json. */
  private static final class Translator implements NoBatchifyTranslator<Batch, float[][]> {
    private final List<String> inputs;
    private final int classes;
    private final Task task;
    private final Path file;

    Translator(List<String> inputs, int classes, Task task, Path file) {
      this.inputs = inputs;
      this.classes = classes;
      this.task = task;
      this.file = file;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, Batch batch) {
      NDManager m = ctx.getNDManager();
      Shape shape = new Shape(batch.rows(), batch.columns());
      NDList list = new NDList();
      for (String name : inputs) {
        long[] values = switch (name) {
          case "input_ids" -> batch.ids();
          case "attention_mask" -> batch.mask();
          default -> batch.types();
        };
        NDArray a = m.create(values, shape);
        a.setName(name);
        list.add(a);
      }
      return list;
    }

    @Override
    public float[][] processOutput(TranslatorContext ctx, NDList list) {
      if (list.isEmpty()) {
        throw new ModelOutputException(file.getFileName() + " returned no output");
      }
      boolean perToken = task == Task.TOKEN_CLASSIFICATION || task == Task.QUESTION_ANSWERING;
      // Only plain reads of the outputs: ONNX Runtime's arrays support few NDArray operations
      // without another engine on the class path.
      NDArray first = list.get(0);
      Shape shape = first.getShape();
      float[] flat = floats(first);
      if (task == Task.QUESTION_ANSWERING && list.size() >= 2 && shape.dimension() == 2
          && list.get(1).getShape().equals(shape)) {
        // Optimum's question answering: start_logits and end_logits, [batch, length] each.
        float[] end = floats(list.get(1));
        float[] both = new float[flat.length * 2];
        for (int i = 0; i < flat.length; i++) {
          both[2 * i] = flat[i];
          both[2 * i + 1] = end[i];
        }
        flat = both;
        shape = new Shape(shape.get(0), shape.get(1), 2);
      }
      boolean ok = perToken ? shape.dimension() == 3 && shape.get(2) == classes
          : shape.dimension() == 2 && shape.get(1) == classes;
      if (!ok) {
        throw new ModelOutputException(file.getFileName() + " returned " + (list.size() > 1 ? list.size()
            + " outputs, the first of shape " : "logits of shape ") + shape + "; config.json has " + classes
            + " labels, so the logits must be " + (perToken ? "[batch, length, " + classes + "]"
            : "[batch, " + classes + "]"));
      }
      int rows = (int) shape.get(0);
      int width = flat.length / rows;
      float[][] out = new float[rows][width];
      for (int r = 0; r < rows; r++) {
        System.arraycopy(flat, r * width, out[r], 0, width);
      }
      return out;
    }
  }
}
