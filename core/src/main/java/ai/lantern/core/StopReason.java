package ai.lantern.core;

/** Why an explanation stopped drawing samples or steps. */
public enum StopReason {
  /** It drew everything it planned. */
  COMPLETED,
  /** Its results had stopped changing (opt-in early stopping). */
  CONVERGED,
  /** The deadline came first: the result uses what was drawn by then. */
  DEADLINE,
  /** The maximum number of forward passes came first. */
  FORWARD_PASS_LIMIT,
  /** Someone stopped it (Lantern Studio's Stop): the result uses what was drawn by then. */
  STOPPED
}
