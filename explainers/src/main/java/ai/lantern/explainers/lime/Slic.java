package ai.lantern.explainers.lime;

/**
 * SLIC superpixels, equal label for label to scikit-image 0.19's
 * {@code skimage.segmentation.slic} on a uint8 RGB image (no mask, {@code slic_zero} off).
 * The image is scaled to [0, 1], stretched to its own minimum and maximum and converted to
 * CIE Lab; seeds start on skimage's regular grid; each of {@code maxIterations} rounds assigns
 * every pixel within two grid steps of a centre to the nearest centre in colour-and-position
 * space and moves the centres to their pixels' means; finally, if asked, disconnected pieces are
 * relabelled and the small ones merged into a neighbour.
 *
 * <p>Labels start at {@code startLabel} (default 1, as skimage; Python lime assumes 0..d−1, so
 * pass 0 for LIME). skimage's {@code sigma} pre-smoothing and {@code spacing} are not offered.
 * Immutable and thread-safe.
 */
public final class Slic implements Segmenter {
  private final int nSegments;
  private final double compactness;
  private final int maxIterations;
  private final boolean enforceConnectivity;
  private final double minSizeFactor;
  private final double maxSizeFactor;
  private final int startLabel;
  private final boolean convert2lab;

  private Slic(Builder b) {
    nSegments = b.nSegments;
    compactness = b.compactness;
    maxIterations = b.maxIterations;
    enforceConnectivity = b.enforceConnectivity;
    minSizeFactor = b.minSizeFactor;
    maxSizeFactor = b.maxSizeFactor;
    startLabel = b.startLabel;
    convert2lab = b.convert2lab;
  }

  /**
   * @return a builder with skimage's defaults: 100 segments, compactness 10, 10 iterations,
   *     connectivity enforced with size factors 0.5 and 3, labels from 1, Lab
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@inheritDoc}
   *
   * @return labels from {@code startLabel} on, one per pixel, row-major; consecutive when
   *     connectivity is enforced, otherwise the seed index plus {@code startLabel} (seeds that
   *     lose all their pixels leave gaps)
   * @throws IllegalArgumentException also if {@code maxSizeFactor} is too small for this image to
   *     allow a segment of one pixel
   */
  @Override
  public int[] segment(int[] rgb, int height, int width) {
    RgbImage.check(rgb, height, width);
    double[] image = stretched(RgbImage.toUnit(rgb));
    if (convert2lab) {
      RgbImage.toLab(image);
    }
    SlicGrid grid = SlicGrid.of(height, width, nSegments);
    int k = grid.count();
    double ratio = 1.0 / compactness;
    for (int i = 0; i < image.length; i++) {
      image[i] *= ratio;
    }
    // skimage's kernel recomputes its window from the grid for the number of seeds it got.
    SlicGrid window = SlicGrid.of(height, width, k);
    int[] nearest = SlicClustering.assign(image, height, width, grid, window, maxIterations);
    if (!enforceConnectivity) {
      for (int i = 0; i < nearest.length; i++) {
        nearest[i] += startLabel;
      }
      return nearest;
    }
    double segmentSize = (double) height * width / k;
    long minSize = (long) (minSizeFactor * segmentSize);
    long maxSize = (long) (maxSizeFactor * segmentSize);
    if (maxSize < 1) {
      throw new IllegalArgumentException("maxSizeFactor " + maxSizeFactor + " allows segments of "
          + maxSizeFactor * segmentSize + " pixels on this image; it must allow at least 1");
    }
    return SlicClustering.connect(nearest, height, width, minSize, (int) Math.min(maxSize, nearest.length),
        startLabel);
  }

  /** Stretches to the image's own range over all channels, as skimage does before Lab. */
  private static double[] stretched(double[] image) {
    double min = Double.POSITIVE_INFINITY;
    for (double v : image) {
      min = Math.min(min, v);
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < image.length; i++) {
      image[i] -= min;
      max = Math.max(max, image[i]);
    }
    if (max != 0) {
      for (int i = 0; i < image.length; i++) {
        image[i] /= max;
      }
    }
    return image;
  }

