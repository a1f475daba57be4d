package ai.lantern.explainers.gradient;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the path integral of Integrated Gradients is approximated: points {@code a_i} on [0, 1]
 * and weights {@code s_i}, as Captum defines them.
 */
public enum IntegrationMethod {
  /** Gauss–Legendre nodes mapped from [−1, 1]; never touches 0 or 1 (Captum's default). */
  GAUSS_LEGENDRE("gausslegendre"),
  /** a_i = i/n, i = 0..n−1. */
  RIEMANN_LEFT("riemann_left"),
  /** a_i = i/n, i = 1..n. */
  RIEMANN_RIGHT("riemann_right"),
  /** a_i = (i + ½)/n. */
  RIEMANN_MIDDLE("riemann_middle"),
  /** a_i = i/(n−1), weights 1/n with the first and last halved (they sum to 1 − 1/n, as in Captum). */
  RIEMANN_TRAPEZOID("riemann_trapezoid");

  /**
   * The most steps any method takes: Gauss–Legendre nodes cost O(n²) to compute (0.3 s at this
   * size), and beyond it the integral does not change in the digits a float32 model gives.
   */
  public static final int MAX_STEPS = 10_000;

  private final String captumName;

  IntegrationMethod(String captumName) {
    this.captumName = captumName;
  }

  /**
   * The name Captum uses ({@code gausslegendre}, {@code riemann_left}, …).
   *
   * @return the value of Captum's {@code method} argument for this rule
   */
  public String captumName() {
    return captumName;
  }

  /**
   * Points and weights for {@code n} steps.
   *
   * @param n the number of steps
   * @return two arrays of length {@code n}: the points {@code a_i} in [0, 1], ascending, then the
   *     weights {@code s_i}
   * @throws IllegalArgumentException if {@code n < 1} ({@code n < 2} for the trapezoid rule) or
   *     {@code n > MAX_STEPS}
   */
  public double[][] pointsAndWeights(int n) {
    checkSteps(n);
    double[] a = new double[n];
    double[] s = new double[n];
    switch (this) {
      case GAUSS_LEGENDRE -> gaussLegendre(a, s, n);
      case RIEMANN_LEFT -> fill(a, s, n, i -> (double) i / n);
      case RIEMANN_RIGHT -> fill(a, s, n, i -> (double) (i + 1) / n);
      case RIEMANN_MIDDLE -> fill(a, s, n, i -> (i + 0.5) / n);
      case RIEMANN_TRAPEZOID -> {
        fill(a, s, n, i -> (double) i / (n - 1));
        s[0] /= 2;
        s[n - 1] /= 2;
      }
      default -> throw new AssertionError(this);
    }
    return new double[][] {a, s};
  }

  /**
   * Checks a step count without computing anything.
   *
   * @param n the number of steps to check
   * @throws IllegalArgumentException if {@code n < 1} ({@code n < 2} for the trapezoid rule) or
   *     {@code n > MAX_STEPS}
   */
  public void checkSteps(int n) {
    int min = this == RIEMANN_TRAPEZOID ? 2 : 1;
    if (n < min || n > MAX_STEPS) {
      throw new IllegalArgumentException("nSteps must lie in " + min + ".." + MAX_STEPS + " for " + captumName
          + ", got " + n);
    }
  }

  /**
   * Gauss–Legendre nodes (ascending, as numpy's {@code leggauss}) and weights mapped to [0, 1]:
   * each root of the Legendre polynomial P_n found by Newton's method from the usual cosine
   * guess, P_n evaluated by its three-term recurrence. O(n²) time, no recursion, so any step
   * count a budget or a user asks for works (a recursive rule factory overflows the stack in the
   * thousands).
   */
  private static void gaussLegendre(double[] a, double[] s, int n) {
    for (int i = 0; i < (n + 1) / 2; i++) {
      double z = Math.cos(Math.PI * (i + 0.75) / (n + 0.5));
      double derivative = 0;
      for (int iteration = 0; iteration < 100; iteration++) {
        double p1 = 1;
        double p2 = 0;
        for (int j = 1; j <= n; j++) {
          double p3 = p2;
          p2 = p1;
          p1 = ((2.0 * j - 1) * z * p2 - (j - 1.0) * p3) / j;
        }
        derivative = n * (z * p1 - p2) / (z * z - 1);
        double previous = z;
        z = previous - p1 / derivative;
        if (Math.abs(z - previous) <= 1e-15) {
          break;
        }
      }
      double w = 2 / ((1 - z * z) * derivative * derivative);
      // z is the i-th largest root; its mirror -z the i-th smallest.
      a[i] = (1 - z) / 2;
      a[n - 1 - i] = (1 + z) / 2;
      s[i] = w / 2;
      s[n - 1 - i] = w / 2;
    }
  }

  private static void fill(double[] a, double[] s, int n, java.util.function.IntToDoubleFunction point) {
    for (int i = 0; i < n; i++) {
      a[i] = point.applyAsDouble(i);
      s[i] = 1.0 / n;
    }
  }

  /**
   * Parses Captum's names ({@code gausslegendre}, {@code riemann_left}…) or the enum's.
   *
   * @param name the name in any case, with {@code -} allowed for {@code _}; not {@code null}
   * @return the method of that name
   * @throws IllegalArgumentException listing the valid names, if none matches
   */
  public static IntegrationMethod parse(String name) {
    String n = name.toLowerCase(Locale.ROOT).replace('-', '_');
    for (IntegrationMethod m : values()) {
      if (m.captumName.equals(n) || m.name().equalsIgnoreCase(n)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown integration method '" + name + "'; valid: "
        + Arrays.stream(values()).map(IntegrationMethod::captumName).toList());
  }
}
