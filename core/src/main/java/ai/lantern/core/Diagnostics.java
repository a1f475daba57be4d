package ai.lantern.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What an explanation cost and how it was produced, so that results can be trusted, compared and
 * reproduced.
 *
 * @param samples perturbed samples used (LIME) or integration steps (gradient methods)
 * @param forwardPasses inputs actually sent through the model, after de-duplication
 * @param elapsed wall-clock time of the whole explanation
 * @param seed the seed that reproduces the explanation, or {@code null} for deterministic methods
 * @param stop why it stopped; {@link #partial()} when a budget cut it short
 * @param budget the budget that applied
 * @param evaluationPasses inputs sent through the model to measure the explanation's own quality
 *     (comprehensiveness and sufficiency), after it was made; not in {@code forwardPasses}, and
 *     their time is in {@code elapsed}
 */
public record Diagnostics(long samples, long forwardPasses, Duration elapsed, Long seed, StopReason stop,
    Budget budget, long evaluationPasses) {
  public Diagnostics {
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(stop, "stop");
    Objects.requireNonNull(budget, "budget");
    if (evaluationPasses < 0) {
      throw new IllegalArgumentException("negative evaluationPasses " + evaluationPasses);
    }
  }

  /** Diagnostics of an explanation whose quality was not measured by extra forward passes. */
  public Diagnostics(long samples, long forwardPasses, Duration elapsed, Long seed, StopReason stop, Budget budget) {
    this(samples, forwardPasses, elapsed, seed, stop, budget, 0);
  }

  /** These diagnostics after {@code passes} more evaluation passes, with the whole time spent. */
  public Diagnostics withEvaluation(long passes, Duration elapsed) {
    return new Diagnostics(samples, forwardPasses, elapsed, seed, stop, budget, evaluationPasses + passes);
  }

  /** Whether a budget stopped the method before it drew everything it planned. */
  public boolean partial() {
    return stop == StopReason.DEADLINE || stop == StopReason.FORWARD_PASS_LIMIT;
  }

  /** Samples (or steps) per second of wall-clock time. */
  public double samplesPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s == 0 ? 0 : samples / s;
  }
}
