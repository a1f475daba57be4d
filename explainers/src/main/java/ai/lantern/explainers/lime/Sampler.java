package ai.lantern.explainers.lime;

import java.util.SplittableRandom;

/**
 * Draws which features each perturbed sample hides: a count k uniform on 1..d, then k distinct
 * features uniformly. Rows are drawn one at a time, so memory does not depend on the number of
 * samples.
 */
abstract class Sampler {

  /**
   * Fills {@code hidden} with the next row's hidden features; returns how many.
   *
   * @param hidden receives the hidden feature indices in its first entries; at least {@code features} long
   * @return how many features the row hides, 1 to {@code features}
   */
  abstract int next(int[] hidden);

  /**
   * The sampler of one explanation.
   *
   * @param numpyCompatible true for Python lime's exact draws, false for the fast ones
   * @param seed the seed; 0..2³² − 1 when numpy-compatible
   * @param features the number of features, at least 1
   * @param samples the samples of the explanation, the original included; numpy-compatible draws all the
   *     counts up front
   * @return a sampler for {@code samples − 1} rows (the fast one draws any number)
   * @throws IllegalArgumentException if numpy-compatible and the seed is out of range
   */
  static Sampler create(boolean numpyCompatible, long seed, int features, int samples) {
    return numpyCompatible ? new Numpy(seed, features, samples) : new Fast(seed, features);
  }

  /** Java's SplittableRandom with a partial Fisher–Yates shuffle: fast, reproducible per seed. */
  static final class Fast extends Sampler {
    private final SplittableRandom random;
    private final int[] perm;

    /**
     * A sampler over {@code features} features.
     *
     * @param seed the seed of {@link SplittableRandom}
     * @param features the number of features, at least 1
     */
    Fast(long seed, int features) {
      random = new SplittableRandom(seed);
      perm = new int[features];
    }

    @Override
    int next(int[] hidden) {
      int d = perm.length;
      int k = 1 + random.nextInt(d);
      for (int i = 0; i < d; i++) {
        perm[i] = i;
      }
      for (int i = 0; i < k; i++) {
        int j = i + random.nextInt(d - i);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
        hidden[i] = perm[i];
      }
      return k;
    }
  }

  /**
   * Python lime's draws: all counts first ({@code randint(1, d + 1, N - 1)}), then one
   * {@code choice(range(d), k, replace=False)} per row, from one {@link NumpyRandomState}.
   */
  static final class Numpy extends Sampler {
    private final NumpyRandomState random;
    private final long[] sizes;
    private final int features;
    private int row;

    /**
     * A sampler that draws the counts of all {@code samples − 1} rows now, as lime does.
     *
     * @param seed numpy's seed, 0..2³² − 1
     * @param features the number of features, at least 1
     * @param samples the samples of the explanation, the original included, at least 2
     * @throws IllegalArgumentException if the seed is out of range
     */
    Numpy(long seed, int features, int samples) {
      this.random = new NumpyRandomState(seed);
      this.features = features;
      this.sizes = random.randint(1, features + 1L, samples - 1);
    }

    @Override
    int next(int[] hidden) {
      int k = (int) sizes[row++];
      int[] chosen = random.choiceWithoutReplacement(features, k);
      System.arraycopy(chosen, 0, hidden, 0, k);
      return k;
    }
  }
}
