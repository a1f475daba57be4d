package ai.lantern.explainers.image;

import ai.lantern.core.ImageClassifier.ImageShape;
import ai.lantern.core.Prediction;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;

/**
 * Captum's {@code NoiseTunnel} around {@link ImageIntegratedGradients}: the image's pixel values
 * plus Gaussian noise ({@code N(0, stdev)}, absolute, in pixel-value units), {@code samples}
 * times; the attributions of the noisy copies averaged ({@code smoothgrad}), their squares
 * averaged ({@code smoothgrad_sq}), or their population variance ({@code vargrad}). The copies go
 * to Integrated Gradients {@code samplesBatchSize} at a time, each round with fresh noise; the
 * noise comes from a generator seeded per call, so the same seed gives the same result on any
 * thread.
 *
 * <p>The wrapped Integrated Gradients' budget, progress listener and clock cover every noisy copy:
 * a deadline ends the explanation with {@link ai.lantern.core.BudgetExceededException}, as it ends
 * Integrated Gradients.
 */
public final class NoiseTunnel {
  /** How the noisy copies' attributions are combined. */
  public enum Type {
    /** Their mean. */
    SMOOTHGRAD,
    /** The mean of their squares. */
    SMOOTHGRAD_SQ,
    /** Their population variance. */
    VARGRAD;

    /**
     * Captum's name.
     *
     * @return smoothgrad, smoothgrad_sq or vargrad
     */
    public String captumName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses Captum's name.
     *
     * @param name smoothgrad, smoothgrad_sq or vargrad
     * @return the type
     * @throws IllegalArgumentException naming the types, for another name
     */
    public static Type parse(String name) {
      for (Type t : values()) {
        if (t.captumName().equals(name)) {
          return t;
        }
      }
      throw new IllegalArgumentException("unknown noise tunnel '" + name + "'; types: smoothgrad, smoothgrad_sq, "
          + "vargrad");
    }
  }

  /** Where the noise comes from: Gaussian by default; tests inject a reference's noise. */
  @FunctionalInterface
  public interface Noise {
    /**
     * Noise for one round.
     *
     * @param copies noisy copies in the round
     * @param size values per copy
     * @return {@code copies × size} values
     */
    float[] draw(int copies, int size);
  }

  private final ImageIntegratedGradients ig;
  private final Type type;
  private final int samples;
  private final double stdev;
  private final int samplesBatchSize;
  private final long seed;
  private final Noise noise;

  private NoiseTunnel(Builder b) {
    this.ig = b.ig;
    this.type = b.type;
    this.samples = b.samples;
    this.stdev = b.stdev;
    this.samplesBatchSize = b.samplesBatchSize;
    this.seed = b.seed;
    this.noise = b.noise;
  }

  /**
   * Starts the settings.
   *
   * @return a builder: smoothgrad, 10 samples, stdev 1.0 (Captum's and transformers-interpret's
   *     defaults), all samples in one batch, seed 0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Explains one image.
   *
   * @param pixelValues the image's pixel values
   * @param target the class, or {@code null} for the predicted one (of the image without noise)
   * @return the combined attributions; the convergence delta is NaN
   * @throws IllegalArgumentException if the values do not fit the model or the target is out of range
   * @throws ai.lantern.core.BudgetExceededException if the wrapped Integrated Gradients' forward-pass
   *     limit is too low or its deadline passed (the budget covers all the noisy copies)
   * @throws ai.lantern.core.CancelledException if the thread was interrupted
   */
  public ImageAttribution explain(float[] pixelValues, Integer target) {
    // The wrapped Integrated Gradients' budget, listener and clock cover all the noisy copies.
    Pace pace = ig.pace("NoiseTunnel", (long) samples * ig.steps(), 1);
    ImageShape shape = ig.model().inputShape();
    int size = shape.size();
    Prediction p = ig.predict(pixelValues);
    pace.sent(1);
    int t = ig.target(p, target);
    float[] base = ig.baseline(shape);
    Noise source = noise != null ? noise : gaussian(new Random(seed));
    int batch = samplesBatchSize <= 0 ? samples : Math.min(samples, samplesBatchSize);
    double[] sum = new double[size];
    double[] sumSq = new double[size];
    long passes = 1;
    for (int done = 0; done < samples; done += batch) {
      int copies = Math.min(batch, samples - done);
      float[] n = source.draw(copies, size);
      float[] noisy = new float[copies * size];
      for (int k = 0; k < copies; k++) {
        for (int j = 0; j < size; j++) {
          noisy[k * size + j] = pixelValues[j] + n[k * size + j];
        }
      }
      ImageIntegratedGradients.Batch b = ig.attribute(noisy, copies, t, base, false, pace);
      passes += b.passes();
      for (int k = 0; k < copies; k++) {
        for (int j = 0; j < size; j++) {
          double v = b.attributions()[k * size + j];
          sum[j] += v;
          sumSq[j] += v * v;
        }
      }
    }
    float[] out = new float[size];
    for (int j = 0; j < size; j++) {
      double e = sum[j] / samples;
      double e2 = sumSq[j] / samples;
      out[j] = (float) switch (type) {
        case SMOOTHGRAD -> e;
        case SMOOTHGRAD_SQ -> e2;
        case VARGRAD -> e2 - e * e;
      };
    }
    return new ImageAttribution("ig-" + type.captumName(), p, t, shape, out, Double.NaN, 0, passes, pace.elapsed());
  }

