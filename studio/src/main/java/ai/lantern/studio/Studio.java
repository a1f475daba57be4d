package ai.lantern.studio;

import ai.lantern.engine.pytorch.PyTorchImageClassifier;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.engine.transformers.ModelPackage;
import ai.lantern.engine.transformers.TransformerImageClassifier;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import ai.lantern.engine.onnx.OnnxTextClassifier;
import ai.lantern.models.EmbeddedModels;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Lantern Studio: a local web server with a page to type a text, explain it, watch the progress
 * and stop it, and the HTTP API behind the page ({@code /api/models}, {@code /api/predict},
 * {@code /api/estimate}, {@code /api/explain}, {@code /api/runs}…). It serves only the models the
 * operator names, binds to 127.0.0.1 unless told otherwise, limits request sizes, runs at most a
 * set number of explanations per model at once with a bounded queue (429 beyond it), and caps
 * every run's time.
 *
 * <pre>{@code
 * try (Studio studio = Studio.builder().addEmbeddedModel().build().start()) {
 *   System.out.println(studio.uri());
 *   studio.join();
 * }
 * }</pre>
 */
public final class Studio implements AutoCloseable {
  private final Server server;
  private final Api api;
  private final List<StudioModel> models;

  private Studio(Builder b, List<StudioModel> models) {
    this.models = models;
    this.server = new Server(new org.eclipse.jetty.util.thread.QueuedThreadPool(64, 4, 60_000));
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(b.host);
    connector.setPort(b.port);
    // A request that waits for its run (/api/explain, /api/explain-image) is quiet until the run
    // ends; Jetty's default 30 s would fail it with 500 while the run goes on.
    connector.setIdleTimeout(b.maxDeadline.toMillis() + 90_000);
    server.addConnector(connector);
    this.api = new Api(models, b.maxTextChars, b.maxBodyBytes, b.maxImageBytes, b.maxDeadline);
    server.setHandler(api);
    server.setStopTimeout(2_000);
  }

  /**
   * Starts the settings of a studio.
   *
   * @return a builder: no model yet, 127.0.0.1:8080, one run per model and eight queued, runs of
   *     at most 60 s, texts of at most 20,000 characters, requests of at most 256 KiB (8 MiB with an
   *     image)
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts the server.
   *
   * @return this studio, listening
   * @throws java.io.UncheckedIOException if the port cannot be bound (named)
   */
  public Studio start() {
    try {
      server.start();
    } catch (java.io.IOException e) {
      close();
      throw new java.io.UncheckedIOException("cannot listen on " + api + ": " + e.getMessage(), e);
    } catch (Exception e) {
      close();
      throw new IllegalStateException("the studio did not start: " + e.getMessage(), e);
    }
    return this;
  }

