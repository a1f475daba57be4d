package ai.lantern.studio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP API with a real server and a real HTTP client. */
class StudioApiTest {
  private static Studio studio;
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() {
    studio = Studio.builder().addEmbeddedModel()
        .addModel(Path.of(System.getProperty("lantern.models.dir"), "ner-tiny"))
        .addModel(Path.of(System.getProperty("lantern.models.dir"), "pair-tiny"))
        .addModel(Path.of(System.getProperty("lantern.models.dir"), "nli-tiny"))
        .addModel(Path.of(System.getProperty("lantern.models.dir"), "digits-cnn"))
        .addModel(Path.of(System.getProperty("lantern.models.dir"), "hf-vit-digits"))
        .addModel(Path.of(System.getProperty("lantern.models.dir"), "hf-vit-digits-onnx"))
        .optAddress("127.0.0.1", 0).optConcurrency(1, 8).optMaxDeadline(Duration.ofSeconds(30))
        .optLimits(2_000, 16 * 1024).optImageLimit(64 * 1024).optThreads(1).build().start();
  }

  @AfterAll
  static void stop() {
    if (studio != null) {
      studio.close();
    }
  }

  static HttpResponse<String> call(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(studio.uri().resolve(path)).timeout(Duration.ofSeconds(60));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  static JsonObject json(HttpResponse<String> r) {
    return JsonParser.parseString(r.body()).getAsJsonObject();
  }

  @Test
  void modelsPredictAndExplainAnswerInTheCommandLinesSchema() throws Exception {
    HttpResponse<String> models = call("GET", "/api/models", null);
    assertEquals(200, models.statusCode());
    assertTrue(models.body().contains("\"id\":\"sst2-tiny\"") && models.body().contains("\"task\":\"token-classification\""),
        models.body());
    HttpResponse<String> p = call("POST", "/api/predict", "{\"model\":\"sst2-tiny\",\"text\":\"a wonderful film\"}");
    assertEquals(200, p.statusCode(), p.body());
    assertEquals("POSITIVE", json(p).getAsJsonObject("prediction").get("label").getAsString());
    HttpResponse<String> e = call("POST", "/api/explain",
        "{\"model\":\"sst2-tiny\",\"text\":\"a wonderful film\",\"samples\":500,\"seed\":3}");
    assertEquals(200, e.statusCode(), e.body());
    JsonObject x = json(e);
    assertEquals("lime", x.get("method").getAsString());
    assertEquals(3, x.getAsJsonObject("diagnostics").get("seed").getAsInt());
    assertEquals("wonderful", x.getAsJsonArray("explanations").get(0).getAsJsonObject().getAsJsonArray("features")
        .get(1).getAsJsonObject().get("text").getAsString());
    HttpResponse<String> g = call("POST", "/api/explain",
        "{\"model\":\"sst2-tiny\",\"text\":\"a wonderful film\",\"method\":\"lig\",\"steps\":20,\"label\":\"negative\"}");
    assertEquals(200, g.statusCode(), g.body());
    assertEquals("NEGATIVE", json(g).getAsJsonArray("explanations").get(0).getAsJsonObject().get("label").getAsString());
    HttpResponse<String> est = call("POST", "/api/estimate", "{\"model\":\"sst2-tiny\",\"text\":\"a wonderful film\"}");
    assertEquals(200, est.statusCode(), est.body());
    assertTrue(json(est).getAsJsonObject("estimate").get("forwardPasses").getAsDouble() > 1, est.body());
  }

  private static String digit() throws Exception {
    return java.util.Base64.getEncoder().encodeToString(java.nio.file.Files.readAllBytes(Path.of(
        System.getProperty("lantern.models.dir"), "digits-cnn", "digit-0-7.png")));
  }

  @Test
  void imagesArePredictedAndExplainedWithTheirPictures() throws Exception {
    HttpResponse<String> models = call("GET", "/api/models", null);
    assertTrue(models.body().contains("\"id\":\"digits-cnn\",\"name\"") && models.body().contains(
        "\"task\":\"image-classification\"") && models.body().contains("\"inputSize\":[32,32]"), models.body());
    String image = digit();
    HttpResponse<String> p = call("POST", "/api/predict", "{\"model\":\"hf-vit-digits\",\"image\":\""
        + "data:image/png;base64," + image + "\"}");
    assertEquals(200, p.statusCode(), p.body());
    assertEquals("7", json(p).getAsJsonObject("prediction").get("label").getAsString());
    HttpResponse<String> ig = call("POST", "/api/explain-image", "{\"model\":\"digits-cnn\",\"image\":\"" + image
        + "\",\"steps\":20}");
    assertEquals(200, ig.statusCode(), ig.body());
    JsonObject x = json(ig);
    assertEquals("ig", x.get("method").getAsString());
    assertEquals("7", x.get("label").getAsString());
    assertTrue(x.get("picture").getAsString().startsWith("data:image/png;base64,"));
    byte[] png = java.util.Base64.getDecoder().decode(x.get("picture").getAsString().substring(22));
    assertTrue(javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png)).getWidth() > 256, "side by side");
    assertEquals(20, x.getAsJsonObject("diagnostics").get("steps").getAsInt());
    assertTrue(Double.isFinite(x.getAsJsonObject("diagnostics").get("convergenceDelta").getAsDouble()), ig.body());
    String smooth = "{\"model\":\"hf-vit-digits\",\"image\":\"" + image + "\",\"noiseTunnel\":\"smoothgrad\","
        + "\"seed\":4,\"view\":\"heatmap\",\"sign\":\"positive\",\"label\":\"1\"}";
    HttpResponse<String> a = call("POST", "/api/explain-image", smooth);
    HttpResponse<String> b = call("POST", "/api/explain-image", smooth);
    assertEquals(200, a.statusCode(), a.body());
    assertEquals("1", json(a).get("label").getAsString());
    assertEquals(json(a).get("picture"), json(b).get("picture"), "the same seed draws the same picture");
    HttpResponse<String> lime = call("POST", "/api/explain-image", "{\"model\":\"hf-vit-digits\",\"image\":\""
        + image + "\",\"method\":\"lime\",\"samples\":100,\"segmentation\":\"slic\",\"seed\":2}");
    assertEquals(200, lime.statusCode(), lime.body());
    JsonObject l = json(lime);
    assertEquals(100, l.getAsJsonObject("diagnostics").get("samples").getAsInt());
    assertTrue(l.getAsJsonArray("superpixels").size() > 1, lime.body());
    assertTrue(l.getAsJsonObject("diagnostics").has("r2"), lime.body());

