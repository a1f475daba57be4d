package ai.lantern.explainers.lime;

/**
 * The normal draws of numpy's {@code numpy.random.default_rng(seed)}: the seed goes through
 * numpy's {@code SeedSequence} (four 32-bit pool words, hashed and mixed) into a 128-bit PCG64
 * (XSL-RR output), and normals come from numpy's 256-layer ziggurat. With the same seed it
 * returns numpy's numbers, which matters because skimage's quickshift breaks density ties with
 * them: another generator would pick other parents in flat regions.
 *
 * <p>Not thread-safe; create one per use.
 */
final class NumpyGenerator {
  private static final int POOL_SIZE = 4;
  private static final int INIT_A = 0x43b0d7e5;
  private static final int MULT_A = 0x931e8875;
  private static final int INIT_B = 0x8b51f9dd;
  private static final int MULT_B = 0x58f38ded;
  private static final int MIX_MULT_L = 0xca01f9dd;
  private static final int MIX_MULT_R = 0x4973f715;
  private static final long MULT_HI = 0x2360ED051FC65DA4L;
  private static final long MULT_LO = 0x4385DF649FCCF645L;
  private static final long MANTISSA_52 = 0x000fffffffffffffL;

  private long stateHi;
  private long stateLo;
  private final long incHi;
  private final long incLo;

  /**
   * @param seed a non-negative integer seed, as {@code default_rng} takes it
   * @throws IllegalArgumentException for a negative seed (numpy refuses those too)
   */
  NumpyGenerator(long seed) {
    if (seed < 0) {
      throw new IllegalArgumentException("numpy seeds must be non-negative, got " + seed);
    }
    long[] words = seedWords(seed);
    // PCG64 takes the first 128 bits as the initial state, the next 128 as the stream.
    incHi = (words[2] << 1) | (words[3] >>> 63);
    incLo = (words[3] << 1) | 1L;
    step();
    long lo = stateLo + words[1];
    stateHi += words[0] + (Long.compareUnsigned(lo, stateLo) < 0 ? 1 : 0);
    stateLo = lo;
    step();
  }

  /** SeedSequence(seed).generate_state(4, uint64). */
  private static long[] seedWords(long seed) {
    int[] entropy = seed >>> 32 == 0 ? new int[] {(int) seed} : new int[] {(int) seed, (int) (seed >>> 32)};
    int[] hashConst = {INIT_A};
    int[] pool = new int[POOL_SIZE];
    for (int i = 0; i < POOL_SIZE; i++) {
      pool[i] = hashmix(i < entropy.length ? entropy[i] : 0, hashConst);
    }
    for (int src = 0; src < POOL_SIZE; src++) {
      for (int dst = 0; dst < POOL_SIZE; dst++) {
        if (src != dst) {
          pool[dst] = mix(pool[dst], hashmix(pool[src], hashConst));
        }
      }
    }
    // Entropy beyond the pool would be mixed in here; a long has at most two words, the pool four.
    int hash = INIT_B;
    long[] out = new long[4];
    for (int i = 0; i < 8; i++) {
      int v = pool[i % POOL_SIZE] ^ hash;
      hash *= MULT_B;
      v *= hash;
      v ^= v >>> 16;
      // numpy views the uint32 words as little-endian uint64s.
      out[i / 2] |= (v & 0xFFFFFFFFL) << (32 * (i % 2));
    }
    return out;
  }

  private static int hashmix(int value, int[] hashConst) {
    value ^= hashConst[0];
    hashConst[0] *= MULT_A;
    value *= hashConst[0];
    return value ^ (value >>> 16);
  }

  private static int mix(int x, int y) {
    int r = MIX_MULT_L * x - MIX_MULT_R * y;
    return r ^ (r >>> 16);
  }

  private void step() {
    long hi = unsignedMultiplyHigh(stateLo, MULT_LO) + stateLo * MULT_HI + stateHi * MULT_LO;
    long lo = stateLo * MULT_LO;
    long sumLo = lo + incLo;
    stateHi = hi + incHi + (Long.compareUnsigned(sumLo, lo) < 0 ? 1 : 0);
    stateLo = sumLo;
  }

  private static long unsignedMultiplyHigh(long a, long b) {
    return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
  }

  /** The next raw 64-bit output, numpy's {@code bit_generator.random_raw()}. */
  long nextUint64() {
    step();
    return Long.rotateRight(stateHi ^ stateLo, (int) (stateHi >>> 58));
  }

  /** A uniform double in [0, 1) from the top 53 bits, numpy's {@code next_double}. */
  double nextDouble() {
    return (nextUint64() >>> 11) * 0x1.0p-53;
  }

  /** numpy's {@code Generator.standard_normal()}. */
  double standardNormal() {
    while (true) {
      long r = nextUint64();
      int idx = (int) (r & 0xff);
      r >>>= 8;
      boolean negative = (r & 1) != 0;
      long rabs = (r >>> 1) & MANTISSA_52;
      double x = rabs * ZigguratTables.WI[idx];
      if (negative) {
        x = -x;
      }
      if (rabs < ZigguratTables.KI[idx]) {
        return x;
      }
      if (idx == 0) {
        // Tail beyond R; numpy takes log1p(-u) so that u = 0 cannot give log(0).
        while (true) {
          double xx = -ZigguratTables.INV_R * Math.log1p(-nextDouble());
          double yy = -Math.log1p(-nextDouble());
          if (yy + yy > xx * xx) {
            return ((rabs >>> 8) & 1) != 0 ? -(ZigguratTables.R + xx) : ZigguratTables.R + xx;
          }
        }
      }
      double fHigh = ZigguratTables.FI[idx - 1];
      double fLow = ZigguratTables.FI[idx];
      if ((fHigh - fLow) * nextDouble() + fLow < Math.exp(-0.5 * x * x)) {
        return x;
      }
    }
  }

  /** numpy's {@code Generator.normal(0, scale)}: {@code 0 + scale · z}. */
  double normal(double scale) {
    return 0.0 + scale * standardNormal();
  }
}
