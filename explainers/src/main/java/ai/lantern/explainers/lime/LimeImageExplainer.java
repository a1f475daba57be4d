package ai.lantern.explainers.lime;

import ai.lantern.core.Prediction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * LIME for images (Python lime's {@code LimeImageExplainer}): superpixels hidden at random (filled
 * with their own mean colour, or a given colour), the model run on each perturbed image, and per
 * explained class a weighted ridge regression of its probability on which superpixels were kept.
 * Samples are weighted by lime's kernel on the cosine distance to the original (width 0.25); the
 * surrogate and its statistics are text LIME's. With {@code optNumpyCompatible(true)} and lime's
 * {@code random_state} seed, the draws are numpy's, so with the same segmentation the weights equal
 * Python lime's. The statistics are accumulated as batches come back: memory does not grow with
 * the samples.
 *
 * <p>Budgets: a forward-pass limit lowers the samples; a deadline (or the stop signal) ends the
 * sampling after the batch that passes it, and the surrogate is fitted on the samples drawn so far, marked
 * {@link ImageLimeExplanation#partial()}. An interrupted thread stops at the next batch with
 * {@link ai.lantern.core.CancelledException}. Progress is reported after each batch.
 */
public final class LimeImageExplainer {
  /** The model as LIME sees it: images in, probabilities out. */
  @FunctionalInterface
  public interface ImageBatchClassifier {
    /**
     * Classifies a batch.
     *
     * @param images each {@code height × width × 3} values 0..255, channels last
     * @return one row of class probabilities per image
     */
    double[][] probabilities(List<int[]> images);
  }

  private final int numSamples;
  private final int batchSize;
  private final double kernelWidth;
  private final int topLabels;
  private final int[] labels;
  private final Integer hideColor;
  private final boolean numpyCompatible;
  private final long seed;

  private final ai.lantern.core.Budget budget;
  private final ai.lantern.core.Ticker ticker;
  private final ai.lantern.core.ProgressListener listener;
  private final java.util.function.BooleanSupplier stopSignal;

  private LimeImageExplainer(Builder b) {
    this.stopSignal = b.stopSignal();
    this.budget = b.budget();
    this.ticker = b.ticker();
    this.listener = b.progressListener();
    this.numSamples = b.numSamples;
    this.batchSize = b.batchSize;
    this.kernelWidth = b.kernelWidth;
    this.topLabels = b.topLabels;
    this.labels = b.labels;
    this.hideColor = b.hideColor;
    this.numpyCompatible = b.numpyCompatible;
    this.seed = b.seed;
  }

  /**
   * Starts the settings.
   *
   * @return a builder with lime's defaults: 1,000 samples, batches of 10, kernel width 0.25, the 5
   *     most probable classes, superpixels hidden by their mean colour, seed 0
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Superpixels as a grid of square blocks, numbered row by row from 0.
   *
   * @param height the image's height
   * @param width the image's width
   * @param block the block's side in pixels, at least 1
   * @return the segment of each pixel
   */
  public static int[] gridSegments(int height, int width, int block) {
    if (block < 1) {
      throw new IllegalArgumentException("block must be at least 1 pixel, got " + block);
    }
    int cols = (width + block - 1) / block;
    int[] s = new int[height * width];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        s[y * width + x] = (y / block) * cols + x / block;
      }
    }
    return s;
  }

  /**
   * Explains an image on the superpixels of {@code segmenter} (lime's default is
   * {@link Quickshift#lime()}). Its labels are renumbered 0..d−1 in increasing order first, so
   * every superpixel can be hidden: lime compares sample columns with the labels themselves, so with
   * labels that start at 1 (SLIC's default) it never hides the last superpixel.
   *
   * @param image {@code height × width × 3} values 0..255, channels last
   * @param height the image's height
   * @param width the image's width
   * @param segmenter makes the superpixels of the image
   * @param labelNames the model's class names, by index
   * @param classifier the model
   * @return the weights per superpixel of each explained class
   * @throws IllegalArgumentException if the sizes do not match, the segmenter refuses the image or
   *     returns a wrong number of labels, or an explained class does not exist
   */
  public ImageLimeExplanation explain(int[] image, int height, int width, Segmenter segmenter,
      List<String> labelNames, ImageBatchClassifier classifier) {
    // The segmentation is part of the explanation's time and of its deadline.
    long start = ticker.read();
    int[] segments = segmenter.segment(image, height, width);
    if (segments == null || segments.length != height * width) {
      throw new IllegalArgumentException("the segmenter returned " + (segments == null ? "null" : segments.length
          + " labels") + " for " + height + "×" + width + " pixels");
    }
    return explain(image, height, width, consecutive(segments), labelNames, classifier, start);
  }

  /** The labels renumbered 0..d−1, keeping their order. */
  static int[] consecutive(int[] segments) {
    int[] distinct = Arrays.stream(segments).distinct().sorted().toArray();
    int[] out = new int[segments.length];
    for (int i = 0; i < segments.length; i++) {
      out[i] = Arrays.binarySearch(distinct, segments[i]);
    }
    return out;
  }

  /**
   * Explains an image.
   *
   * @param image {@code height × width × 3} values 0..255, channels last
   * @param height the image's height
   * @param width the image's width
   * @param segments the superpixel of each pixel, labels exactly 0..d−1 (as lime assumes)
   * @param labelNames the model's class names, by index
   * @param classifier the model
   * @return the weights per superpixel of each explained class
   * @throws IllegalArgumentException if the sizes do not match, the segment labels are not 0..d−1,
   *     or an explained class does not exist
   */
  public ImageLimeExplanation explain(int[] image, int height, int width, int[] segments, List<String> labelNames,
      ImageBatchClassifier classifier) {
    return explain(image, height, width, segments, labelNames, classifier, ticker.read());
  }

  private ImageLimeExplanation explain(int[] image, int height, int width, int[] segments, List<String> labelNames,
      ImageBatchClassifier classifier, long start) {
    if (image.length != height * width * 3 || segments.length != height * width) {
      throw new IllegalArgumentException("an image of " + height + "×" + width + " needs " + height * width * 3
          + " values and " + height * width + " segment labels, got " + image.length + " and " + segments.length);
    }
    int d = Arrays.stream(segments).max().orElse(-1) + 1;
    boolean[] present = new boolean[Math.max(d, 0)];
    for (int s : segments) {
      if (s < 0) {
        throw new IllegalArgumentException("segment labels must be 0..d-1 (as lime assumes), got " + s);
      }
      present[s] = true;
    }
    for (int s = 0; s < d; s++) {
      if (!present[s]) {
        throw new IllegalArgumentException("segment labels must be 0..d-1 with none missing (as lime assumes); "
            + s + " is missing");
      }
    }
    int[] fudged = fudged(image, segments, d);
    Rows rows = new Rows(d);
    SampleStatistics stats = new SampleStatistics(d, labelNames.size());
    double[] first = null;
    int[] on = new int[d];
    List<int[]> batch = new ArrayList<>();
    List<boolean[]> batchRows = new ArrayList<>();
    // A forward-pass limit lowers the samples; a deadline ends the sampling after the batch that passes it.
    int planned = budget.maxForwardPasses() > 0 ? (int) Math.min(numSamples, budget.maxForwardPasses()) : numSamples;
    if (planned < 2) {
      throw new ai.lantern.core.BudgetExceededException("LIME needs at least 2 images through the model, the budget "
          + "allows " + planned, 0, numSamples, 0, java.time.Duration.ZERO);
    }
    int used = planned;
    for (int r = 0; r < planned; r++) {
      boolean[] drawn = rows.next();
      batch.add(perturbed(image, fudged, segments, drawn));
      batchRows.add(drawn);
      if (batch.size() == batchSize || r == planned - 1) {
        if (Thread.currentThread().isInterrupted()) {
          throw new ai.lantern.core.CancelledException("LIME cancelled after " + (r + 1 - batch.size()) + " of "
              + planned + " samples");
        }
        double[][] p = classifier.probabilities(batch);
        if (p.length != batch.size()) {
          throw new IllegalStateException("the classifier returned " + p.length + " rows for " + batch.size()
              + " images");
        }
        for (int i = 0; i < p.length; i++) {
          if (p[i].length != labelNames.size()) {
            throw new IllegalStateException("the classifier returned " + p[i].length + " probabilities for "
                + labelNames.size() + " labels");
          }
          if (first == null) {
            first = p[i].clone();
          }
          boolean[] row = batchRows.get(i);
          int k = 0;
          for (int z = 0; z < d; z++) {
            if (row[z]) {
              on[k++] = z;
            }
          }
          double distance = k == 0 ? 1 : 1 - Math.sqrt((double) k / d);
          double w = Math.sqrt(Math.exp(-(distance * distance) / (kernelWidth * kernelWidth)));
          stats.addBinary(on, k, p[i], w);
        }
        batch.clear();
        batchRows.clear();
        Duration elapsed = Duration.ofNanos(ticker.read() - start);
        listener.onProgress(new ai.lantern.core.Progress(r + 1, planned, elapsed));
        // Read again: the listener's own time counts too.
        elapsed = Duration.ofNanos(ticker.read() - start);
        boolean late = budget.deadline() != null && elapsed.compareTo(budget.deadline()) > 0;
        if ((late || stopSignal.getAsBoolean()) && r < planned - 1) {
          if (r + 1 < 2) {
            throw new ai.lantern.core.BudgetExceededException("LIME " + (late ? "passed its deadline of "
                + budget.deadline().toMillis() + " ms" : "was stopped") + " with " + (r + 1) + " sample: too few to "
                + "fit a surrogate", r + 1, planned, r + 1, elapsed);
          }
          used = r + 1;
          break;
        }
      }
    }
    Prediction prediction = Prediction.of(labelNames, first);
    int[] explained = labels != null ? labels : top(first, topLabels);
    List<ImageLimeExplanation.LabelWeights> out = new ArrayList<>();
    int[] all = new int[d];
    for (int z = 0; z < d; z++) {
      all[z] = z;
    }
    for (int label : explained) {
      if (label < 0 || label >= labelNames.size()) {
        throw new IllegalArgumentException("label " + label + " out of range 0.." + (labelNames.size() - 1));
      }
      WeightedProblem problem = stats.centred(label);
      WeightedProblem.Fit fit = problem.ridge(all, 1.0);
      double[] weights = new double[d];
      double local = fit.intercept();
      for (int i = 0; i < fit.features().length; i++) {
        weights[fit.features()[i]] = fit.coefficients()[i];
        local += fit.coefficients()[i];
      }
      Integer[] order = new Integer[d];
      for (int z = 0; z < d; z++) {
        order[z] = z;
      }
      Arrays.sort(order, (a, b) -> Double.compare(Math.abs(weights[b]), Math.abs(weights[a])));
      out.add(new ImageLimeExplanation.LabelWeights(label, labelNames.get(label), weights,
          Arrays.stream(order).mapToInt(Integer::intValue).toArray(), fit.intercept(), fit.score(), local));
    }
    return new ImageLimeExplanation(prediction, width, height, image.clone(), segments.clone(), List.copyOf(out),
        used, seed, Duration.ofNanos(ticker.read() - start), used < numSamples);
  }

  /** Every row of an explanation, drawn as {@link #explain} draws them (for tests). */
  boolean[][] draw(int d) {
    Rows rows = new Rows(d);
    boolean[][] all = new boolean[numSamples][];
    for (int r = 0; r < numSamples; r++) {
      all[r] = rows.next();
    }
    return all;
  }

  /**
   * The draws, one row at a time so that memory does not grow with the samples: row 0 keeps
   * everything (its draws are still consumed, as lime's); numpy's draws when asked, in lime's order
   * (its {@code random_seed} first, then {@code randint(0, 2)} row by row, which is the stream
   * lime's single {@code randint(0, 2, N·d)} reads).
   */
  private final class Rows {
    private final int d;
    private final NumpyRandomState numpy;
    private final SplittableRandom fast;
    private boolean first = true;

    Rows(int d) {
      this.d = d;
      if (numpyCompatible) {
        numpy = new NumpyRandomState(seed);
        numpy.randint(0, 1000, 1); // lime's random_seed, drawn even with a segmentation given
        fast = null;
      } else {
        numpy = null;
        fast = new SplittableRandom(seed);
      }
    }

    boolean[] next() {
      boolean[] row = new boolean[d];
      if (numpy != null) {
        long[] bits = numpy.randint(0, 2, d);
        for (int z = 0; z < d; z++) {
          row[z] = bits[z] == 1;
        }
      } else {
        for (int z = 0; z < d; z++) {
          row[z] = fast.nextBoolean();
        }
      }
      if (first) {
        Arrays.fill(row, true);
        first = false;
      }
      return row;
    }
  }


  private int[] fudged(int[] image, int[] segments, int d) {
    int[] out = new int[image.length];
    if (hideColor != null) {
      for (int p = 0; p < segments.length; p++) {
        out[p * 3] = (hideColor >> 16) & 0xFF;
        out[p * 3 + 1] = (hideColor >> 8) & 0xFF;
        out[p * 3 + 2] = hideColor & 0xFF;
      }
      return out;
    }
    double[][] sum = new double[d][3];
    long[] count = new long[d];
    for (int p = 0; p < segments.length; p++) {
      count[segments[p]]++;
      for (int c = 0; c < 3; c++) {
        sum[segments[p]][c] += image[p * 3 + c];
      }
    }
    for (int p = 0; p < segments.length; p++) {
      for (int c = 0; c < 3; c++) {
        out[p * 3 + c] = (int) (sum[segments[p]][c] / count[segments[p]]); // uint8 truncates, as numpy
      }
    }
    return out;
  }

  private static int[] perturbed(int[] image, int[] fudged, int[] segments, boolean[] keep) {
    int[] out = image.clone();
    for (int p = 0; p < segments.length; p++) {
      if (!keep[segments[p]]) {
        out[p * 3] = fudged[p * 3];
        out[p * 3 + 1] = fudged[p * 3 + 1];
        out[p * 3 + 2] = fudged[p * 3 + 2];
      }
    }
    return out;
  }

  private static int[] top(double[] p, int k) {
    Integer[] idx = new Integer[p.length];
    for (int i = 0; i < p.length; i++) {
      idx[i] = i;
    }
    // numpy's argsort(p)[-k:] reversed: by probability descending; ties: the later index first.
    Arrays.sort(idx, (a, b) -> p[a] != p[b] ? Double.compare(p[b], p[a]) : Integer.compare(b, a));
    return Arrays.stream(idx).limit(Math.min(k, p.length)).mapToInt(Integer::intValue).toArray();
  }

  /** Settings of {@link LimeImageExplainer}, with the budget, progress listener and clock of every explainer. */
  public static final class Builder extends ai.lantern.explainers.BudgetedBuilder<Builder> {
    private int numSamples = 1000;
    private int batchSize = 10;
    private double kernelWidth = 0.25;
    private int topLabels = 5;
    private int[] labels;
    private Integer hideColor;
    private boolean numpyCompatible;
    private long seed;

    private Builder() {}

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Perturbed images, the original included.
     *
     * @param numSamples at least 2; 1,000 by default
     * @return this builder
     */
    public Builder optNumSamples(int numSamples) {
      this.numSamples = numSamples;
      return this;
    }

    /**
     * Images per call of the model.
     *
     * @param batchSize at least 1; 10 by default, as lime
     * @return this builder
     */
    public Builder optBatchSize(int batchSize) {
      this.batchSize = batchSize;
      return this;
    }

    /**
     * The kernel width on the cosine distance.
     *
     * @param kernelWidth positive; 0.25 by default
     * @return this builder
     */
    public Builder optKernelWidth(double kernelWidth) {
      this.kernelWidth = kernelWidth;
      return this;
    }

    /**
     * Explains the {@code k} most probable classes (lime's {@code top_labels}).
     *
     * @param k at least 1; 5 by default
     * @return this builder
     */
    public Builder optTopLabels(int k) {
      this.topLabels = k;
      this.labels = null;
      return this;
    }

    /**
     * Explains these classes instead of the most probable ones.
     *
     * @param labels class indices, at least one
     * @return this builder
     */
    public Builder optLabels(int... labels) {
      this.labels = labels.clone();
      return this;
    }

    /**
     * The colour of hidden superpixels.
     *
     * @param rgb 0xRRGGBB, or {@code null} (the default) for each superpixel's mean colour
     * @return this builder
     */
    public Builder optHideColor(Integer rgb) {
      this.hideColor = rgb;
      return this;
    }

    /**
     * Draws with numpy's generator, so that the samples are Python lime's for the same seed.
     *
     * @param numpyCompatible true for numpy's draws; seeds must then lie in 0..2³² − 1
     * @return this builder
     */
    public Builder optNumpyCompatible(boolean numpyCompatible) {
      this.numpyCompatible = numpyCompatible;
      return this;
    }

    /**
     * The seed of the draws (lime's {@code random_state}).
     *
     * @param seed any value (0..2³² − 1 when numpy-compatible); 0 by default
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * Checks the settings.
     *
     * @return the explainer
     * @throws IllegalArgumentException if a setting is out of range
     */
    public LimeImageExplainer build() {
      if (numSamples < 2 || batchSize < 1 || topLabels < 1 || !(kernelWidth > 0)) {
        throw new IllegalArgumentException("LIME for images needs at least 2 samples, batches of at least 1, at "
            + "least 1 label and a positive kernel width; got " + numSamples + ", " + batchSize + ", " + topLabels
            + ", " + kernelWidth);
      }
      if (labels != null && labels.length == 0) {
        throw new IllegalArgumentException("optLabels needs at least one class");
      }
      if (numpyCompatible && (seed < 0 || seed > 0xFFFFFFFFL)) {
        throw new IllegalArgumentException("numpy-compatible sampling needs a seed in 0..4294967295, got " + seed);
      }
      return new LimeImageExplainer(this);
    }
  }
}