    String[][] bad = {
        {"{\"model\":\"digits-cnn\",\"image\":\"not base64!\"}", "image: not base64"},
        {"{\"model\":\"digits-cnn\",\"image\":\"" + java.util.Base64.getEncoder().encodeToString(
            "plain text".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\"}",
            "the image is not an image Lantern can read"},
        {"{\"model\":\"digits-cnn\"}", "image: missing"},
        {"{\"model\":\"sst2-tiny\",\"image\":\"" + image + "\"}", "is a text classifier"},
        {"{\"model\":\"digits-cnn\",\"image\":\"" + image + "\",\"method\":\"occlusion\"}",
            "method: images are explained with [ig, lime]"},
        {"{\"model\":\"digits-cnn\",\"image\":\"" + image + "\",\"method\":\"lime\",\"steps\":5}",
            "steps: belongs to method ig, not lime"},
        {"{\"model\":\"digits-cnn\",\"image\":\"" + image + "\",\"text\":\"x\"}", "text: not a field"},
        {"{\"model\":\"digits-cnn\",\"image\":\"" + image + "\",\"view\":\"masked_image\"}",
            "view: masked_image shows one sign"},
        {"{\"model\":\"digits-cnn\",\"image\":\"" + image + "\",\"label\":\"eleven\"}", "label: "},
        {"{\"model\":\"digits-cnn\",\"image\":\"" + java.util.Base64.getEncoder().encodeToString(pngHeader(5000, 5000))
            + "\"}", "the image is 5000×5000, over the limit of 16 megapixels"},
    };
    for (String[] c : bad) {
      HttpResponse<String> r = call("POST", "/api/explain-image", c[0]);
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(json(r).get("error").getAsString().contains(c[1]), c[1] + " / " + r.body());
    }
    HttpResponse<String> text = call("POST", "/api/explain", "{\"model\":\"digits-cnn\",\"text\":\"a film\"}");
    assertEquals(400, text.statusCode(), text.body());
    assertTrue(json(text).get("error").getAsString().contains("is an image classifier: POST an image to "
        + "/api/explain-image"), text.body());
    HttpResponse<String> textPredict = call("POST", "/api/predict", "{\"model\":\"sst2-tiny\",\"image\":\"" + image
        + "\"}");
    assertEquals(400, textPredict.statusCode(), textPredict.body());
    assertTrue(json(textPredict).get("error").getAsString().contains("image: model sst2-tiny is a text classifier"),
        textPredict.body());
    // The ONNX export: LIME explains it, Integrated Gradients is refused by name.
    HttpResponse<String> onnx = call("POST", "/api/explain-image", "{\"model\":\"hf-vit-digits-onnx\",\"image\":\""
        + image + "\",\"method\":\"lime\",\"samples\":50,\"segmentation\":\"slic\"}");
    assertEquals(200, onnx.statusCode(), onnx.body());
    assertEquals("7", json(onnx).get("label").getAsString());
    HttpResponse<String> onnxIg = call("POST", "/api/explain-image", "{\"model\":\"hf-vit-digits-onnx\",\"image\":\""
        + image + "\"}");
    assertEquals(400, onnxIg.statusCode(), onnxIg.body());
    assertTrue(json(onnxIg).get("error").getAsString().contains("gives no gradients (an ONNX export)"), onnxIg.body());
    HttpResponse<String> estimate = call("POST", "/api/estimate", "{\"model\":\"digits-cnn\",\"text\":\"x\"}");
    assertEquals(400, estimate.statusCode(), estimate.body());
    assertTrue(json(estimate).get("error").getAsString().contains("is an image classifier"), estimate.body());
    // Each kind of request is held to its own limit: 16 KiB for texts, 64 KiB with an image here.
    String big = "A".repeat(70 * 1024);
    HttpResponse<String> huge = call("POST", "/api/explain-image", "{\"model\":\"digits-cnn\",\"image\":\"" + big
        + "\"}");
    assertEquals(413, huge.statusCode(), huge.body());
    HttpResponse<String> textBig = call("POST", "/api/predict", "{\"model\":\"sst2-tiny\",\"text\":\""
        + "a".repeat(30 * 1024) + "\"}");
    assertEquals(413, textBig.statusCode(), textBig.body());
    assertTrue(json(textBig).get("error").getAsString().contains("the limit is 16384"), textBig.body());
    HttpResponse<String> late = call("POST", "/api/explain-image", "{\"model\":\"hf-vit-digits\",\"image\":\"" + image
        + "\",\"steps\":500,\"deadlineMs\":1}");
    assertEquals(503, late.statusCode(), "the run's time ran out: not a bad request; " + late.body());
    assertTrue(json(late).get("error").getAsString().contains("passed its deadline of 1 ms"), late.body());
  }

