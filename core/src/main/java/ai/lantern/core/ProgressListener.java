package ai.lantern.core;

/**
 * Receives progress while an explanation runs, on the explaining thread, after every batch.
 * Keep it quick; an exception thrown here aborts the explanation.
 */
@FunctionalInterface
public interface ProgressListener {
  /**
   * Called after every batch, on the explaining thread.
   *
   * @param progress how far the explanation is; not null
   */
  void onProgress(Progress progress);

  /** Ignores progress. */
  ProgressListener NONE = p -> { };
}
