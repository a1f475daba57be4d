package ai.lantern.explainers.lime;

import java.util.Arrays;

/**
 * Quick shift superpixels, equal label for label to scikit-image 0.19's
 * {@code skimage.segmentation.quickshift} on a uint8 RGB image (Python lime's default
 * segmentation). The image is scaled to [0, 1], optionally converted to CIE Lab and multiplied
 * by {@code ratio}; each pixel's density is a Gaussian-weighted count of its
 * {@code ceil(3 · kernelSize)} neighbourhood in colour-and-position space, started from a tiny
 * normal draw of {@code numpy.random.default_rng(seed)} that breaks ties as skimage does; each
 * pixel links to its nearest denser neighbour in that window, links longer than {@code maxDist}
 * are cut, and each tree is a superpixel.
 *
 * <p>Labels are 0..d−1, numbered by the raster position of each tree's root. skimage's
 * {@code sigma} pre-smoothing is not offered: Lantern always uses skimage's default, 0.
 * Immutable and thread-safe.
 */
public final class Quickshift implements Segmenter {
  private final double ratio;
  private final double kernelSize;
  private final double maxDist;
  private final boolean convert2lab;
  private final long seed;

  private Quickshift(Builder b) {
    ratio = b.ratio;
    kernelSize = b.kernelSize;
    maxDist = b.maxDist;
    convert2lab = b.convert2lab;
    seed = b.seed;
  }

