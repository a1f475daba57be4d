package ai.lantern.engine.transformers;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import ai.djl.translate.Translator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * DJL predictors for one model, lent to whichever thread calls: a predictor is not thread-safe,
 * the model it shares is. Engine SPI.
 */
public final class PredictorPool implements AutoCloseable {
  private final Model model;
  private final Translator<Batch, float[][]> translator;
  private final ConcurrentLinkedQueue<Predictor<Batch, float[][]>> idle = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * The pool owns {@code model} from now on: {@link #close()} closes it.
   *
   * @param model the loaded DJL model that every predictor shares; not null
   * @param translator turns a {@link Batch} into the engine's inputs and its outputs into rows of logits
   */
  public PredictorPool(Model model, Translator<Batch, float[][]> translator) {
    this.model = model;
    this.translator = translator;
  }

  /**
   * Runs {@code batch} on a predictor of this thread's borrowing.
   *
   * @param batch the padded batch; not null
   * @return the translator's output: one row of logits per row of {@code batch}
   * @throws ai.lantern.core.LanternException if the engine fails, as
   *     {@link TransformerTextClassifier#unwrap} makes it
   */
  public float[][] run(Batch batch) {
    Predictor<Batch, float[][]> predictor = idle.poll();
    if (predictor == null) {
      predictor = model.newPredictor(translator);
    }
    try {
      return predictor.predict(batch);
    } catch (TranslateException e) {
      throw TransformerTextClassifier.unwrap(e);
    } finally {
      if (closed.get()) {
        predictor.close();
      } else {
        idle.offer(predictor);
      }
    }
  }

  /**
   * The model the predictors share.
   *
   * @return the model, owned by this pool and closed with it
   */
  public Model model() {
    return model;
  }

  /** Closes the predictors and the model. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      Predictor<Batch, float[][]> p;
      while ((p = idle.poll()) != null) {
        p.close();
      }
      model.close();
    }
  }
}