  /** A PNG signature and header chunk claiming the size, with no pixel data. */
  private static byte[] pngHeader(int width, int height) {
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(width).putInt(height)
        .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(ihdr.array());
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4);
    b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}).putInt(13).put(ihdr.array())
        .putInt((int) crc.getValue());
    return b.array();
  }

  private static JsonObject waitForResult(String id) throws Exception {
    for (int i = 0; i < 600; i++) {
      JsonObject s = json(call("GET", "/api/runs/" + id, null));
      if (s.has("result") || s.has("error")) {
        return s;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("run " + id + " did not finish");
  }

  private static void waitForProgress(String id) throws Exception {
    for (int i = 0; i < 600; i++) {
      JsonObject p = json(call("GET", "/api/runs/" + id, null)).getAsJsonObject("progress");
      if (p.has("done") && p.get("done").getAsLong() > 0) {
        return;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("run " + id + " showed no progress");
  }

  @Test
  void imageRunsReportProgressAndStopLimeWithAPartialResultAndIgWithAnError() throws Exception {
    String image = digit();
    HttpResponse<String> lime = call("POST", "/api/runs", "{\"model\":\"hf-vit-digits\",\"image\":\"" + image
        + "\",\"method\":\"lime\",\"samples\":20000,\"segmentation\":\"slic\"}");
    assertEquals(202, lime.statusCode(), lime.body());
    String id = json(lime).get("run").getAsString();
    waitForProgress(id);
    assertEquals(202, call("DELETE", "/api/runs/" + id, null).statusCode());
    JsonObject r = waitForResult(id).getAsJsonObject("result");
    assertTrue(r.get("stopped").getAsBoolean(), r.toString());
    JsonObject d = r.getAsJsonObject("diagnostics");
    assertTrue(d.get("partial").getAsBoolean() && d.get("samples").getAsInt() < 20000, d.toString());
    assertTrue(d.get("warning").getAsString().startsWith("stopped by the user"), d.toString());
    HttpResponse<String> png = call("GET", "/api/runs/" + id + "/chart.png", null);
    assertEquals(200, png.statusCode());
    assertTrue(png.body().startsWith("\uFFFDPNG"), "a PNG");
    HttpResponse<String> page = call("GET", "/api/runs/" + id + "/report.html", null);
    assertTrue(page.body().contains("data:image/png;base64,") && page.body().contains("explained class"),
        page.body().substring(0, Math.min(300, page.body().length())));

    HttpResponse<String> ig = call("POST", "/api/runs", "{\"model\":\"hf-vit-digits\",\"image\":\"" + image
        + "\",\"steps\":500,\"noiseTunnel\":\"smoothgrad\"}");
    String igId = json(ig).get("run").getAsString();
    waitForProgress(igId);
    call("DELETE", "/api/runs/" + igId, null);
    JsonObject failed = waitForResult(igId);
    assertTrue(failed.get("error").getAsString().contains("stopped by the user after")
        && failed.get("error").getAsString().contains("Integrated Gradients gives no partial result"), failed.toString());
  }

  @Test
  void pairsAndZeroShotAreExplainedWithTheirTasksExplainers() throws Exception {
    for (String method : new String[] {"lime", "lig"}) {
      HttpResponse<String> p = call("POST", "/api/explain", "{\"model\":\"pair-tiny\",\"task\":\"pair\",\"method\":\""
          + method + "\",\"text\":\"a wonderful film\",\"pair\":\"a lovely movie\"}");
      assertEquals(200, p.statusCode(), p.body());
      JsonObject x = json(p);
      assertEquals("a lovely movie", x.get("pair").getAsString());
      assertTrue(x.getAsJsonArray("explanations").get(0).getAsJsonObject().getAsJsonArray("features").toString()
          .contains("\"sequence\":1"), method + ": features of the second text: " + p.body());
    }
    HttpResponse<String> z = call("POST", "/api/explain", "{\"model\":\"nli-tiny\",\"task\":\"zero-shot\","
        + "\"method\":\"lime\",\"samples\":300,\"text\":\"the team won the match\",\"candidateLabels\":"
        + "[\"sport\",\"politics\"],\"template\":\"This text is about {}.\"}");
    assertEquals(200, z.statusCode(), z.body());
    assertEquals(2, json(z).getAsJsonArray("explanations").size(), z.body());
    assertStatus(400, "pair: missing; the pair task needs the second text", call("POST", "/api/explain",
        "{\"model\":\"pair-tiny\",\"task\":\"pair\",\"text\":\"x\"}"));
    assertStatus(400, "candidateLabels: a list of labels is needed for zero-shot", call("POST", "/api/explain",
        "{\"model\":\"nli-tiny\",\"task\":\"zero-shot\",\"text\":\"x\"}"));
    assertStatus(400, "template: must contain {} exactly once", call("POST", "/api/explain",
        "{\"model\":\"nli-tiny\",\"task\":\"zero-shot\",\"text\":\"x\",\"candidateLabels\":[\"a\"],"
        + "\"template\":\"no slot\"}"));
  }

  @Test
  void badRequestsGetTheirStatusAndAMessageThatNamesTheProblem() throws Exception {
    assertStatus(400, "the body is not JSON", call("POST", "/api/explain", "{bad"));
    assertStatus(400, "the body must be a JSON object", call("POST", "/api/explain", "[1,2]"));
    assertStatus(400, "text: missing", call("POST", "/api/explain", "{\"model\":\"sst2-tiny\"}"));
    assertStatus(400, "method: 'magic' is not one of", call("POST", "/api/explain",
        "{\"model\":\"sst2-tiny\",\"text\":\"x\",\"method\":\"magic\"}"));
    assertStatus(400, "samples: a whole number in 2..100000 is needed, got -5", call("POST", "/api/explain",
        "{\"model\":\"sst2-tiny\",\"text\":\"x\",\"samples\":-5}"));
    assertStatus(400, "steps applies to lig, not lime", call("POST", "/api/explain",
        "{\"model\":\"sst2-tiny\",\"text\":\"x\",\"steps\":5}"));
    assertStatus(400, "label: ", call("POST", "/api/explain",
        "{\"model\":\"sst2-tiny\",\"text\":\"x\",\"label\":\"sarcastic\"}"));
    assertStatus(404, "model: no model 'gpt' here; models: [sst2-tiny, ner-tiny, pair-tiny, nli-tiny, digits-cnn, hf-vit-digits, hf-vit-digits-onnx]", call("POST", "/api/predict",
        "{\"model\":\"gpt\",\"text\":\"x\"}"));
    assertStatus(400, "model ner-tiny is a token-classification model; the studio explains sequence classifiers",
        call("POST", "/api/explain", "{\"model\":\"ner-tiny\",\"text\":\"Anna lives in Paris\"}"));
    assertStatus(413, "text: 2001 characters, the limit is 2000", call("POST", "/api/explain",
        "{\"model\":\"sst2-tiny\",\"text\":\"" + "a".repeat(2001) + "\"}"));
    assertStatus(413, "the request body is", call("POST", "/api/predict",
        "{\"model\":\"sst2-tiny\",\"text\":\"x\",\"pad\":\"" + "a".repeat(20_000) + "\"}"));
    assertStatus(405, "GET is not allowed here; use POST", call("GET", "/api/explain", null));
    assertStatus(404, "no such API: /api/nothing", call("GET", "/api/nothing", null));
    assertStatus(404, "no run 999", call("GET", "/api/runs/999", null));
  }

  private static void assertStatus(int status, String message, HttpResponse<String> r) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(json(r).get("error").getAsString().contains(message), r.body());
  }

  @Test
  void eightConcurrentPredictionsAreAllAnswered() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> all = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      HttpRequest r = HttpRequest.newBuilder(studio.uri().resolve("/api/predict")).POST(HttpRequest.BodyPublishers
          .ofString("{\"model\":\"sst2-tiny\",\"text\":\"request number " + i + " was lovely\"}")).build();
      all.add(HTTP.sendAsync(r, HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> f : all) {
      assertEquals(200, f.get().statusCode(), f.get().body());
    }
  }

  @Test
  void aFullQueueIsRefusedWith429AndAStoppedRunEndsPartialWithinABatch() throws Exception {
    try (Studio small = Studio.builder().addEmbeddedModel().optAddress("127.0.0.1", 0).optConcurrency(1, 1)
        .optThreads(1).build().start()) {
      String longRun = "{\"model\":\"sst2-tiny\",\"samples\":100000,\"text\":\"" + "the film was long and slow but "
          .repeat(20) + "\"}";
      HttpResponse<String> first = send(small, "POST", "/api/runs", longRun);
      HttpResponse<String> second = send(small, "POST", "/api/runs", longRun);
      HttpResponse<String> third = send(small, "POST", "/api/runs", longRun);
      assertEquals(202, first.statusCode(), first.body());
      assertEquals(202, second.statusCode(), second.body());
      assertEquals(429, third.statusCode(), third.body());
      assertTrue(third.body().contains("model sst2-tiny is busy"), third.body());
      String id = json(first).get("run").getAsString();
      JsonObject status;
      do {
        Thread.sleep(50);
        status = json(send(small, "GET", "/api/runs/" + id, null));
      } while (!status.getAsJsonObject("progress").has("done"));
      long stopAt = System.nanoTime();
      assertEquals(202, send(small, "DELETE", "/api/runs/" + id, null).statusCode());
      do {
        Thread.sleep(20);
        status = json(send(small, "GET", "/api/runs/" + id, null));
      } while (!status.has("result") && !status.has("error"));
      long stoppedMillis = (System.nanoTime() - stopAt) / 1_000_000;
      assertEquals("stopped", status.get("state").getAsString(), status.toString());
      JsonObject d = status.getAsJsonObject("result").getAsJsonObject("diagnostics");
      assertTrue(d.get("partial").getAsBoolean(), d.toString());
      assertEquals("stopped", d.get("stop").getAsString(), "the stop is told apart from a deadline: " + d);
      assertTrue(d.get("samples").getAsLong() < 100_000, d.toString());
      assertTrue(d.get("elapsedMillis").getAsLong() < 60_000, "time corrected for the stop: " + d);
      assertTrue(d.getAsJsonArray("warnings").toString().contains("stopped by the user"), d.toString());
      assertTrue(stoppedMillis < 5_000, "stopped in " + stoppedMillis + " ms");
      // The queued run goes next; stop it too.
      String next = json(second).get("run").getAsString();
      send(small, "DELETE", "/api/runs/" + next, null);
      HttpResponse<String> events = send(small, "GET", "/api/runs/" + next + "/events", null);
      assertTrue(events.body().contains("event: result") || events.body().contains("event: failure"), events.body());
    }
  }

  private static HttpResponse<String> send(Studio s, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(s.uri().resolve(path)).timeout(Duration.ofSeconds(60));
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void progressStreamsAsServerSentEventsThenTheResult() throws Exception {
    HttpResponse<String> run = call("POST", "/api/runs", "{\"model\":\"sst2-tiny\",\"text\":\"a wonderful film\","
        + "\"samples\":3000}");
    assertEquals(202, run.statusCode(), run.body());
    HttpResponse<String> events = call("GET", json(run).get("events").getAsString(), null);
    assertEquals("text/event-stream; charset=utf-8", events.headers().firstValue("content-type").orElse(""));
    String body = events.body();
    assertTrue(body.contains("event: progress"), body);
    assertTrue(body.indexOf("event: result") > body.indexOf("event: progress"), body);
    String id = json(run).get("run").getAsString();
    HttpResponse<String> png = HTTP.send(HttpRequest.newBuilder(studio.uri().resolve("/api/runs/" + id + "/chart.png"))
        .build(), HttpResponse.BodyHandlers.ofString(java.nio.charset.StandardCharsets.ISO_8859_1));
    assertEquals(200, png.statusCode());
    assertTrue(png.body().startsWith("\u0089PNG"));
    HttpResponse<String> report = call("GET", "/api/runs/" + id + "/report.html", null);
    assertEquals(200, report.statusCode());
    assertTrue(report.body().contains("wonderful"));
  }
}
