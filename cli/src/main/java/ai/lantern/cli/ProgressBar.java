package ai.lantern.cli;

import ai.lantern.core.Progress;
import ai.lantern.core.ProgressListener;
import java.io.PrintStream;

/**
 * A one-line progress bar on standard error, shown only on an interactive terminal and only once
 * a run has lasted two seconds, so that quick runs and logs stay clean.
 */
final class ProgressBar implements ProgressListener, AutoCloseable {
  private static final long SHOW_AFTER_NANOS = 2_000_000_000L;
  private final PrintStream err;
  private final String unit;
  private final boolean interactive = System.console() != null;
  private boolean shown;

  ProgressBar(PrintStream err, String unit) {
    this.err = err;
    this.unit = unit;
  }

  @Override
  public void onProgress(Progress p) {
    if (!interactive || p.elapsed().toNanos() < SHOW_AFTER_NANOS) {
      return;
    }
    shown = true;
    int width = 30;
    int filled = (int) Math.round(p.fraction() * width);
    err.printf("\r[%s%s] %3.0f%%  %d/%d %s  ETA %s   ", "#".repeat(filled), " ".repeat(width - filled),
        100 * p.fraction(), p.done(), p.total(), unit, p.eta() == null ? "?" : CommandBase.human(p.eta()));
    err.flush();
  }

  @Override
  public void close() {
    if (shown) {
      err.println();
    }
  }
}
