package ai.lantern.studio;

import ai.lantern.core.Progress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One explanation asked for: its progress while it runs, then its result (or error). */
final class Run {
  final String id;
  final StudioModel model;
  final ExplainRequest request;
  final StopSwitch clock = new StopSwitch();
  final CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
  volatile Progress progress;
  volatile String state = "queued";
  /** The explanation itself, for the report and chart downloads. */
  volatile ai.lantern.core.Explanation explanation;

  Run(String id, StudioModel model, ExplainRequest request) {
    this.id = id;
    this.model = model;
    this.request = request;
  }
}
