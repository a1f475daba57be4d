package ai.lantern.studio;

import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.Labels;
import ai.lantern.core.Prediction;
import ai.lantern.engine.transformers.TransformerImageClassifier;
import ai.lantern.engine.transformers.ImageProcessor;
import ai.lantern.explainers.image.ImageAttribution;
import ai.lantern.explainers.image.ImageIntegratedGradients;
import ai.lantern.explainers.image.NoiseTunnel;
import ai.lantern.explainers.lime.ImageLimeExplanation;
import ai.lantern.explainers.lime.LimeImageExplainer;
import ai.lantern.explainers.lime.Quickshift;
import ai.lantern.explainers.lime.Segmenter;
import ai.lantern.explainers.lime.Slic;
import ai.lantern.reports.ExplanationJson;
import ai.lantern.reports.HtmlReport;
import ai.lantern.reports.ImageViews;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image requests: {@code POST /api/predict} with an {@code image}, and image runs
 * ({@code POST /api/runs} or {@code /api/explain-image}). The image comes as base64 (a data URL's
 * prefix is allowed), is read with the command line's checks and kept only at the model's size;
 * the explanation is drawn as a PNG data URL next to the numbers.
 */
final class ImageExplanations {
  static final List<String> METHODS = List.of("ig", "lime");
  private static final List<String> FIELDS = List.of("model", "image", "method", "label", "steps", "noiseTunnel",
      "samples", "view", "sign", "seed", "segmentation", "numFeatures", "deadlineMs");

  private ImageExplanations() {}

  /**
   * A checked image request.
   *
   * @param rgb the image at the model's size, {@code height × width × 3} values 0..255
   * @param target the class asked for, or null for the predicted one
   * @param deadline the run's time limit (the request's, at most the studio's)
   */
  record Request(String method, int[] rgb, Integer target, long seed, int steps, String noiseTunnel,
      ImageViews.View view, ImageViews.Sign sign, int samples, String segmentation, int numFeatures,
      Duration deadline) {}

  /** Uploads are decoded whole before they are shrunk: 16 megapixels (a phone's photo) at most. */
  static final long MAX_PIXELS = 16_000_000L;

  /** The decoded image of the request's {@code image} field. */
  static BufferedImage image(JsonObject o) {
    String data = ExplainRequest.string(o, "image", true);
    int comma = data.startsWith("data:") ? data.indexOf(',') : -1;
    byte[] bytes;
    try {
      // Strict: a character outside base64's alphabet is an error, not skipped (line breaks excepted).
      bytes = Base64.getDecoder().decode((comma >= 0 ? data.substring(comma + 1) : data).replaceAll("[\\r\\n]", ""));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image: not base64 (" + e.getMessage() + ")");
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("image: empty");
    }
    return ImageProcessor.read(bytes, "the image", MAX_PIXELS);
  }

  static Map<String, Object> predict(StudioModel m, JsonObject o) {
    Prediction p = m.image().predict(image(o));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", m.path());
    out.put("prediction", ExplanationJson.prediction(p));
    return out;
  }

