package ai.lantern.engine.pytorch;

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

  LogitsTranslator(int inputs, int classes, String modelName) {
    this.inputs = inputs;
    this.classes = classes;
    this.modelName = modelName;
  }

  @Override
  public NDList processInput(TranslatorContext ctx, Batch batch) {
    if (!CONFIGURED.get()) {
      JniUtils.setGraphExecutorOptimize(false);
      CONFIGURED.set(true);
    }
    NDManager m = ctx.getNDManager();
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
    if (shape.dimension() != 2 || shape.get(1) != classes) {
      throw new ModelOutputException(modelName + " returned logits of shape " + shape + "; config.json's id2label "
          + "has " + classes + " labels, so the model must return [batch, " + classes + "]");
    }
    if (logits.getDataType() != DataType.FLOAT32) {
      logits = logits.toType(DataType.FLOAT32, false);
    }
    float[] flat = logits.toFloatArray();
    int rows = (int) shape.get(0);
    float[][] out = new float[rows][classes];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(flat, r * classes, out[r], 0, classes);
    }
    return out;
  }
}
