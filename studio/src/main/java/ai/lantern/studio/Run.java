package ai.lantern.studio;

import ai.lantern.core.Progress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** One explanation asked for, of a text or of an image: its progress while it runs, then its result (or error). */
final class Run {
  final String id;
  final StudioModel model;
  /** The text request; null for an image run. */
  final ExplainRequest request;
  /** The image request; null for a text run. */
  final ImageExplanations.Request image;
  final StopSwitch stopSwitch = new StopSwitch();
  final CompletableFuture<Map<String, Object>> result = new CompletableFuture<>();
  volatile Progress progress;
  volatile String state = "queued";
  /** The explanation itself, for the report and chart downloads of a text run. */
  volatile ai.lantern.core.Explanation explanation;
  /** An image run's picture (PNG) and its report page, made when downloaded. */
  volatile byte[] picture;
  volatile java.util.function.Supplier<String> report;

  Run(String id, StudioModel model, ExplainRequest request) {
    this(id, model, request, null);
  }

  Run(String id, StudioModel model, ExplainRequest request, ImageExplanations.Request image) {
    this.id = id;
    this.model = model;
    this.request = request;
    this.image = image;
  }
}
