package ai.lantern.explainers.lime;

/**
 * The draws of numpy's legacy {@code numpy.random.RandomState(seed)} that Python lime makes:
 * a 32-bit Mersenne Twister (MT19937) seeded with {@code init_genrand}, bounded integers by
 * masked rejection, and the legacy Fisher–Yates permutation. With the same integer seed it
 * returns exactly numpy's numbers, so a Java explanation can be checked number for number
 * against Python lime.
 *
 * <p>Not thread-safe; create one per explanation.
 */
public final class NumpyRandomState {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;

  private final int[] mt = new int[N];
  private int index;

  /**
   * @param seed as numpy accepts it: 0 to 2³² − 1
   * @throws IllegalArgumentException for a seed outside that range
   */
  public NumpyRandomState(long seed) {
    if (seed < 0 || seed > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("numpy seeds must lie in 0..4294967295, got " + seed);
    }
    mt[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
    }
    index = N;
  }

  /**
   * The next raw 32-bit output, as an unsigned value.
   *
   * @return a value in 0..2³² − 1, numpy's output at the same position for the same seed
   */
  public long nextUint32() {
    if (index >= N) {
      twist();
    }
    int y = mt[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y & 0xFFFFFFFFL;
  }

  private void twist() {
    for (int k = 0; k < N; k++) {
      int y = (mt[k] & UPPER_MASK) | (mt[(k + 1) % N] & LOWER_MASK);
      mt[k] = mt[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
    }
    index = 0;
  }

  /**
   * A value in 0..max by masked rejection on 32-bit outputs ({@code max} ≤ 2³² − 1).
   *
   * @param max the largest value, inclusive, 0 to 2³² − 1
   * @return a uniform value in 0..max; no output is consumed when {@code max} is 0
   */
  long bounded(long max) {
    if (max == 0) {
      return 0;
    }
    if (max == 0xFFFFFFFFL) {
      return nextUint32();
    }
    long mask = max;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    long v;
    do {
      v = nextUint32() & mask;
    } while (v > max);
    return v;
  }

  /**
   * {@code randint(low, high, size)}: {@code size} integers uniform on [low, high).
   *
   * @param low the smallest value, inclusive
   * @param high the bound, exclusive; at most 2³² above {@code low}
   * @param size how many integers to draw, at least 0
   * @return {@code size} draws, in order
   * @throws IllegalArgumentException if {@code high <= low} or the range exceeds 2³²
   */
  public long[] randint(long low, long high, int size) {
    if (high <= low || high - low > (1L << 32)) {
      throw new IllegalArgumentException("randint needs low < high and high - low <= 2^32, got [" + low + ", "
          + high + ")");
    }
    long range = high - low - 1;
    long[] out = new long[size];
    for (int i = 0; i < size; i++) {
      out[i] = low + bounded(range);
    }
    return out;
  }

  /**
   * {@code permutation(n)}: 0..n-1 shuffled by numpy's legacy in-place shuffle.
   *
   * @param n the number of entries, at least 0
   * @return a new array holding each of 0..n-1 once
   */
  public int[] permutation(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    for (int i = n - 1; i >= 1; i--) {
      int j = (int) bounded(i);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /**
   * {@code choice(range(n), k, replace=False)}: the first {@code k} entries of a permutation.
   *
   * @param n the size of the range chosen from
   * @param k how many distinct values to choose, 0 to {@code n}
   * @return {@code k} distinct values of 0..n-1, in the order drawn
   * @throws IllegalArgumentException if {@code k} is outside 0..n
   */
  public int[] choiceWithoutReplacement(int n, int k) {
    if (k < 0 || k > n) {
      throw new IllegalArgumentException("cannot choose " + k + " of " + n + " without replacement");
    }
    return java.util.Arrays.copyOf(permutation(n), k);
  }
}
