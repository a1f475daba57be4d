package ai.lantern.core;

import java.time.Duration;
import java.util.Objects;

/**
 * What an explanation cost and how it was produced, so that results can be trusted, compared and
 * reproduced.
 *
 * @param samples perturbed samples drawn (LIME) or integration steps (gradient methods)
 * @param forwardPasses inputs actually sent through the model, after de-duplication
 * @param elapsed wall-clock time of the whole explanation
 * @param seed the seed that reproduces the explanation, or {@code null} for deterministic methods
 * @param partial whether a budget stopped the method before it drew everything it planned
 */
public record Diagnostics(long samples, long forwardPasses, Duration elapsed, Long seed, boolean partial) {
  public Diagnostics {
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
