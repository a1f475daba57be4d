package ai.lantern.explainers.image;

import ai.lantern.core.ImageClassifier;
import ai.lantern.core.ImageClassifier.ImageShape;
import ai.lantern.core.Budget;
import ai.lantern.core.Prediction;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.Ticker;
import ai.lantern.explainers.BudgetedBuilder;
import ai.lantern.explainers.gradient.IntegrationMethod;
import java.time.Duration;
import java.util.Objects;

/**
 * Integrated Gradients on an image's pixel values (Captum's {@code IntegratedGradients} on
 * {@code pixel_values}): for each step {@code a_i} of the integration method, the gradient of the
 * target class's logit at {@code baseline + a_i (x − baseline)}; the attribution of each value is
 * {@code (x − baseline)} times the weighted sum of its gradients. The scaled inputs go through the
 * model {@code internalBatchSize} at a time, so memory is bounded by that, not by the steps.
 *
 * <p>Budgets: a forward-pass limit below the images the explanation needs (the steps, the
 * prediction and the convergence delta's two) is refused before anything runs; a deadline is
 * checked before each batch (batches of {@value #DEADLINE_BATCH} when no batch size is given) and,
 * once passed, ends the explanation with {@link ai.lantern.core.BudgetExceededException} (a path
 * integral on part of its points is not an attribution); so does the stop signal. An interrupted thread stops at the next batch with
 * {@link ai.lantern.core.CancelledException}. Progress is reported after each batch.
 */
public final class ImageIntegratedGradients {
  private final ImageClassifier model;
  private final int steps;
  private final IntegrationMethod method;
  private final int internalBatchSize;
  private final float[] baseline;
  /** Scaled images per batch when a deadline is set and no batch size is given. */
  static final int DEADLINE_BATCH = 10;
  private final Budget budget;
  private final Ticker ticker;
  private final ProgressListener listener;
  private final java.util.function.BooleanSupplier stopSignal;

  private ImageIntegratedGradients(Builder b) {
    this.stopSignal = b.stopSignal();
    this.budget = b.budget();
    this.ticker = b.ticker();
    this.listener = b.progressListener();
    this.model = b.model;
    this.steps = b.steps;
    this.method = b.method;
    this.internalBatchSize = b.internalBatchSize;
    this.baseline = b.baseline;
  }

  /**
   * Starts the settings.
   *
   * @return a builder: 50 Gauss-Legendre steps, zero baseline, all steps in one batch
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Integration steps per input.
   *
   * @return the steps
   */
  public int steps() {
    return steps;
  }

  /**
   * The model explained.
   *
   * @return the classifier
   */
  public ImageClassifier model() {
    return model;
  }

  /**
   * Explains one image.
   *
   * @param pixelValues the image's pixel values ({@link ImageClassifier#inputShape()})
   * @param target the class to explain, or {@code null} for the predicted one
   * @return the attributions, with the convergence delta
   * @throws IllegalArgumentException if the values do not fit the model or the target is out of range
   * @throws ai.lantern.core.BudgetExceededException if the forward-pass limit is too low or the deadline passed
   * @throws ai.lantern.core.CancelledException if the thread was interrupted
   */
  public ImageAttribution explain(float[] pixelValues, Integer target) {
    // The prediction and the convergence delta's two images are sent besides the scaled ones.
    Pace pace = pace("Integrated Gradients", steps, 3);
    Prediction p = predict(pixelValues);
    pace.sent(1);
    int t = target(p, target);
    Batch b = attribute(pixelValues, 1, t, baseline(model.inputShape()), true, pace);
    return new ImageAttribution("ig", p, t, model.inputShape(), b.attributions, b.deltas[0], steps, b.passes + 1,
        pace.elapsed());
  }

  /** The clock of one explanation that sends {@code images} scaled images, and {@code extra} others, through the model. */
  Pace pace(String what, long images, long extra) {
    return new Pace(what, budget, ticker, listener, stopSignal, images, extra);
  }

  /** The model's prediction for one image, after checking its size. */
  Prediction predict(float[] pixelValues) {
    ImageShape shape = model.inputShape();
    if (pixelValues.length != shape.size()) {
      throw new IllegalArgumentException(pixelValues.length + " pixel values for an input of " + shape);
    }
    return Prediction.of(model.labels(), model.probabilities(pixelValues, 1)[0]);
  }

  /** The class to explain: the one asked for, checked, or the predicted one. */
  int target(Prediction p, Integer target) {
    int t = target == null ? p.index() : target;
    if (t < 0 || t >= model.labels().size()) {
      throw new IllegalArgumentException("target " + t + " out of range 0.." + (model.labels().size() - 1));
    }
    return t;
  }

  /** Attributions of {@code count} inputs, with each one's convergence delta (or NaN) and the images sent. */
  record Batch(float[] attributions, double[] deltas, long passes) {}