  private Noise gaussian(Random random) {
    return (copies, size) -> {
      float[] n = new float[copies * size];
      for (int i = 0; i < n.length; i++) {
        n[i] = (float) (random.nextGaussian() * stdev);
      }
      return n;
    };
  }

  /** Settings of {@link NoiseTunnel}. */
  public static final class Builder {
    private ImageIntegratedGradients ig;
    private Type type = Type.SMOOTHGRAD;
    private int samples = 10;
    private double stdev = 1.0;
    private int samplesBatchSize;
    private long seed;
    private Noise noise;

    private Builder() {}

    /**
     * The Integrated Gradients to run on each noisy copy (required); transformers-interpret uses 5 steps.
     *
     * @param ig the explainer
     * @return this builder
     */
    public Builder setIntegratedGradients(ImageIntegratedGradients ig) {
      this.ig = Objects.requireNonNull(ig, "ig");
      return this;
    }

    /**
     * How to combine the copies.
     *
     * @param type smoothgrad by default
     * @return this builder
     */
    public Builder optType(Type type) {
      this.type = Objects.requireNonNull(type, "type");
      return this;
    }

    /**
     * Noisy copies.
     *
     * @param samples at least 1; 10 by default
     * @return this builder
     */
    public Builder optSamples(int samples) {
      this.samples = samples;
      return this;
    }

    /**
     * The noise's standard deviation, in pixel-value units (after normalisation).
     *
     * @param stdev at least 0; 1.0 by default
     * @return this builder
     */
    public Builder optStdev(double stdev) {
      this.stdev = stdev;
      return this;
    }

    /**
     * Copies per Integrated Gradients call (Captum's {@code nt_samples_batch_size}).
     *
     * @param samplesBatchSize at least 1, or 0 (the default) for all at once
     * @return this builder
     */
    public Builder optSamplesBatchSize(int samplesBatchSize) {
      this.samplesBatchSize = samplesBatchSize;
      return this;
    }

    /**
     * The seed of the noise.
     *
     * @param seed any value; 0 by default
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Replaces the Gaussian noise (to reproduce a reference's draws).
     *
     * @param noise the source, or {@code null} for seeded Gaussian noise
     * @return this builder
     */
    public Builder optNoise(Noise noise) {
      this.noise = noise;
      return this;
    }

    /**
     * Checks the settings.
     *
     * @return the explainer
     * @throws IllegalArgumentException if Integrated Gradients is missing or a setting is out of range
     */
    public NoiseTunnel build() {
      if (ig == null) {
        throw new IllegalArgumentException("setIntegratedGradients(...) is required");
      }
      if (samples < 1 || samples > 10_000) {
        throw new IllegalArgumentException("samples must lie in 1..10000, got " + samples);
      }
      if (!(stdev >= 0) || Double.isInfinite(stdev)) {
        throw new IllegalArgumentException("stdev must be a finite number of at least 0, got " + stdev);
      }
      if (samplesBatchSize < 0) {
        throw new IllegalArgumentException("samplesBatchSize must be at least 1 (or 0 for all), got "
            + samplesBatchSize);
      }
      return new NoiseTunnel(this);
    }
  }
}
