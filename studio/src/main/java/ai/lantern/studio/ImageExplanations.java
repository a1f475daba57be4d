package ai.lantern.studio;

import ai.lantern.core.Labels;
import ai.lantern.core.Prediction;
import ai.lantern.engine.pytorch.PyTorchImageClassifier;
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
import ai.lantern.reports.ImageViews;
import com.google.gson.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Image requests: {@code POST /api/predict} with an {@code image} and {@code POST /api/explain-image}.
 * The image comes as base64 (a data URL's prefix is allowed) and is read with the command line's
 * checks; the explanation is drawn as a PNG data URL, next to the numbers.
 */
final class ImageExplanations {
  static final List<String> METHODS = List.of("ig", "lime");

  private ImageExplanations() {}

  /** The decoded image of the request's {@code image} field. */
  static BufferedImage image(JsonObject o) {
    String data = ExplainRequest.string(o, "image", true);
    int comma = data.startsWith("data:") ? data.indexOf(',') : -1;
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(comma >= 0 ? data.substring(comma + 1) : data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("image: not base64 (" + e.getMessage() + ")");
    }
    if (bytes.length == 0) {
      throw new IllegalArgumentException("image: empty");
    }
    return ImageProcessor.read(bytes, "the image");
  }

  static Map<String, Object> predict(StudioModel m, JsonObject o) {
    Prediction p = m.image().predict(image(o));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", m.path());
    out.put("prediction", ExplanationJson.prediction(p));
    return out;
  }

  /**
   * Explains the request's image.
   *
   * @throws IllegalArgumentException naming the field, for a bad field or image
   */
  static Map<String, Object> explain(StudioModel m, JsonObject o) {
    for (String field : o.keySet()) {
      if (!List.of("model", "image", "method", "label", "steps", "noiseTunnel", "samples", "view", "sign", "seed",
          "segmentation", "numFeatures").contains(field)) {
        throw new IllegalArgumentException(field + ": not a field of an image explanation (fields: model, image, "
            + "method, label, steps, noiseTunnel, view, sign, samples, segmentation, numFeatures, seed)");
      }
    }
    String method = ExplainRequest.string(o, "method", false);
    method = method == null ? "ig" : method;
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("method: images are explained with " + METHODS + ", got '" + method + "'");
    }
    PyTorchImageClassifier model = m.image();
    BufferedImage image = image(o);
    Integer target = null;
    String label = ExplainRequest.string(o, "label", false);
    if (label != null) {
      try {
        target = model.labels().indexOf(Labels.resolve(model.labels(), label));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("label: " + e.getMessage());
      }
    }
    long seed = ExplainRequest.integer(o, "seed", 0, Integer.MAX_VALUE);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", m.path());
    out.put("method", method);
    return method.equals("ig") ? integratedGradients(model, image, o, target, seed, out)
        : lime(model, image, o, target, seed, out);
  }

  private static Map<String, Object> integratedGradients(PyTorchImageClassifier model, BufferedImage image,
      JsonObject o, Integer target, long seed, Map<String, Object> out) {
    for (String f : List.of("samples", "segmentation", "numFeatures")) {
      if (o.has(f)) {
        throw new IllegalArgumentException(f + ": belongs to method lime, not ig");
      }
    }
    String tunnel = ExplainRequest.string(o, "noiseTunnel", false);
    ImageViews.View view = parse("view", o, "overlay", ImageViews.View::parse);
    ImageViews.Sign sign = parse("sign", o, "all", ImageViews.Sign::parse);
    int steps = ExplainRequest.integer(o, "steps", 1, 500);
    // transformers-interpret's defaults: 50 steps, or 5 inside a noise tunnel of 10 samples.
    ImageIntegratedGradients ig = ImageIntegratedGradients.builder().setModel(model)
        .optSteps(steps > 0 ? steps : tunnel == null ? 50 : 5).optInternalBatchSize(10).build();
    float[] pixels = model.processor().pixelValues(image);
    ImageAttribution a = tunnel == null ? ig.explain(pixels, target)
        : NoiseTunnel.builder().setIntegratedGradients(ig).optType(parse("noiseTunnel", o, null, NoiseTunnel.Type::parse))
            .optSeed(seed).build().explain(pixels, target);
    BufferedImage picture;
    try {
      picture = ImageViews.render(model.processor().displayed(image), a.channelSum(), view, sign, 10, true);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("view: " + e.getMessage());
    }
    out.put("prediction", ExplanationJson.prediction(a.prediction()));
    out.put("label", a.label());
    out.put("picture", dataUrl(picture));
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("steps", a.steps());
    d.put("forwardPasses", a.forwardPasses());
    d.put("elapsedMillis", a.elapsed().toMillis());
    d.put("convergenceDelta", Double.isNaN(a.convergenceDelta()) ? null : a.convergenceDelta());
    d.put("noiseTunnel", tunnel);
    d.put("seed", tunnel == null ? null : seed);
    out.put("diagnostics", d);
    return out;
  }

  private static Map<String, Object> lime(PyTorchImageClassifier model, BufferedImage image, JsonObject o,
      Integer target, long seed, Map<String, Object> out) {
    for (String f : List.of("steps", "noiseTunnel", "view", "sign")) {
      if (o.has(f)) {
        throw new IllegalArgumentException(f + ": belongs to method ig, not lime");
      }
    }
    int samples = ExplainRequest.integer(o, "samples", 2, 20_000);
    int features = ExplainRequest.integer(o, "numFeatures", 1, 1_000);
    String segmentation = ExplainRequest.string(o, "segmentation", false);
    Segmenter segmenter = switch (segmentation == null ? "quickshift" : segmentation) {
      case "quickshift" -> Quickshift.lime();
      case "slic" -> Slic.builder().optStartLabel(0).build();
      default -> throw new IllegalArgumentException("segmentation: quickshift (lime's default) or slic, got '"
          + segmentation + "'");
    };
    int h = model.inputShape().height();
    int w = model.inputShape().width();
    int explained = target != null ? target : model.predict(image).index();
    ImageLimeExplanation e = LimeImageExplainer.builder().optNumSamples(samples > 0 ? samples : 1000)
        .optLabels(explained).optSeed(seed).build()
        .explain(model.processor().rgbValues(image), h, w, segmenter, model.labels(), model::probabilitiesOfRgb);
    ImageLimeExplanation.LabelWeights lw = e.explanations().get(0);
    ImageLimeExplanation.ImageAndMask mask = e.imageAndMask(lw.index(), false, false, false,
        features > 0 ? features : 5, 0);
    out.put("prediction", ExplanationJson.prediction(e.prediction()));
    out.put("label", lw.label());
    out.put("picture", dataUrl(ImageViews.superpixels(e.image(), mask.image(), mask.mask(), w, h)));
    List<Object> superpixels = new ArrayList<>();
    for (int i = 0; i < Math.min(10, lw.order().length); i++) {
      superpixels.add(Map.of("segment", lw.order()[i], "weight", lw.weights()[lw.order()[i]]));
    }
    out.put("superpixels", superpixels);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("samples", e.samples());
    d.put("superpixels", lw.weights().length);
    d.put("r2", lw.score());
    d.put("elapsedMillis", e.elapsed().toMillis());
    d.put("seed", e.seed());
    out.put("diagnostics", d);
    return out;
  }

  private static <T> T parse(String field, JsonObject o, String fallback, java.util.function.Function<String, T> parse) {
    String value = ExplainRequest.string(o, field, false);
    try {
      return parse.apply(value == null ? fallback : value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage());
    }
  }

  private static String dataUrl(BufferedImage picture) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      javax.imageio.ImageIO.write(picture, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return "data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray());
  }
}
