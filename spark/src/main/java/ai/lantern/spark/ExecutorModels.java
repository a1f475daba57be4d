package ai.lantern.spark;

import ai.lantern.cli.DatasetOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The models open in this JVM, one per set of options: an executor loads a model the first time
 * one of its tasks needs it and keeps it for every later task, closing it when the JVM ends.
 * Tasks running at once share it (the model is thread-safe).
 */
final class ExecutorModels {
  private static final ConcurrentHashMap<List<String>, DatasetOptions.Session> OPEN = new ConcurrentHashMap<>();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.values().forEach(DatasetOptions.Session::close),
        "lantern-models-close"));
  }

  private ExecutorModels() {}

  /** The session of these options, loaded on first use in this JVM. */
  static DatasetOptions.Session session(DatasetOptions options) {
    return OPEN.computeIfAbsent(options.arguments(), k -> {
      checkReadable(options);
      try {
        return options.open();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cannot load the model " + options.modelName() + " on "
            + host() + ": " + e.getMessage(), e);
      }
    });
  }

  /**
   * Refuses a model folder this JVM cannot read, naming it: on the driver before any task runs,
   * and on each executor before it loads (a path on the driver's disk only is the usual mistake).
   */
  static void checkReadable(DatasetOptions options) {
    if (options.modelFolder().isEmpty()) {
      return; // the embedded model, inside the jar
    }
    Path dir = options.modelFolder().get();
    if (!Files.isDirectory(dir) || !Files.isReadable(dir)) {
      throw new IllegalArgumentException("the model folder " + dir.toAbsolutePath() + " cannot be read on "
          + host() + (Files.exists(dir) ? " (not a readable folder)" : " (no such folder)")
          + ": every executor must be able to read --model (a shared file system, or the same path on each machine)");
    }
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      return "this machine";
    }
  }
}
