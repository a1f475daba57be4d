package ai.lantern.studio;

import ai.lantern.core.CostEstimate;
import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.core.Progress;
import ai.lantern.reports.BarChart;
import ai.lantern.reports.ExplanationJson;
import ai.lantern.reports.HtmlReport;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** The page's files and the HTTP API: one handler, routes by method and path. */
final class Api extends Handler.Abstract {
  private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
  private static final Map<String, String> FILES = Map.of("/", "index.html", "/index.html", "index.html",
      "/app.js", "app.js", "/app.css", "app.css");
  /** Finished runs kept for downloads and history, at most. */
  private static final int KEPT_RUNS = 200;

  private final Map<String, StudioModel> models = new LinkedHashMap<>();
  private final int maxText;
  private final int maxBody;
  private final int maxImageBody;
  private final Duration maxDeadline;
  private final Map<String, Run> runs = java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Run> eldest) {
      if (size() <= KEPT_RUNS) {
        return false;
      }
      // The oldest finished run goes, even when an older one is still running.
      var it = entrySet().iterator();
      while (it.hasNext()) {
        if (it.next().getValue().result.isDone()) {
          it.remove();
          return false;
        }
      }
      return false;
    }
  });
  /** Uploads being decoded at once: a decoded image can take tens of megabytes before it is shrunk. */
  private final java.util.concurrent.Semaphore decoding = new java.util.concurrent.Semaphore(2);
  /** Short model calls ({@link #gated}) in progress, which closing must wait for. */
  private final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
  private final AtomicLong ids = new AtomicLong();
  private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "lantern-studio-run");
    t.setDaemon(true);
    return t;
  });

  Api(List<StudioModel> models, int maxText, int maxBody, int maxImageBody, Duration maxDeadline) {
    models.forEach(m -> this.models.put(m.id(), m));
    this.maxText = maxText;
    this.maxBody = maxBody;
    this.maxImageBody = maxImageBody;
    this.maxDeadline = maxDeadline;
  }

  /**
   * Stops every run and waits for them to end.
   *
   * @return whether every run ended within {@code wait}: only then may the models be closed
   */
  boolean stopAll(Duration wait) {
    synchronized (runs) {
      runs.values().forEach(r -> r.stopSwitch.stop());
    }
    workers.shutdownNow();
    try {
      return workers.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    String path = request.getHttpURI().getPath();
    String method = request.getMethod();
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; "
        + "style-src 'self'; script-src 'self'; frame-ancestors 'none'");
    response.getHeaders().put("Referrer-Policy", "no-referrer");
    try {
      if (FILES.containsKey(path)) {
        requireMethod(method, "GET");
        file(FILES.get(path), response, callback);
        return true;
      }
      if (!path.startsWith("/api/")) {
        throw new Status(404, "no such page: " + path);
      }
      route(method, path.substring("/api/".length()), request, response, callback);
    } catch (Status s) {
      json(response, callback, s.code, Map.of("error", s.getMessage()));
    } catch (ExplainRequest.TooLargeException e) {
      json(response, callback, 413, Map.of("error", e.getMessage()));
    } catch (IllegalArgumentException e) {
      json(response, callback, 400, Map.of("error", e.getMessage()));
    } catch (RuntimeException | IOException e) {
      json(response, callback, 500, Map.of("error", String.valueOf(e.getMessage())));
    }
    return true;
  }

  private void route(String method, String route, Request request, Response response, Callback callback)
      throws IOException {
    String[] parts = route.split("/", -1);
    switch (parts[0]) {
      case "models" -> {
        requireMethod(method, "GET");
        json(response, callback, 200, Map.of("models", models.values().stream().map(Api::describe).toList()));
      }
      case "predict" -> {
        requireMethod(method, "POST");
        byte[] bytes = bytes(request, hasImageModels() ? Math.max(maxBody, maxImageBody) : maxBody);
        JsonObject o = parse(bytes);
        StudioModel m = model(ExplainRequest.string(o, "model", true));
        limit(m, bytes.length);
        if (m.isImage()) {
          json(response, callback, 200, gated(m, () -> ImageExplanations.predict(m, o)));
          return;
        }
        if (o.has("image")) {
          throw new IllegalArgumentException("image: model " + m.id() + " is a text classifier; send a text");
        }
        String text = ExplainRequest.string(o, "text", true);
        if (text.length() > maxText) {
          throw new ExplainRequest.TooLargeException("text: " + text.length() + " characters, the limit is " + maxText);
        }
        Prediction p = gated(m, () -> m.classifier().predict(text));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model", m.path());
        out.put("prediction", ExplanationJson.prediction(p));
        json(response, callback, 200, out);
      }
      case "estimate" -> {
        requireMethod(method, "POST");
        ExplainRequest r = explainRequest(request);
        CostEstimate c = Explanations.estimate(model(r.model()), r);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("forwardPasses", c.forwardPasses());
        e.put("expectedMillis", c.expected().toMillis());
        e.put("basis", c.basis());
        json(response, callback, 200, Map.of("estimate", e));
      }
      case "explain" -> {
        requireMethod(method, "POST");
        json(response, callback, 200, await(submit(explainRequest(request))));
      }
      case "explain-image" -> {
        requireMethod(method, "POST");
        Submission sub = submission(request, true);
        json(response, callback, 200, await(submit(sub.model(), null, sub.image())));
      }
      case "probe" -> {
        requireMethod(method, "POST");
        json(response, callback, 200, probe(body(request)));
      }
      case "runs" -> runs(method, parts, request, response, callback);
      default -> throw new Status(404, "no such API: /api/" + route);
    }
  }

  private void runs(String method, String[] parts, Request request, Response response, Callback callback)
      throws IOException {
    if (parts.length == 1) {
      requireMethod(method, "POST");
      Submission sub = submission(request, false);
      Run run = submit(sub.model(), sub.text(), sub.image());
      json(response, callback, 202, Map.of("run", run.id, "events", "/api/runs/" + run.id + "/events"));
      return;
    }
    Run run = runs.get(parts[1]);
    if (run == null) {
      throw new Status(404, "no run " + parts[1] + " (finished runs are kept for the last " + KEPT_RUNS + ")");
    }
    String what = parts.length > 2 ? parts[2] : "";
    switch (what) {
      case "" -> {
        if (method.equals("DELETE")) {
          run.stopSwitch.stop();
          json(response, callback, 202, Map.of("run", run.id, "stopping", !run.result.isDone()));
        } else {
          requireMethod(method, "GET");
          json(response, callback, 200, status(run));
        }
      }
      case "cancel" -> {
        requireMethod(method, "POST");
        run.stopSwitch.stop();
        json(response, callback, 202, Map.of("run", run.id, "stopping", !run.result.isDone()));
      }
      case "events" -> {
        requireMethod(method, "GET");
        events(run, response, callback);
      }
      case "report.html", "chart.png", "result.json" -> {
        requireMethod(method, "GET");
        download(run, what, response, callback);
      }
      default -> throw new Status(404, "no such part of a run: " + what);
    }
  }

  /** A run asked for: a text request or an image request, with its model. */
  private record Submission(StudioModel model, ExplainRequest text, ImageExplanations.Request image) {}

  /** The body of a run of either kind (or of an image only), each held to its own size limit. */
  private Submission submission(Request request, boolean imageOnly) throws IOException {
    byte[] bytes = bytes(request, hasImageModels() ? Math.max(maxBody, maxImageBody) : maxBody);
    JsonObject o = parse(bytes);
    StudioModel m = model(ExplainRequest.string(o, "model", true));
    limit(m, bytes.length);
    if (imageOnly && !m.isImage()) {
      throw new IllegalArgumentException("model " + m.id() + " is a text classifier: POST its texts to "
          + "/api/explain; /api/explain-image takes image classifiers");
    }
    if (!m.isImage()) {
      return new Submission(m, checked(ExplainRequest.parse(o, maxText, maxDeadline)), null);
    }
    try {
      decoding.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Status(503, "the studio is stopping");
    }
    try {
      return new Submission(m, null, ImageExplanations.parse(m, o, maxDeadline));
    } finally {
      decoding.release();
    }
  }

  private boolean hasImageModels() {
    return models.values().stream().anyMatch(StudioModel::isImage);
  }

  /** 413 for a body over its model's limit: images may be larger than texts. */
  private void limit(StudioModel m, int length) {
    int limit = m.isImage() ? maxImageBody : maxBody;
    if (length > limit) {
      throw new ExplainRequest.TooLargeException("the request body is " + length + " bytes, the limit is " + limit
          + (m.isImage() ? " for an image" : ""));
    }
  }

  /** Waits for a run's result, at most the longest deadline and a minute. */
  private Map<String, Object> await(Run run) {
    try {
      return run.result.get(maxDeadline.toMillis() + 60_000, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
      run.stopSwitch.stop();
      throw new Status(503, "the run did not finish in time");
    }
  }

  private Run submit(ExplainRequest r) {
    return submit(model(r.model()), r, null);
  }

  /** Starts a run on the model's gate; refused with 429 when the model's queue is full. */
  private Run submit(StudioModel m, ExplainRequest r, ImageExplanations.Request image) {
    if (!m.gate().enter()) {
      throw new Status(429, "model " + m.id() + " is busy: its runs and queue are full; try again shortly");
    }
    Run run = new Run(Long.toString(ids.incrementAndGet()), m, r, image);
    runs.put(run.id, run);
    try {
      workers.execute(() -> {
        try {
          m.gate().acquire();
        } catch (InterruptedException e) {
          run.state = "failed";
          run.result.completeExceptionally(new Status(503, "the studio is stopping"));
          return;
        }
        try {
          if (run.stopSwitch.stopped()) {
            run.state = "stopped";
            run.result.completeExceptionally(new Status(409, "stopped before it started"));
            return;
          }
          run.state = "running";
          if (image != null) {
            Map<String, Object> result = ImageExplanations.explain(run);
            run.state = Boolean.TRUE.equals(result.get("stopped")) ? "stopped" : "done";
            run.result.complete(result);
            return;
          }
          Explanation e = Explanations.explain(run);
          run.explanation = e;
          run.state = e.diagnostics().stop() == ai.lantern.core.StopReason.STOPPED ? "stopped" : "done";
          run.result.complete(Explanations.json(run, e));
        } catch (Status s) {
          run.state = s.code == 409 ? "stopped" : "failed";
          run.result.completeExceptionally(s);
        } catch (Throwable t) {
          // An Error too: a run that never completes would hold its clients and the history forever.
          run.state = "failed";
          run.result.completeExceptionally(t);
        } finally {
          m.gate().release();
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      m.gate().leave();
      throw new Status(503, "the studio is stopping");
    }
    return run;
  }

  /** A short request that still takes its turn on the model (predictions). */
  private <T> T gated(StudioModel m, java.util.function.Supplier<T> work) {
    if (!m.gate().enter()) {
      throw new Status(429, "model " + m.id() + " is busy: its runs and queue are full; try again shortly");
    }
    try {
      m.gate().acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Status(503, "the studio is stopping");
    }
    calls.incrementAndGet();
    try {
      return work.get();
    } finally {
      calls.decrementAndGet();
      m.gate().release();
    }
  }

  /** Whether a short model call is in progress. */
  boolean callsInProgress() {
    return calls.get() > 0;
  }

  private Map<String, Object> status(Run run) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("run", run.id);
    m.put("state", run.state);
    m.put("progress", progress(run.progress));
    if (run.result.isDone()) {
      try {
        m.put("result", run.result.getNow(null));
      } catch (java.util.concurrent.CompletionException e) {
        m.put("error", message(e.getCause()));
      }
    }
    return m;
  }

  private static Map<String, Object> progress(Progress p) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (p != null) {
      m.put("done", p.done());
      m.put("total", p.total());
      m.put("fraction", p.fraction());
      Duration eta = p.eta();
      m.put("etaMillis", eta == null || eta.toDays() > 1 ? null : eta.toMillis());
    }
    return m;
  }

  /** Server-sent events: progress about ten times a second, then the result or the error. */
  private void events(Run run, Response response, Callback callback) throws IOException {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      // At least one progress event, even for a run that ended before the stream opened.
      Map<String, Object> now = progress(run.progress);
      now.put("state", run.state);
      send(out, "progress", now);
      Progress last = run.progress;
      String lastState = run.state;
      while (!run.result.isDone()) {
        Progress p = run.progress;
        if (p != last || !run.state.equals(lastState)) {
          Map<String, Object> m = progress(p);
          m.put("state", run.state);
          send(out, "progress", m);
          last = p;
          lastState = run.state;
        }
        try {
          run.result.get(100, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
          continue;
        } catch (java.util.concurrent.ExecutionException e) {
          break;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
      try {
        send(out, "result", run.result.getNow(null));
      } catch (java.util.concurrent.CompletionException e) {
        send(out, "failure", Map.of("error", message(e.getCause())));
      }
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e); // the page went away; the run goes on
    }
  }

  private static void send(OutputStream out, String event, Object data) throws IOException {
    out.write(("event: " + event + "\ndata: " + GSON.toJson(data) + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** A run's downloads: the result, its report page, and its chart (an image run's picture). */
  private void download(Run run, String what, Response response, Callback callback) throws IOException {
    Explanation e = run.explanation;
    boolean ready = run.image != null ? run.picture != null && run.result.isDone()
        && !run.result.isCompletedExceptionally() : e != null;
    if (!ready) {
      throw new Status(409, "run " + run.id + " has no result (" + run.state + ")");
    }
    switch (what) {
      case "result.json" -> {
        attachment(response, run, ".json");
        json(response, callback, 200, run.result.getNow(null));
      }
      case "report.html" -> {
        String page = run.image != null ? run.report.get() : run.request.pair() == null
            ? new HtmlReport("Lantern: " + run.model.id()).add(run.request.text(), e).render()
            : new HtmlReport("Lantern: " + run.model.id()).addPair(run.request.text(), run.request.pair(), e).render();
        attachment(response, run, ".html");
        bytes(response, callback, 200, "application/xhtml+xml; charset=utf-8", page.getBytes(StandardCharsets.UTF_8));
      }
      default -> bytes(response, callback, 200, "image/png", run.image != null ? run.picture : chart(e));
    }
  }

  private static void attachment(Response response, Run run, String extension) {
    response.getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"lantern-" + run.id + extension
        + "\"");
  }

  /** A text explanation's top features as a bar chart, PNG. */
  private static byte[] chart(Explanation e) throws IOException {
    List<FeatureAttribution> top = new ArrayList<>(e.targets().get(0).attributions());
    top.removeIf(a -> a.feature().special());
    top.sort(Comparator.comparingDouble((FeatureAttribution a) -> -Math.abs(a.score())));
    List<BarChart.Bar> bars = top.subList(0, Math.min(10, top.size())).stream()
        .map(a -> new BarChart.Bar(a.text(), a.score())).toList();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(BarChart.weights("Top features for " + e.targets().get(0).label(), bars).toImage(),
        "png", png);
    return png.toByteArray();
  }

  /** Predictions of a template filled with each value, and the largest gap per label. */
  private Map<String, Object> probe(JsonObject o) {
    StudioModel m = textModel(ExplainRequest.string(o, "model", true));
    String template = ExplainRequest.string(o, "template", true);
    if (template.indexOf("{}") < 0 || template.indexOf("{}") != template.lastIndexOf("{}")) {
      throw new IllegalArgumentException("template: must contain {} exactly once, got '" + template + "'");
    }
    if (!o.has("values") || !o.get("values").isJsonArray()) {
      throw new IllegalArgumentException("values: a list of strings is needed");
    }
    List<String> values = new ArrayList<>();
    o.getAsJsonArray("values").forEach(v -> values.add(v.getAsString().strip()));
    values.removeIf(String::isEmpty);
    if (values.size() < 2 || values.size() > 50) {
      throw new IllegalArgumentException("values: 2 to 50 values are needed, got " + values.size());
    }
    List<String> texts = values.stream().map(v -> template.replace("{}", v)).toList();
    if (texts.stream().anyMatch(t -> t.length() > maxText)) {
      throw new ExplainRequest.TooLargeException("template and values: a text is over " + maxText + " characters");
    }
    double[][] p = gated(m, () -> m.classifier().predictProbabilities(texts));
    List<String> labels = m.classifier().labels();
    List<Object> rows = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      rows.add(Map.of("value", values.get(i), "text", texts.get(i), "prediction",
          ExplanationJson.prediction(Prediction.of(labels, p[i]))));
    }
    List<Object> gaps = new ArrayList<>();
    for (int c = 0; c < labels.size(); c++) {
      int hi = 0;
      int lo = 0;
      for (int i = 0; i < texts.size(); i++) {
        hi = p[i][c] > p[hi][c] ? i : hi;
        lo = p[i][c] < p[lo][c] ? i : lo;
      }
      gaps.add(Map.of("label", labels.get(c), "gap", p[hi][c] - p[lo][c], "highest", values.get(hi), "lowest",
          values.get(lo)));
    }
    return Map.of("model", m.path(), "template", template, "results", rows, "gaps", gaps);
  }

  private ExplainRequest explainRequest(Request request) throws IOException {
    JsonObject o = body(request);
    textModel(ExplainRequest.string(o, "model", true));
    return checked(ExplainRequest.parse(o, maxText, maxDeadline));
  }

  /** A text request whose model explains sequences, with its label resolved. */
  private ExplainRequest checked(ExplainRequest r) {
    StudioModel m = textModel(r.model());
    if (m.classifier().task() != ai.lantern.core.Task.SEQUENCE_CLASSIFICATION
        && m.classifier().task() != ai.lantern.core.Task.MULTI_LABEL) {
      throw new IllegalArgumentException("model " + m.id() + " is a " + m.classifier().task().name().toLowerCase(
          java.util.Locale.ROOT).replace('_', '-') + " model; the studio explains sequence classifiers");
    }
    if (r.label() == null) {
      return r;
    }
    String label;
    try {
      label = ai.lantern.core.Labels.resolve(m.classifier().labels(), r.label());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("label: " + e.getMessage());
    }
    return r.withLabel(label);
  }

  private StudioModel model(String id) {
    StudioModel m = models.get(id);
    if (m == null) {
      throw new Status(404, "model: no model '" + id + "' here; models: " + models.keySet());
    }
    return m;
  }

  /** A text model: image models are named with where their requests go. */
  private StudioModel textModel(String id) {
    StudioModel m = model(id);
    if (m.isImage()) {
      throw new IllegalArgumentException("model " + m.id() + " is an image classifier: POST an image to "
          + "/api/explain-image or /api/runs (or /api/predict)");
    }
    return m;
  }

  private static Map<String, Object> describe(StudioModel m) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("id", m.id());
    d.put("name", m.path());
    if (m.isImage()) {
      d.put("task", "image-classification");
      d.put("labels", m.image().labels());
      d.put("gradients", m.image().isGradientReady());
      d.put("inputSize", List.of(m.image().inputShape().height(), m.image().inputShape().width()));
      return d;
    }
    d.put("task", m.classifier().task().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    d.put("labels", m.classifier().labels());
    d.put("gradients", m.classifier().isGradientReady());
    return d;
  }

  /** The body as a JSON object, at most {@code maxBody} bytes. */
  private JsonObject body(Request request) throws IOException {
    return body(request, maxBody);
  }

  /** The body as a JSON object, at most {@code limit} bytes. */
  private JsonObject body(Request request, int limit) throws IOException {
    return parse(bytes(request, limit));
  }

  /** The body's bytes, at most {@code maxBody} of them. */
  private static byte[] bytes(Request request, int maxBody) throws IOException {
    if (request.getLength() > maxBody) {
      throw new ExplainRequest.TooLargeException("the request body is " + request.getLength() + " bytes, the limit is "
          + maxBody);
    }
    byte[] bytes;
    try (InputStream in = Content.Source.asInputStream(request)) {
      bytes = in.readNBytes(maxBody + 1);
    }
    if (bytes.length > maxBody) {
      throw new ExplainRequest.TooLargeException("the request body is over the limit of " + maxBody + " bytes");
    }
    return bytes;
  }

  private static JsonObject parse(byte[] bytes) {
    try {
      var e = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
      if (!e.isJsonObject()) {
        throw new IllegalArgumentException("the body must be a JSON object, got " + (bytes.length == 0 ? "nothing"
            : e.toString().length() > 40 ? e.toString().substring(0, 40) + "..." : e.toString()));
      }
      return e.getAsJsonObject();
    } catch (JsonParseException e) {
      throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
    }
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new Status(405, method + " is not allowed here; use " + allowed);
    }
  }

  private static void file(String name, Response response, Callback callback) throws IOException {
    byte[] bytes;
    try (InputStream in = Api.class.getResourceAsStream("web/" + name)) {
      if (in == null) {
        throw new Status(404, "missing " + name);
      }
      bytes = in.readAllBytes();
    }
    String type = name.endsWith(".js") ? "text/javascript; charset=utf-8" : name.endsWith(".css")
        ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    bytes(response, callback, 200, type, bytes);
  }

  private static void json(Response response, Callback callback, int status, Object body) {
    bytes(response, callback, status, "application/json; charset=utf-8",
        (GSON.toJson(body) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static void bytes(Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** An answer other than 200, with its message. */
  static final class Status extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    Status(int code, String message) {
      super(message);
      this.code = code;
    }
  }
}