  /**
   * Checks an image request, every field before the image is decoded.
   *
   * @throws IllegalArgumentException naming the field, for a bad field or image
   */
  static Request parse(StudioModel m, JsonObject o, Duration maxDeadline) {
    for (String field : o.keySet()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(field + ": not a field of an image explanation (fields: "
            + String.join(", ", FIELDS) + ")");
      }
    }
    String method = ExplainRequest.string(o, "method", false);
    method = method == null ? "ig" : method;
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("method: images are explained with " + METHODS + ", got '" + method + "'");
    }
    for (String f : method.equals("ig") ? List.of("samples", "segmentation", "numFeatures")
        : List.of("steps", "noiseTunnel", "view", "sign")) {
      if (o.has(f)) {
        throw new IllegalArgumentException(f + ": belongs to method " + (method.equals("ig") ? "lime" : "ig")
            + ", not " + method);
      }
    }
    TransformerImageClassifier model = m.image();
    if (method.equals("ig") && !model.isGradientReady()) {
      throw new IllegalArgumentException("method: model " + m.id() + " gives no gradients (an ONNX export), so "
          + "Integrated Gradients cannot explain it; use method lime");
    }
    Integer target = null;
    String label = ExplainRequest.string(o, "label", false);
    if (label != null) {
      try {
        target = model.labels().indexOf(Labels.resolve(model.labels(), label));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("label: " + e.getMessage());
      }
    }
    String tunnel = ExplainRequest.string(o, "noiseTunnel", false);
    if (tunnel != null) {
      parse("noiseTunnel", tunnel, NoiseTunnel.Type::parse);
    }
    ImageViews.View view = parse("view", value(o, "view", "overlay"), ImageViews.View::parse);
    ImageViews.Sign sign = parse("sign", value(o, "sign", "all"), ImageViews.Sign::parse);
    if (sign == ImageViews.Sign.ALL && (view == ImageViews.View.MASKED_IMAGE || view == ImageViews.View.ALPHA_SCALING)) {
      throw new IllegalArgumentException("view: " + o.get("view").getAsString() + " shows one sign: choose sign "
          + "positive, negative or absolute_value");
    }
    String segmentation = value(o, "segmentation", "quickshift");
    if (!segmentation.equals("quickshift") && !segmentation.equals("slic")) {
      throw new IllegalArgumentException("segmentation: quickshift (lime's default) or slic, got '" + segmentation
          + "'");
    }
    int deadlineMs = ExplainRequest.integer(o, "deadlineMs", 1, Integer.MAX_VALUE);
    Duration deadline = deadlineMs > 0 && Duration.ofMillis(deadlineMs).compareTo(maxDeadline) < 0
        ? Duration.ofMillis(deadlineMs) : maxDeadline;
    int steps = ExplainRequest.integer(o, "steps", 1, 500);
    int samples = ExplainRequest.integer(o, "samples", 2, 20_000);
    int numFeatures = ExplainRequest.integer(o, "numFeatures", 1, 1_000);
    long seed = ExplainRequest.integer(o, "seed", 0, Integer.MAX_VALUE);
    // Only the image at the model's size is kept while the run waits and runs.
    int[] rgb = model.processor().rgbValues(image(o));
    return new Request(method, rgb, target, seed, steps, tunnel, view, sign, samples, segmentation, numFeatures,
        deadline);
  }

  /**
   * Explains a run's image. A run stopped by the user ends after its current batch: LIME with
   * the samples it has, marked partial; Integrated Gradients with an error, as a path integral on
   * part of its points is not an attribution.
   */
  static Map<String, Object> explain(Run run) {
    Request r = run.image;
    try {
      return r.method().equals("ig") ? integratedGradients(run) : lime(run);
    } catch (BudgetExceededException e) {
      if (run.stopSwitch.stopped()) {
        throw new Api.Status(409, "stopped by the user after " + e.done() + " of " + e.planned() + " images: "
            + "Integrated Gradients gives no partial result");
      }
      // The run's time limit (the request's, at most the operator's) ran out: not a bad request.
      throw new Api.Status(503, e.getMessage());
    }
  }

  private static Map<String, Object> integratedGradients(Run run) {
    Request r = run.image;
    TransformerImageClassifier model = run.model.image();
    // transformers-interpret's defaults: 50 steps, or 5 inside a noise tunnel of 10 samples.
    ImageIntegratedGradients ig = ImageIntegratedGradients.builder().setModel(model)
        .optSteps(r.steps() > 0 ? r.steps() : r.noiseTunnel() == null ? 50 : 5).optInternalBatchSize(10)
        .optDeadline(r.deadline()).optStopSignal(run.stopSwitch).optProgressListener(p -> run.progress = p).build();
    float[] pixels = model.processor().pixelValues(r.rgb());
    ImageAttribution a = r.noiseTunnel() == null ? ig.explain(pixels, r.target())
        : NoiseTunnel.builder().setIntegratedGradients(ig).optType(NoiseTunnel.Type.parse(r.noiseTunnel()))
            .optSeed(r.seed()).build().explain(pixels, r.target());
    BufferedImage picture = ImageViews.render(model.processor().displayed(r.rgb()), a.channelSum(), r.view(), r.sign(),
        10, true);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("steps", a.steps());
    d.put("forwardPasses", a.forwardPasses());
    d.put("elapsedMillis", a.elapsed().toMillis());
    d.put("convergenceDelta", Double.isNaN(a.convergenceDelta()) ? null : a.convergenceDelta());
    d.put("noiseTunnel", r.noiseTunnel());
    d.put("seed", r.noiseTunnel() == null ? null : r.seed());
    // A finished path integral is whole, even if Stop came at its end: never "stopped".
    return finish(run, a.prediction(), a.label(), false, picture, null, d);
  }

  private static Map<String, Object> lime(Run run) {
    Request r = run.image;
    TransformerImageClassifier model = run.model.image();
    Segmenter segmenter = r.segmentation().equals("slic") ? Slic.builder().optStartLabel(0).build()
        : Quickshift.lime();
    int h = model.inputShape().height();
    int w = model.inputShape().width();
    if (run.stopSwitch.stopped()) {
      throw new Api.Status(409, "stopped by the user before LIME drew a sample");
    }
    LimeImageExplainer.Builder b = LimeImageExplainer.builder();
    if (r.target() != null) {
      b.optLabels(r.target());
    } else {
      b.optTopLabels(1); // the predicted class, read from the unperturbed first sample: no extra pass
    }
    ImageLimeExplanation e = b.optNumSamples(r.samples() > 0 ? r.samples() : 1000).optSeed(r.seed()).optDeadline(r.deadline()).optStopSignal(run.stopSwitch)
        .optProgressListener(p -> run.progress = p).build()
        .explain(r.rgb(), h, w, segmenter, model.labels(), model::probabilitiesOfRgb);
    ImageLimeExplanation.LabelWeights lw = e.explanations().get(0);
    ImageLimeExplanation.ImageAndMask mask = e.imageAndMask(lw.index(), false, false, false,
        r.numFeatures() > 0 ? r.numFeatures() : 5, 0);
    List<Object> superpixels = new ArrayList<>();
    for (int i = 0; i < Math.min(10, lw.order().length); i++) {
      superpixels.add(Map.of("segment", lw.order()[i], "weight", lw.weights()[lw.order()[i]]));
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("samples", e.samples());
    d.put("superpixels", lw.weights().length);
    d.put("r2", lw.score());
    d.put("elapsedMillis", e.elapsed().toMillis());
    d.put("seed", e.seed());
    d.put("partial", e.partial());
    boolean stopped = run.stopSwitch.stopped() && e.partial();
    if (stopped) {
      d.put("warning", "stopped by the user: a partial result from the samples drawn before the stop");
    } else if (e.partial()) {
      d.put("warning", "the budget (a deadline of " + r.deadline().toMillis() + " ms) ended the sampling early");
    }
    return finish(run, e.prediction(), lw.label(), stopped,
        ImageViews.superpixels(e.image(), mask.image(), mask.mask(), w, h), superpixels, d);
  }

  /**
   * The result, with the picture inline; the run keeps the picture for its downloads, and the
   * report page is made from it when someone asks for it.
   */
  private static Map<String, Object> finish(Run run, Prediction prediction, String label, boolean stopped,
      BufferedImage picture, List<Object> superpixels, Map<String, Object> diagnostics) {
    byte[] png = png(picture);
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put("method", run.image.method());
    shown.put("explained class", label);
    diagnostics.forEach((k, v) -> {
      if (v != null) {
        shown.put(k, v instanceof Double x ? String.format(java.util.Locale.ROOT, "%.4g", x) : String.valueOf(v));
      }
    });
    String heading = run.model.id() + ": " + run.image.method();
    run.report = () -> new HtmlReport("Lantern: " + run.model.id()).addImage(heading, decode(png), prediction, shown)
        .render();
    run.picture = png; // last: a download checks it
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("run", run.id);
    result.put("model", run.model.path());
    result.put("method", run.image.method());
    result.put("prediction", ExplanationJson.prediction(prediction));
    result.put("label", label);
    result.put("stopped", stopped);
    result.put("picture", "data:image/png;base64," + Base64.getEncoder().encodeToString(png));
    if (superpixels != null) {
      result.put("superpixels", superpixels);
    }
    result.put("diagnostics", diagnostics);
    return result;
  }

  private static BufferedImage decode(byte[] png) {
    try {
      return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String value(JsonObject o, String field, String fallback) {
    String v = ExplainRequest.string(o, field, false);
    return v == null ? fallback : v;
  }

  private static <T> T parse(String field, String value, java.util.function.Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static byte[] png(BufferedImage picture) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(picture, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return png.toByteArray();
  }
}
