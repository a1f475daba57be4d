package ai.lantern.core;

import java.time.Duration;

/**
 * What an explanation would cost, before running it.
 *
 * @param forwardPasses the inputs it would send through the model (expected, after
 *     de-duplication, for sampling methods)
 * @param expected its expected duration on this machine, from a short calibration of the model
 * @param basis how the numbers were obtained, for people
 */
public record CostEstimate(double forwardPasses, Duration expected, String basis) {}