  /**
   * Where the page is.
   *
   * @return {@code http://HOST:PORT/}, with the port actually bound (useful with port 0)
   */
  public URI uri() {
    ServerConnector c = (ServerConnector) server.getConnectors()[0];
    String host = c.getHost() == null ? "127.0.0.1" : c.getHost();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + c.getLocalPort() + "/");
  }

  /**
   * Waits until the server stops (Ctrl-C, or {@link #close()} from another thread).
   *
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void join() throws InterruptedException {
    server.join();
  }

  /**
   * Stops every run and the server, and closes the models once no run or request uses them.
   * Idempotent. A run still inside one long model call after 10 s (or a prediction after the
   * server's 2 s) keeps the models open: closing them under the call would free native memory in
   * use.
   */
  @Override
  public void close() {
    boolean drained = api.stopAll(java.time.Duration.ofSeconds(10));
    try {
      server.stop();
    } catch (Exception e) {
      // stopping anyway
    }
    drained &= !api.callsInProgress();
    if (drained) {
      models.forEach(StudioModel::close);
    } else {
      org.slf4j.LoggerFactory.getLogger(Studio.class).warn("a run did not end within 10 s of the stop; its model "
          + "is left open");
    }
  }

  /** Settings of a {@link Studio}; {@code add…} at least once, {@code opt…} optional. */
  public static final class Builder {
    private final Map<String, Path> paths = new LinkedHashMap<>();
    private String host = "127.0.0.1";
    private int port = 8080;
    private int concurrent = 1;
    private int queue = 8;
    private Duration maxDeadline = Duration.ofSeconds(60);
    private int maxTextChars = 20_000;
    private int maxBodyBytes = 256 * 1024;
    private int maxImageBytes = 8 * 1024 * 1024;
    private int threads;

    private Builder() {}

    /**
     * Serves the embedded sst2-tiny model.
     *
     * @return this builder
     */
    public Builder addEmbeddedModel() {
      paths.put(EmbeddedModels.SST2_TINY, null);
      return this;
    }

    /**
     * Serves a model folder (HuggingFace, TorchScript package or ONNX export), by its folder name.
     *
     * @param folder the folder; loaded when the studio is built
     * @return this builder
     * @throws IllegalArgumentException if another model has the same folder name
     */
    public Builder addModel(Path folder) {
      String id = folder.toAbsolutePath().normalize().getFileName().toString();
      if (paths.containsKey(id)) {
        throw new IllegalArgumentException("two models named " + id + ": give folders with different names");
      }
      paths.put(id, folder);
      return this;
    }

    /**
     * The address to listen on.
     *
     * @param host 127.0.0.1 by default (this machine only); 0.0.0.0 serves the network
     * @param port 8080 by default; 0 picks a free one
     * @return this builder
     */
    public Builder optAddress(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      this.port = port;
      return this;
    }

    /**
     * How many runs of one model go at once, and how many more may wait.
     *
     * @param concurrent runs at once per model, at least 1 (default 1)
     * @param queue runs waiting per model, at least 0 (default 8); more are refused with 429
     * @return this builder
     */
    public Builder optConcurrency(int concurrent, int queue) {
      this.concurrent = concurrent;
      this.queue = queue;
      return this;
    }

    /**
     * The longest a run may take, whatever it asks for.
     *
     * @param maxDeadline positive (default 60 s)
     * @return this builder
     */
    public Builder optMaxDeadline(Duration maxDeadline) {
      this.maxDeadline = Objects.requireNonNull(maxDeadline, "maxDeadline");
      return this;
    }

    /**
     * Request size limits (413 beyond them).
     *
     * @param maxTextChars characters of a text (default 20,000)
     * @param maxBodyBytes bytes of a request body (default 256 KiB)
     * @return this builder
     */
    public Builder optLimits(int maxTextChars, int maxBodyBytes) {
      this.maxTextChars = maxTextChars;
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /**
     * The size limit of a request that carries an image (413 beyond it).
     *
     * @param maxImageBytes bytes of such a request body, the image in base64 (default 8 MiB)
     * @return this builder
     */
    public Builder optImageLimit(int maxImageBytes) {
      this.maxImageBytes = maxImageBytes;
      return this;
    }

    /**
     * libtorch's threads inside each operation.
     *
     * @param threads 1 to 1024, or 0 for libtorch's default (one per core)
     * @return this builder
     */
    public Builder optThreads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Loads the models and makes the studio; it listens once {@link Studio#start()} is called.
     *
     * @return the studio
     * @throws IllegalArgumentException if no model was added, a setting is out of range, or a
     *     model cannot be loaded (named)
     */
    public Studio build() {
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("no model: addEmbeddedModel() or addModel(folder)");
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must lie in 0..65535, got " + port);
      }
      if (concurrent < 1 || queue < 0) {
        throw new IllegalArgumentException("concurrency needs at least 1 run and a queue of 0 or more, got "
            + concurrent + " and " + queue);
      }
      if (maxDeadline.isZero() || maxDeadline.isNegative()) {
        throw new IllegalArgumentException("maxDeadline must be positive, got " + maxDeadline);
      }
      if (maxTextChars < 1 || maxBodyBytes < 64 || maxImageBytes < 64) {
        throw new IllegalArgumentException("limits too small: " + maxTextChars + " characters, " + maxBodyBytes
            + " bytes, " + maxImageBytes + " bytes with an image");
      }
      List<StudioModel> models = new ArrayList<>();
      try {
        for (Map.Entry<String, Path> e : paths.entrySet()) {
          Path dir = e.getValue() == null ? EmbeddedModels.path(EmbeddedModels.SST2_TINY) : e.getValue();
          String name = e.getValue() == null ? EmbeddedModels.SST2_TINY + " (embedded)" : e.getValue().toString();
          if (isImageFolder(dir)) {
            models.add(new StudioModel(e.getKey(), name, null, ai.lantern.engine.onnx.OnnxImageClassifier.onnxFile(dir)
                != null ? ai.lantern.engine.onnx.OnnxImageClassifier.load(dir) : PyTorchImageClassifier.load(dir),
                new Gate(concurrent, queue)));
            continue;
          }
          TransformerTextClassifier c = Files.isDirectory(dir) && ModelPackage.detectFormat(dir)
              == ModelPackage.Format.ONNX ? OnnxTextClassifier.load(dir)
              : PyTorchTextClassifier.builder().setModelPath(dir).optThreads(threads).build();
          models.add(new StudioModel(e.getKey(), name, c, null, new Gate(concurrent, queue)));
        }
      } catch (RuntimeException ex) {
        models.forEach(StudioModel::close);
        throw ex;
      }
      return new Studio(this, List.copyOf(models));
    }

    /** An image classifier's folder: a TorchScript image package or a HuggingFace image folder. */
    private static boolean isImageFolder(Path dir) {
      return Files.isDirectory(dir) && TransformerImageClassifier.declaresImageClassification(dir);
    }
  }
}
