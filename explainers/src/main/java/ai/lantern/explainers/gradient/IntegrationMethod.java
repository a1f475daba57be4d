package ai.lantern.explainers.gradient;

import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

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

  private final String captumName;

  IntegrationMethod(String captumName) {
    this.captumName = captumName;
  }

  /** The name Captum uses ({@code gausslegendre}, {@code riemann_left}, …). */
  public String captumName() {
    return captumName;
  }

  /**
   * Points and weights for {@code n} steps.
   *
   * @throws IllegalArgumentException if {@code n < 1}, or {@code n < 2} for the trapezoid rule
   */
  public double[][] pointsAndWeights(int n) {
    if (n < 1 || (this == RIEMANN_TRAPEZOID && n < 2)) {
      throw new IllegalArgumentException("nSteps must be at least " + (this == RIEMANN_TRAPEZOID ? 2 : 1)
          + " for " + captumName + ", got " + n);
    }
    double[] a = new double[n];
    double[] s = new double[n];
    switch (this) {
      case GAUSS_LEGENDRE -> {
        GaussIntegrator rule = new GaussIntegratorFactory().legendre(n);
        for (int i = 0; i < n; i++) {
          a[i] = (1 + rule.getPoint(i)) / 2;
          s[i] = rule.getWeight(i) / 2;
        }
      }
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

  private static void fill(double[] a, double[] s, int n, java.util.function.IntToDoubleFunction point) {
    for (int i = 0; i < n; i++) {
      a[i] = point.applyAsDouble(i);
      s[i] = 1.0 / n;
    }
  }

  /** Parses Captum's names ({@code gausslegendre}, {@code riemann_left}…) or the enum's. */
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