  /** The attributions; the deltas cost one forward pass of the inputs and the baseline, so only when asked. */
  Batch attribute(float[] inputs, int count, int target, float[] base, boolean withDelta, Pace pace) {
    int size = base.length;
    double[][] pw = method.pointsAndWeights(steps);
    double[] points = pw[0];
    double[] weights = pw[1];
    int rows = count * steps;
    // Without a batch size all steps go at once, unless a deadline needs batches to be checked
    // between (the batch size changes no result, only the memory and how often the clock is read).
    int chunk = internalBatchSize > 0 ? Math.min(rows, internalBatchSize)
        : pace.hasDeadline() ? Math.min(rows, DEADLINE_BATCH) : rows;
    double[] sums = new double[count * size];
    long passes = 0;
    for (int first = 0; first < rows; first += chunk) {
      int n = Math.min(chunk, rows - first);
      pace.beforeBatch();
      float[] scaled = new float[n * size];
      for (int r = 0; r < n; r++) {
        int row = first + r;
        int k = row / steps;
        double a = points[row % steps];
        for (int j = 0; j < size; j++) {
          float b = base[j];
          scaled[r * size + j] = (float) (b + a * (inputs[k * size + j] - b));
        }
      }
      ImageClassifier.PixelGradients g = model.logitGradients(scaled, n, target);
      passes += n;
      pace.afterBatch(n);
      for (int r = 0; r < n; r++) {
        int row = first + r;
        int k = row / steps;
        double w = weights[row % steps];
        for (int j = 0; j < size; j++) {
          sums[k * size + j] += w * g.gradients()[r * size + j];
        }
      }
    }
    float[] attributions = new float[count * size];
    double[] deltas = new double[count];
    double[][] logits = null;
    if (withDelta) {
      float[] both = new float[(count + 1) * size];
      System.arraycopy(inputs, 0, both, 0, count * size);
      System.arraycopy(base, 0, both, count * size, size);
      logits = model.logits(both, count + 1);
      passes += count + 1;
    }
    for (int k = 0; k < count; k++) {
      double total = 0;
      for (int j = 0; j < size; j++) {
        double v = (inputs[k * size + j] - base[j]) * sums[k * size + j];
        attributions[k * size + j] = (float) v;
        total += v;
      }
      deltas[k] = logits == null ? Double.NaN : total - (logits[k][target] - logits[count][target]);
    }
    return new Batch(attributions, deltas, passes);
  }

  float[] baseline(ImageShape shape) {
    if (baseline == null) {
      return new float[shape.size()];
    }
    if (baseline.length != shape.size()) {
      throw new IllegalArgumentException("the baseline has " + baseline.length + " values; the model takes "
          + shape.size() + " (" + shape + ")");
    }
    return baseline;
  }

  /**
   * Settings of {@link ImageIntegratedGradients}; {@code set…} required, {@code opt…} optional,
   * with the budget, progress listener and clock of every explainer.
   */
  public static final class Builder extends BudgetedBuilder<Builder> {
    private ImageClassifier model;
    private int steps = 50;
    private IntegrationMethod method = IntegrationMethod.GAUSS_LEGENDRE;
    private int internalBatchSize;
    private float[] baseline;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * The model (required).
     *
     * @param model a gradient-ready image classifier
     * @return this builder
     */
    public Builder setModel(ImageClassifier model) {
      this.model = Objects.requireNonNull(model, "model");
      return this;
    }

    /**
     * Integration steps.
     *
     * @param steps 1 to 10,000 (2 or more for the trapezoid rule); 50 by default
     * @return this builder
     */
    public Builder optSteps(int steps) {
      this.steps = steps;
      return this;
    }

    /**
     * The integration method.
     *
     * @param method Gauss-Legendre by default, as Captum
     * @return this builder
     */
    public Builder optIntegrationMethod(IntegrationMethod method) {
      this.method = Objects.requireNonNull(method, "method");
      return this;
    }

    /**
     * Scaled images per forward and backward pass.
     *
     * @param internalBatchSize at least 1, or 0 (the default) for every step at once
     * @return this builder
     */
    public Builder optInternalBatchSize(int internalBatchSize) {
      this.internalBatchSize = internalBatchSize;
      return this;
    }

    /**
     * The baseline's pixel values, for instance a black image through the model's processor.
     *
     * @param baseline one value per pixel value, or {@code null} for zeros (the default: zero
     *     after normalisation, Captum's and transformers-interpret's)
     * @return this builder
     */
    public Builder optBaseline(float[] baseline) {
      this.baseline = baseline == null ? null : baseline.clone();
      return this;
    }

    /**
     * Checks the settings.
     *
     * @return the explainer
     * @throws IllegalArgumentException if the model is missing or gives no gradients, or a setting is out of range
     */
    public ImageIntegratedGradients build() {
      if (model == null) {
        throw new IllegalArgumentException("setModel(...) is required");
      }
      if (!model.isGradientReady()) {
        throw new IllegalArgumentException("the model gives no gradients: Integrated Gradients needs them");
      }
      method.checkSteps(steps);
      if (internalBatchSize < 0) {
        throw new IllegalArgumentException("internalBatchSize must be at least 1 (or 0 for all), got "
            + internalBatchSize);
      }
      return new ImageIntegratedGradients(this);
    }
  }
}