  /** @return a builder with skimage's defaults: ratio 1, kernel size 5, max distance 10, Lab, seed 42 */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The segmentation Python lime's {@code LimeImageExplainer} uses when given none:
   * kernel size 4, max distance 200, ratio 0.2, Lab, seed 42. From skimage 0.21 on, lime's own seed
   * no longer reaches quickshift, so 42 is what lime gets; with skimage 0.19–0.20 lime passes its
   * {@code random_seed} instead: use {@code builder()} with these values and {@link Builder#optSeed}.
   *
   * @return lime's default quickshift
   */
  public static Quickshift lime() {
    return builder().optKernelSize(4).optMaxDist(200).optRatio(0.2).build();
  }

  /**
   * {@inheritDoc}
   *
   * @return labels 0..d−1, one per pixel, row-major
   */
  @Override
  public int[] segment(int[] rgb, int height, int width) {
    RgbImage.check(rgb, height, width);
    double[] image = RgbImage.toUnit(rgb);
    if (convert2lab) {
      RgbImage.toLab(image);
    }
    for (int i = 0; i < image.length; i++) {
      image[i] *= ratio;
    }
    int n = height * width;
    double[] density = new double[n];
    NumpyGenerator noise = new NumpyGenerator(seed);
    for (int i = 0; i < n; i++) {
      density[i] = noise.normal(1e-5);
    }
    // Capped at the image's size, which clips the window all the same, so that huge kernels cannot overflow.
    int reach = (int) Math.min(Math.ceil(3 * kernelSize), Math.max(height, width));
    double gauss = -0.5 / (kernelSize * kernelSize);
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        int p = r * width + c;
        double d = density[p];
        for (int r2 = Math.max(r - reach, 0); r2 < Math.min(r + reach + 1, height); r2++) {
          for (int c2 = Math.max(c - reach, 0); c2 < Math.min(c + reach + 1, width); c2++) {
            d += Math.exp(distance(image, p, r2 * width + c2, r - r2, c - c2) * gauss);
          }
        }
        density[p] = d;
      }
    }
    int[] parent = new int[n];
    for (int r = 0; r < height; r++) {
      for (int c = 0; c < width; c++) {
        int p = r * width + c;
        parent[p] = p;
        double closest = Double.MAX_VALUE;
        for (int r2 = Math.max(r - reach, 0); r2 < Math.min(r + reach + 1, height); r2++) {
          for (int c2 = Math.max(c - reach, 0); c2 < Math.min(c + reach + 1, width); c2++) {
            int q = r2 * width + c2;
            if (density[q] > density[p]) {
              double dist = distance(image, p, q, r - r2, c - c2);
              if (dist < closest) {
                closest = dist;
                parent[p] = q;
              }
            }
          }
        }
        // A pixel without a denser neighbour keeps itself as parent with distance sqrt(MAX_VALUE).
        if (Math.sqrt(closest) > maxDist) {
          parent[p] = p;
        }
      }
    }
    return labelsOfRoots(parent);
  }

  /** Squared distance summed in skimage's order (channels, then rows, then columns). */
  private static double distance(double[] image, int p, int q, int dr, int dc) {
    double dist = 0;
    for (int ch = 0; ch < 3; ch++) {
      double t = image[3 * p + ch] - image[3 * q + ch];
      dist += t * t;
    }
    dist += (double) dr * dr;
    dist += (double) dc * dc;
    return dist;
  }

  /**
   * Parents are strictly denser, so every chain ends at a root; labels rank the roots' indices.
   * Each pixel's root is found once and kept, so long chains cost linear time, not quadratic.
   */
  private static int[] labelsOfRoots(int[] parent) {
    int n = parent.length;
    int[] root = new int[n];
    Arrays.fill(root, -1);
    int[] chain = new int[n];
    for (int p = 0; p < n; p++) {
      int length = 0;
      int q = p;
      while (root[q] < 0 && parent[q] != q) {
        chain[length++] = q;
        q = parent[q];
      }
      int r = root[q] >= 0 ? root[q] : q;
      root[q] = r;
      for (int i = 0; i < length; i++) {
        root[chain[i]] = r;
      }
    }
    int[] rank = new int[n];
    Arrays.fill(rank, -1);
    for (int p = 0; p < n; p++) {
      rank[root[p]] = 0;
    }
    int next = 0;
    for (int p = 0; p < n; p++) {
      if (rank[p] == 0) {
        rank[p] = next++;
      }
    }
    int[] labels = new int[n];
    for (int p = 0; p < n; p++) {
      labels[p] = rank[root[p]];
    }
    return labels;
  }

  @Override
  public String toString() {
    return "Quickshift[ratio=" + ratio + ", kernelSize=" + kernelSize + ", maxDist=" + maxDist
        + ", convert2lab=" + convert2lab + ", seed=" + seed + "]";
  }

  /** Builds a {@link Quickshift}; every value is checked in {@link #build()}. */
  public static final class Builder {
    private double ratio = 1.0;
    private double kernelSize = 5;
    private double maxDist = 10;
    private boolean convert2lab = true;
    private long seed = 42;

    private Builder() {}

    /**
     * @param ratio weight of colour against position, finite and at least 0 (default 1)
     * @return this builder
     */
    public Builder optRatio(double ratio) {
      this.ratio = ratio;
      return this;
    }

    /**
     * @param kernelSize the density kernel's width in pixels, finite and at least 1 (default 5)
     * @return this builder
     */
    public Builder optKernelSize(double kernelSize) {
      this.kernelSize = kernelSize;
      return this;
    }

    /**
     * @param maxDist links longer than this are cut, at least 0 (default 10; may be infinite)
     * @return this builder
     */
    public Builder optMaxDist(double maxDist) {
      this.maxDist = maxDist;
      return this;
    }

    /**
     * @param convert2lab whether to segment in CIE Lab rather than RGB (default true)
     * @return this builder
     */
    public Builder optConvert2Lab(boolean convert2lab) {
      this.convert2lab = convert2lab;
      return this;
    }

    /**
     * @param seed the tie-break seed, as skimage's {@code random_seed}, at least 0 (default 42)
     * @return this builder
     */
    public Builder optSeed(long seed) {
      this.seed = seed;
      return this;
    }

    /**
     * @return the segmenter
     * @throws IllegalArgumentException if a value is out of range (see the setters)
     */
    public Quickshift build() {
      if (!(ratio >= 0) || Double.isInfinite(ratio)) {
        throw new IllegalArgumentException("ratio must be finite and at least 0, got " + ratio);
      }
      if (!(kernelSize >= 1) || Double.isInfinite(kernelSize)) {
        throw new IllegalArgumentException("kernelSize must be finite and at least 1, got " + kernelSize);
      }
      if (!(maxDist >= 0)) {
        throw new IllegalArgumentException("maxDist must be at least 0, got " + maxDist);
      }
      if (seed < 0) {
        throw new IllegalArgumentException("seed must be at least 0, got " + seed);
      }
      return new Quickshift(this);
    }
  }
}
