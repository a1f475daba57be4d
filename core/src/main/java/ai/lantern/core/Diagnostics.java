package ai.lantern.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What an explanation cost and how it was produced, so that results can be trusted, compared and
 * reproduced.
 *
 * @param samples perturbed samples used (LIME) or integration steps (gradient methods)
 * @param forwardPasses inputs actually sent through the model, after de-duplication
 * @param elapsed wall-clock time of the whole explanation
 * @param seed the seed that reproduces the explanation, or {@code null} for deterministic methods
 * @param stop why it stopped; {@link #partial()} when a budget, or someone, cut it short
 * @param budget the budget that applied
 * @param evaluationPasses inputs sent through the model to measure the explanation's own quality
 *     (comprehensiveness and sufficiency), after it was made; not in {@code forwardPasses}, and
 *     their time is in {@code elapsed}
 * @param warnings what a reader of the explanation must know about it, for people (a text cut to
 *     the model's length, say); empty when there is nothing
 */
public record Diagnostics(long samples, long forwardPasses, Duration elapsed, Long seed, StopReason stop,
    Budget budget, long evaluationPasses, List<String> warnings) {
  /**
   * Checks the components and copies {@code warnings}.
   *
   * @param samples perturbed samples used (LIME) or integration steps (gradient methods)
   * @param forwardPasses inputs actually sent through the model, after de-duplication
   * @param elapsed wall-clock time of the whole explanation; not null
   * @param seed the seed that reproduces the explanation, or {@code null} for deterministic methods
   * @param stop why it stopped; not null
   * @param budget the budget that applied, {@link Budget#UNLIMITED} for none; not null
   * @param evaluationPasses inputs sent through the model to measure the explanation's quality, at least 0
   * @param warnings what a reader must know about the explanation, for people; not null, may be empty
   * @throws IllegalArgumentException if {@code evaluationPasses} is negative
   */
  public Diagnostics {
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(stop, "stop");
    Objects.requireNonNull(budget, "budget");
    if (evaluationPasses < 0) {
      throw new IllegalArgumentException("negative evaluationPasses " + evaluationPasses);
    }
  }

  /**
   * Diagnostics of an explanation whose quality was not measured by extra forward passes.
   *
   * @param samples perturbed samples used (LIME) or integration steps (gradient methods)
   * @param forwardPasses inputs actually sent through the model, after de-duplication
   * @param elapsed wall-clock time of the whole explanation; not null
   * @param seed the seed that reproduces the explanation, or {@code null} for deterministic methods
   * @param stop why it stopped; not null
   * @param budget the budget that applied, {@link Budget#UNLIMITED} for none; not null
   */
  public Diagnostics(long samples, long forwardPasses, Duration elapsed, Long seed, StopReason stop, Budget budget) {
    this(samples, forwardPasses, elapsed, seed, stop, budget, 0, List.of());
  }

  /**
   * Diagnostics with evaluation passes and no warning.
   *
   * @param samples perturbed samples used (LIME) or integration steps (gradient methods)
   * @param forwardPasses inputs actually sent through the model, after de-duplication
   * @param elapsed wall-clock time of the whole explanation, evaluation included; not null
   * @param seed the seed that reproduces the explanation, or {@code null} for deterministic methods
   * @param stop why it stopped; not null
   * @param budget the budget that applied, {@link Budget#UNLIMITED} for none; not null
   * @param evaluationPasses inputs sent through the model to measure the explanation's quality, at least 0
   * @throws IllegalArgumentException if {@code evaluationPasses} is negative
   */
  public Diagnostics(long samples, long forwardPasses, Duration elapsed, Long seed, StopReason stop, Budget budget,
      long evaluationPasses) {
    this(samples, forwardPasses, elapsed, seed, stop, budget, evaluationPasses, List.of());
  }

  /**
   * These diagnostics after {@code passes} more evaluation passes, with the whole time spent.
   *
   * @param passes the evaluation passes to add
   * @param elapsed the wall-clock time of the explanation and all its evaluation; not null
   * @return a copy with the passes added and {@code elapsed} replacing the time
   * @throws IllegalArgumentException if the evaluation passes would become negative
   */
  public Diagnostics withEvaluation(long passes, Duration elapsed) {
    return new Diagnostics(samples, forwardPasses, elapsed, seed, stop, budget, evaluationPasses + passes, warnings);
  }

  /**
   * These diagnostics with {@code more} warnings after their own.
   *
   * @param more the warnings to append, for people; not null
   * @return this when {@code more} is empty, otherwise a copy with them appended
   */
  public Diagnostics withWarnings(List<String> more) {
    if (more.isEmpty()) {
      return this;
    }
    List<String> all = new java.util.ArrayList<>(warnings);
    all.addAll(more);
    return new Diagnostics(samples, forwardPasses, elapsed, seed, stop, budget, evaluationPasses, all);
  }

  /**
   * Whether a budget, or someone, stopped the method before it drew everything it planned.
   *
   * @return true when {@link #stop()} is {@link StopReason#DEADLINE}, {@link StopReason#FORWARD_PASS_LIMIT} or
   *     {@link StopReason#STOPPED}
   */
  public boolean partial() {
    return stop == StopReason.DEADLINE || stop == StopReason.FORWARD_PASS_LIMIT || stop == StopReason.STOPPED;
  }

  /**
   * Samples (or steps) per second of wall-clock time.
   *
   * @return {@link #samples()} divided by {@link #elapsed()} in seconds; 0 when no time elapsed
   */
  public double samplesPerSecond() {
    double s = elapsed.toNanos() / 1e9;
    return s == 0 ? 0 : samples / s;
  }
}
