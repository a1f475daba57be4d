package ai.lantern.studio;

import java.util.function.BooleanSupplier;

/**
 * One run's Stop button: every method reads it where it reads its deadline, so a stopped run ends
 * within one batch with what it has, marked {@link ai.lantern.core.StopReason#STOPPED} (methods
 * that have no partial result end with an error instead).
 */
final class StopSwitch implements BooleanSupplier {
  private volatile boolean stopped;

  @Override
  public boolean getAsBoolean() {
    return stopped;
  }

  void stop() {
    stopped = true;
  }

  boolean stopped() {
    return stopped;
  }
}