  @Override
  public String toString() {
    return "Slic[nSegments=" + nSegments + ", compactness=" + compactness + ", maxIterations=" + maxIterations
        + ", enforceConnectivity=" + enforceConnectivity + ", minSizeFactor=" + minSizeFactor
        + ", maxSizeFactor=" + maxSizeFactor + ", startLabel=" + startLabel + ", convert2lab=" + convert2lab + "]";
  }

  /** Builds a {@link Slic}; every value is checked in {@link #build()}. */
  public static final class Builder {
    private int nSegments = 100;
    private double compactness = 10;
    private int maxIterations = 10;
    private boolean enforceConnectivity = true;
    private double minSizeFactor = 0.5;
    private double maxSizeFactor = 3;
    private int startLabel = 1;
    private boolean convert2lab = true;

    private Builder() {}

    /**
     * @param nSegments the approximate number of seeds, at least 1 (default 100)
     * @return this builder
     */
    public Builder optNSegments(int nSegments) {
      this.nSegments = nSegments;
      return this;
    }

    /**
     * @param compactness weight of position against colour, finite and above 0 (default 10)
     * @return this builder
     */
    public Builder optCompactness(double compactness) {
      this.compactness = compactness;
      return this;
    }

    /**
     * @param maxIterations the number of k-means rounds, at least 1 (default 10; skimage always runs them all)
     * @return this builder
     */
    public Builder optMaxIterations(int maxIterations) {
      this.maxIterations = maxIterations;
      return this;
    }

    /**
     * @param enforceConnectivity whether to split disconnected segments and merge small ones (default true)
     * @return this builder
     */
    public Builder optEnforceConnectivity(boolean enforceConnectivity) {
      this.enforceConnectivity = enforceConnectivity;
      return this;
    }

    /**
     * @param minSizeFactor smaller pieces, relative to the mean seed area, are merged; finite, at least 0 (default 0.5)
     * @return this builder
     */
    public Builder optMinSizeFactor(double minSizeFactor) {
      this.minSizeFactor = minSizeFactor;
      return this;
    }

    /**
     * @param maxSizeFactor no piece grows beyond this times the mean seed area; finite, above 0 (default 3)
     * @return this builder
     */
    public Builder optMaxSizeFactor(double maxSizeFactor) {
      this.maxSizeFactor = maxSizeFactor;
      return this;
    }

    /**
     * @param startLabel the first label, 0 or 1 (default 1, as skimage)
     * @return this builder
     */
    public Builder optStartLabel(int startLabel) {
      this.startLabel = startLabel;
      return this;
    }

    /**
     * @param convert2lab whether to cluster in CIE Lab rather than stretched RGB (default true)
     * @return this builder
     */
    public Builder optConvert2Lab(boolean convert2lab) {
      this.convert2lab = convert2lab;
      return this;
    }

    /**
     * @return the segmenter
     * @throws IllegalArgumentException if a value is out of range (see the setters)
     */
    public Slic build() {
      if (nSegments < 1) {
        throw new IllegalArgumentException("nSegments must be at least 1, got " + nSegments);
      }
      if (!(compactness > 0) || Double.isInfinite(compactness)) {
        throw new IllegalArgumentException("compactness must be finite and above 0, got " + compactness);
      }
      if (maxIterations < 1) {
        throw new IllegalArgumentException("maxIterations must be at least 1, got " + maxIterations);
      }
      if (!(minSizeFactor >= 0) || Double.isInfinite(minSizeFactor)) {
        throw new IllegalArgumentException("minSizeFactor must be finite and at least 0, got " + minSizeFactor);
      }
      if (!(maxSizeFactor > 0) || Double.isInfinite(maxSizeFactor)) {
        throw new IllegalArgumentException("maxSizeFactor must be finite and above 0, got " + maxSizeFactor);
      }
      if (startLabel != 0 && startLabel != 1) {
        throw new IllegalArgumentException("startLabel must be 0 or 1, got " + startLabel);
      }
      return new Slic(this);
    }
  }
}
