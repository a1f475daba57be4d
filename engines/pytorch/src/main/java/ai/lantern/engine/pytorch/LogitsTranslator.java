package ai.lantern.engine.pytorch;

import ai.lantern.engine.transformers.Batch;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import ai.lantern.core.ModelOutputException;

/**
 * Turns a padded batch into model inputs and the model's first output into Java logits. Every
 * array lives in the predictor context's manager, which DJL closes after each call, so no native
 * memory outlives a prediction.
 */
final class LogitsTranslator implements NoBatchifyTranslator<Batch, float[][]> {
  /**
   * TorchScript's profiling executor re-optimises the graph for every new input shape, which
   * stalls for seconds with dynamic padding; the setting is per thread.
   */
  private static final ThreadLocal<Boolean> CONFIGURED = ThreadLocal.withInitial(() -> false);

  private final int inputs;
  private final int classes;
  private final String modelName;
  /** Whether the model returns {@code [batch, length, classes]}: rows are then flattened per sequence. */
  private final boolean perToken;

  LogitsTranslator(int inputs, int classes, String modelName, boolean perToken) {
    this.inputs = inputs;
    this.classes = classes;
    this.modelName = modelName;
    this.perToken = perToken;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Batch batch) {
    if (!CONFIGURED.get()) {
      JniUtils.setGraphExecutorOptimize(false);
      CONFIGURED.set(true);
    }
    NDManager m = ctx.getNDManager();
    ctx.setAttachment("rows", batch.rows());
    Shape shape = new Shape(batch.rows(), batch.columns());
    NDArray ids = m.create(batch.ids(), shape);
    NDArray mask = m.create(batch.mask(), shape);
    if (inputs == 2) {
      return new NDList(ids, mask);
    }
    return new NDList(ids, mask, m.create(batch.types(), shape));
  }

  @Override
  public float[][] processOutput(TranslatorContext ctx, NDList list) {
    if (list.isEmpty()) {
      throw new ModelOutputException(modelName + " returned no output");
    }
    NDArray logits = list.get(0);
    Shape shape = logits.getShape();
    Object rows = ctx.getAttachment("rows");
    if (rows instanceof Integer n && shape.dimension() > 0 && shape.get(0) != n) {
      throw new ModelOutputException(modelName + " returned " + shape.get(0) + " rows of logits (shape " + shape
          + ") for a batch of " + n + " texts: a model exported with a fixed batch size? Export it with a dynamic "
          + "batch axis, or set optMaxBatchSize(" + shape.get(0) + ") only if it always takes that many");
    }
    if (perToken) {
      if (shape.dimension() != 3 || shape.get(2) != classes) {
        throw new ModelOutputException(modelName + " returned logits of shape " + shape + "; a per-token model "
            + "with " + classes + " outputs per token (config.json) must return [batch, length, " + classes + "]");
      }
      return rowsOf(logits, (int) shape.get(0), (int) (shape.get(1) * classes));
    }
    if (shape.dimension() != 2 || shape.get(1) != classes) {
      throw new ModelOutputException(modelName + " returned logits of shape " + shape + "; config.json's id2label "
          + "has " + classes + " labels, so the model must return [batch, " + classes + "]");
    }
    return rowsOf(logits, (int) shape.get(0), classes);
  }

  private static float[][] rowsOf(NDArray logits, int rows, int width) {
    if (logits.getDataType() != DataType.FLOAT32) {
      logits = logits.toType(DataType.FLOAT32, false);
    }
    float[] flat = logits.toFloatArray();
    float[][] out = new float[rows][width];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * width, out[r], 0, width);
    }
    return out;
  }
}
