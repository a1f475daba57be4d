package ai.lantern.cli;

import ai.lantern.core.Prediction;
import ai.lantern.engine.pytorch.PyTorchImageClassifier;
import ai.lantern.engine.transformers.TransformerImageClassifier;
import ai.lantern.engine.transformers.ImageProcessor;
import ai.lantern.explainers.gradient.IntegrationMethod;
import ai.lantern.explainers.image.ImageAttribution;
import ai.lantern.explainers.image.ImageIntegratedGradients;
import ai.lantern.explainers.image.NoiseTunnel;
import ai.lantern.reports.ImageViews;
import java.awt.image.BufferedImage;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code explain --image} and {@code predict --image}: Integrated Gradients (with NoiseTunnel) on pixels. */
final class ImageCommand extends CommandBase {
  /** Options that only texts take. */
  private static final List<String> TEXT_ONLY = List.of("--features", "--feature-selection", "--max-evals",
      "--window", "--windows", "--stride", "--top-labels", "--pair", "--flip", "--labels", "--template",
      "--multi-label", "--ignore-labels", "--question", "--baseline-token", "--estimate", "--no-faithfulness", "--raw",
      "--text-file", "--threads");
  /** Options of Integrated Gradients on images. */
  private static final List<String> IG_ONLY = List.of("--steps", "--integration", "--internal-batch-size",
      "--baseline", "--noise-tunnel", "--nt-samples", "--stdevs", "--nt-batch-size", "--view", "--sign",
      "--outlier-threshold");
  /** Options of LIME on images. */
  private static final List<String> LIME_ONLY = List.of("--samples", "--num-features", "--numpy-compatible",
      "--segment-size", "--show", "--segmentation", "--kernel-size", "--max-dist", "--ratio", "--n-segments",
      "--compactness");

  ImageCommand(PrintStream out, PrintStream err, java.io.InputStream in) {
    super(out, err, in);
  }

  private static TransformerImageClassifier loadImageModel(Args a) {
    Path dir = modelDir(a);
    if (ai.lantern.engine.onnx.OnnxImageClassifier.onnxFile(dir) != null) {
      return ai.lantern.engine.onnx.OnnxImageClassifier.load(dir);
    }
    if (!TransformerImageClassifier.declaresImageClassification(dir)) {
      throw new IllegalArgumentException(modelName(a) + " is not an image classifier (no lantern.task "
          + "image-classification in its config.json): give --text for a text model, or --model an image package");
    }
    return PyTorchImageClassifier.load(dir);
  }

  /**
   * The superpixels of {@code --segmentation}: quickshift with lime's settings (the default, as
   * lime), slic, or a grid of {@code --segment-size} blocks (implied by {@code --segment-size}).
   */
  private static ai.lantern.explainers.lime.Segmenter segmenter(Args a) {
    String kind = a.get("--segmentation") != null ? a.get("--segmentation")
        : a.get("--segment-size") != null ? "grid" : "quickshift";
    onlyWith(a, "--segmentation", kind, "--segment-size", "grid", "--kernel-size", "quickshift", "--max-dist",
        "quickshift", "--ratio", "quickshift", "--n-segments", "slic", "--compactness", "slic");
    switch (kind) {
      case "grid" -> {
        int block = a.get("--segment-size") == null ? 0 : Methods.atLeast(a, "--segment-size", 1);
        return (rgb, height, width) -> ai.lantern.explainers.lime.LimeImageExplainer.gridSegments(height, width,
            block > 0 ? block : Math.max(1, Math.min(height, width) / 8));
      }
      case "quickshift" -> {
        var q = ai.lantern.explainers.lime.Quickshift.builder().optKernelSize(a.get("--kernel-size") == null ? 4
            : number(a, "--kernel-size", 1, 50)).optMaxDist(a.get("--max-dist") == null ? 200
            : number(a, "--max-dist", 0, 1e6)).optRatio(a.get("--ratio") == null ? 0.2 : number(a, "--ratio", 0, 1));
        // The tie-break noise keeps scikit-image's seed 42 (what lime gets from scikit-image 0.21 on).
        return q.build();
      }
      case "slic" -> {
        var s = ai.lantern.explainers.lime.Slic.builder().optStartLabel(0);
        if (a.get("--n-segments") != null) {
          s.optNSegments(Methods.atLeast(a, "--n-segments", 1));
        }
        if (a.get("--compactness") != null) {
          s.optCompactness(number(a, "--compactness", 1e-9, 1e9));
        }
        return s.build();
      }
      default -> throw new Args.UsageException("--segmentation must be quickshift (lime's default), slic or grid, "
          + "got '" + kind + "'");
    }
  }

  int predict(Args a) {
    Path file = Path.of(a.get("--image"));
    try (TransformerImageClassifier model = loadImageModel(a)) {
      Prediction p = model.predict(ImageProcessor.read(file));
      if (a.has("--json")) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("model", modelName(a));
        json.put("image", file.toString());
        json.put("prediction", predictionJson(p));
        out.println(gson().toJson(json));
      } else {
        out.printf("%s  %.4f   (%s)%n", p.label(), p.probability(), modelName(a));
      }
    }
    return 0;
  }

  int explain(Args a) {
    if (a.get("--task") != null && !a.get("--task").equals("image")) {
      throw new Args.UsageException("--task " + a.get("--task") + " applies to texts; an --image is explained with "
          + "--task image (or no --task)");
    }
    for (String option : TEXT_ONLY) {
      if (a.get(option) != null || a.has(option)) {
        throw new Args.UsageException(option + " applies to texts, not --image");
      }
    }
    String method = a.get("--method") == null ? "ig" : a.get("--method");
    if (!method.equals("ig") && !method.equals("lime")) {
      throw new Args.UsageException("--method " + method + " is not available for images; images have ig "
          + "(Integrated Gradients, with --noise-tunnel for NoiseTunnel) and lime (superpixels)");
    }
    for (String o : method.equals("ig") ? LIME_ONLY : IG_ONLY) {
      if (a.get(o) != null || a.has(o)) {
        throw new Args.UsageException(o + " applies to --method " + (method.equals("ig") ? "lime" : "ig")
            + " on images, not " + method);
      }
    }
    if (method.equals("lime")) {
      return explainLime(a);
    }
    boolean tunnel = a.get("--noise-tunnel") != null;
    for (String o : List.of("--nt-samples", "--stdevs", "--nt-batch-size")) {
      if (a.get(o) != null && !tunnel) {
        throw new Args.UsageException(o + " applies with --noise-tunnel");
      }
    }
    ImageViews.View view = parse(() -> ImageViews.View.parse(a.get("--view") == null ? "overlay" : a.get("--view")),
        "--view");
    ImageViews.Sign sign = parse(() -> ImageViews.Sign.parse(a.get("--sign") == null ? "all" : a.get("--sign")),
        "--sign");
    if (sign == ImageViews.Sign.ALL && (view == ImageViews.View.MASKED_IMAGE || view == ImageViews.View.ALPHA_SCALING)) {
      throw new Args.UsageException("--view " + view.name().toLowerCase(java.util.Locale.ROOT) + " shows one sign: "
          + "add --sign positive, negative or absolute_value");
    }
    double outlier = a.get("--outlier-threshold") == null ? 0.1 : number(a, "--outlier-threshold", 0, 1);
    Path report = report(a);
    Path file = Path.of(a.get("--image"));
    BufferedImage image = ImageProcessor.read(file);
    ImageAttribution e;
    BufferedImage shown;
    try (TransformerImageClassifier model = loadImageModel(a)) {
      if (!model.isGradientReady()) {
        throw new Args.UsageException(modelName(a) + " is an ONNX model: ONNX Runtime computes no gradients, so "
            + "Integrated Gradients cannot explain it; give --method lime");
      }
      // One resize: the pixel values and the picture under the view come from the same values.
      int[] rgb = model.processor().rgbValues(image);
      float[] pixels = model.processor().pixelValues(rgb);
      shown = model.processor().displayed(rgb);
      ImageIntegratedGradients.Builder b = ImageIntegratedGradients.builder().setModel(model).optBudget(budget(a));
      int defaultSteps = tunnel ? 5 : 50; // transformers-interpret: 50 for IG, 5 inside the noise tunnel
      b.optSteps(a.get("--steps") == null ? defaultSteps : Methods.atLeast(a, "--steps", 1));
      if (a.get("--integration") != null) {
        b.optIntegrationMethod(parse(() -> IntegrationMethod.parse(a.get("--integration")), "--integration"));
      }
      if (a.get("--internal-batch-size") != null) {
        b.optInternalBatchSize(Methods.atLeast(a, "--internal-batch-size", 1));
      }
      String baseline = a.get("--baseline") == null ? "zeros" : a.get("--baseline");
      if (baseline.equals("black")) {
        BufferedImage black = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        b.optBaseline(model.processor().pixelValues(black));
      } else if (!baseline.equals("zeros")) {
        throw new Args.UsageException("--baseline must be zeros or black, got '" + baseline + "'");
      }
      Integer target = null;
      if (a.get("--label") != null) {
        try {
          target = model.labels().indexOf(ai.lantern.core.Labels.resolve(model.labels(), a.get("--label")));
        } catch (IllegalArgumentException ex) {
          throw new Args.UsageException("--label: " + ex.getMessage());
        }
      }
      ImageIntegratedGradients ig = b.build();
      if (tunnel) {
        NoiseTunnel.Builder nt = NoiseTunnel.builder().setIntegratedGradients(ig)
            .optType(parse(() -> NoiseTunnel.Type.parse(a.get("--noise-tunnel")), "--noise-tunnel"));
        if (a.get("--nt-samples") != null) {
          nt.optSamples(Methods.atLeast(a, "--nt-samples", 1));
        }
        if (a.get("--stdevs") != null) {
          nt.optStdev(number(a, "--stdevs", 0, 1e6));
        }
        if (a.get("--nt-batch-size") != null) {
          nt.optSamplesBatchSize(Methods.atLeast(a, "--nt-batch-size", 1));
        }
        if (a.get("--seed") != null) {
          nt.optSeed(longArg(a, "--seed"));
        }
        e = nt.build().explain(pixels, target);
      } else {
        e = ig.explain(pixels, target);
      }
    }
    double[][] map = e.channelSum();
    if (a.has("--json")) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("method", e.method());
      json.put("model", modelName(a));
      json.put("image", file.toString());
      json.put("prediction", predictionJson(e.prediction()));
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("label", e.label());
      x.put("index", e.target());
      x.put("shape", List.of(e.shape().channels(), e.shape().height(), e.shape().width()));
      x.put("convergenceDelta", Double.isNaN(e.convergenceDelta()) ? null : e.convergenceDelta());
      x.put("map", map);
      json.put("explanation", x);
      json.put("diagnostics", Map.of("steps", e.steps(), "forwardPasses", e.forwardPasses(), "elapsedMillis",
          e.elapsed().toMillis()));
      out.println(gson().toJson(json));
    } else {
      out.printf("%s  %.4f   (%s)%n", e.prediction().label(), e.prediction().probability(), modelName(a));
      out.printf("%s: %d forward and backward passes, %d ms%s%n", e.method().toUpperCase(java.util.Locale.ROOT),
          e.forwardPasses(), e.elapsed().toMillis(), Double.isNaN(e.convergenceDelta()) ? ""
              : String.format(java.util.Locale.ROOT, ", convergence delta %.2e", e.convergenceDelta()));
      out.printf("%nwhy %s: the pixels (row, column) with the largest |attribution|, summed over channels:%n",
          e.label());
      List<int[]> cells = new ArrayList<>();
      for (int y = 0; y < map.length; y++) {
        for (int x = 0; x < map[0].length; x++) {
          cells.add(new int[] {y, x});
        }
      }
      cells.sort((p, q) -> Double.compare(Math.abs(map[q[0]][q[1]]), Math.abs(map[p[0]][p[1]])));
      cells.stream().limit(5).forEach(c -> out.printf("  (%d, %d)  %+.4f%n", c[0], c[1], map[c[0]][c[1]]));
    }
    if (!a.has("--no-report")) {
      try {
        Map<String, String> diag = new LinkedHashMap<>();
        diag.put("method", e.method());
        diag.put("explained class", e.label());
        diag.put("steps", Integer.toString(e.steps()));
        diag.put("images through the model", Long.toString(e.forwardPasses()));
        diag.put("time", e.elapsed().toMillis() + " ms");
        if (!Double.isNaN(e.convergenceDelta())) {
          diag.put("convergence delta", String.format(java.util.Locale.ROOT, "%.3e", e.convergenceDelta()));
        }
        diag.put("view", view.name().toLowerCase(java.util.Locale.ROOT) + ", sign " + sign.name().toLowerCase(
            java.util.Locale.ROOT) + ", outliers " + outlier);
        write(report, ImageViews.render(shown, map, view, sign, outlier * 100, a.has("--side-by-side")),
            file.getFileName() + ": " + e.method(), e.prediction(), diag);
      } catch (java.io.IOException ex) {
        throw new UncheckedIOException("cannot write the report " + report + ": "
            + ai.lantern.engine.transformers.PathProblems.reason(ex) + " (the explanation above is complete)", ex);
      }
      err.println("report: " + report.toAbsolutePath());
    }
    return 0;
  }

  /** LIME on a grid of superpixels; the picture is lime's get_image_and_mask beside the original. */
  private int explainLime(Args a) {
    Path report = report(a);
    String show = a.get("--show") == null ? "positive" : a.get("--show");
    if (!List.of("positive", "negative", "both").contains(show)) {
      throw new Args.UsageException("--show must be positive, negative or both, got '" + show + "'");
    }
    int features = a.get("--num-features") == null ? 5 : Methods.atLeast(a, "--num-features", 1);
    Path file = Path.of(a.get("--image"));
    BufferedImage image = ImageProcessor.read(file);
    ai.lantern.explainers.lime.ImageLimeExplanation e;
    // Checked before the model loads, so a wrong option costs nothing.
    ai.lantern.explainers.lime.Segmenter segmenter = segmenter(a);
    try (TransformerImageClassifier model = loadImageModel(a)) {
      int h = model.inputShape().height();
      int w = model.inputShape().width();
      ai.lantern.explainers.lime.LimeImageExplainer.Builder b = ai.lantern.explainers.lime.LimeImageExplainer
          .builder().optNumpyCompatible(a.has("--numpy-compatible")).optBudget(budget(a));
      if (a.get("--samples") != null) {
        b.optNumSamples(Methods.atLeast(a, "--samples", 2));
      }
      if (a.get("--seed") != null) {
        b.optSeed(longArg(a, "--seed"));
      }
      if (a.get("--label") != null) {
        try {
          b.optLabels(model.labels().indexOf(ai.lantern.core.Labels.resolve(model.labels(), a.get("--label"))));
        } catch (IllegalArgumentException ex) {
          throw new Args.UsageException("--label: " + ex.getMessage());
        }
      } else {
        b.optTopLabels(1); // the predicted class, read from the unperturbed first sample: no extra pass
      }
      e = b.build().explain(model.processor().rgbValues(image), h, w, segmenter, model.labels(),
          model::probabilitiesOfRgb);
    }
    ai.lantern.explainers.lime.ImageLimeExplanation.LabelWeights lw = e.explanations().get(0);
    if (a.has("--json")) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("method", "lime");
      json.put("model", modelName(a));
      json.put("image", file.toString());
      json.put("prediction", predictionJson(e.prediction()));
      List<Object> superpixels = new ArrayList<>();
      for (int s : lw.order()) {
        superpixels.add(Map.of("segment", s, "weight", lw.weights()[s]));
      }
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("label", lw.label());
      x.put("index", lw.index());
      x.put("superpixels", superpixels);
      x.put("intercept", lw.intercept());
      x.put("score", lw.score());
      x.put("localPrediction", lw.localPrediction());
      json.put("explanation", x);
      json.put("segments", e.segments());
      json.put("diagnostics", Map.of("samples", e.samples(), "seed", e.seed(), "elapsedMillis",
          e.elapsed().toMillis(), "partial", e.partial()));
      out.println(gson().toJson(json));
    } else {
      out.printf("%s  %.4f   (%s)%n", e.prediction().label(), e.prediction().probability(), modelName(a));
      out.printf("LIME: %d samples%s, %d superpixels, %d ms, seed %d; surrogate R² %.3f%n", e.samples(),
          e.partial() ? " (partial: the budget ended the sampling)" : "", lw.weights().length, e.elapsed().toMillis(),
          e.seed(), lw.score());
      out.printf("%nwhy %s: the superpixels with the largest |weight|:%n", lw.label());
      for (int k = 0; k < Math.min(5, lw.order().length); k++) {
        int s = lw.order()[k];
        out.printf("  superpixel %d  %+.4f%n", s, lw.weights()[s]);
      }
    }
    if (!a.has("--no-report")) {
      ai.lantern.explainers.lime.ImageLimeExplanation.ImageAndMask m = e.imageAndMask(lw.index(),
          show.equals("positive"), show.equals("negative"), a.has("--hide-rest"), features, 0);
      try {
        Map<String, String> diag = new LinkedHashMap<>();
        diag.put("method", "lime");
        diag.put("explained class", lw.label());
        diag.put("samples", Integer.toString(e.samples()));
        diag.put("superpixels", Integer.toString(lw.weights().length));
        diag.put("surrogate R²", String.format(java.util.Locale.ROOT, "%.4f", lw.score()));
        diag.put("seed", Long.toString(e.seed()));
        diag.put("time", e.elapsed().toMillis() + " ms");
        write(report, ImageViews.superpixels(e.image(), m.image(), m.mask(), e.width(), e.height()),
            file.getFileName() + ": lime",
            e.prediction(), diag);
      } catch (java.io.IOException ex) {
        throw new UncheckedIOException("cannot write the report " + report + ": "
            + ai.lantern.engine.transformers.PathProblems.reason(ex) + " (the explanation above is complete)", ex);
      }
      err.println("report: " + report.toAbsolutePath());
    }
    return 0;
  }

  /** {@code --report}: a PNG of the view, or an HTML page with it; checked before anything runs. */
  private static Path report(Args a) {
    Path report = Path.of(a.get("--report") == null ? "lantern-image.png" : a.get("--report"));
    String name = report.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    if (!a.has("--no-report") && !name.endsWith(".png") && !name.endsWith(".html")) {
      throw new Args.UsageException("--report " + report + ": an image explanation is written as .png (the view) or "
          + ".html (the view, the probabilities and the diagnostics)");
    }
    return report;
  }

  private static void write(Path report, BufferedImage picture, String heading, Prediction prediction,
      Map<String, String> diagnostics) throws java.io.IOException {
    if (report.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".html")) {
      new ai.lantern.reports.HtmlReport("Lantern: " + heading).addImage(heading, picture, prediction, diagnostics)
          .write(report);
    } else {
      ImageViews.writePng(picture, report);
    }
  }

  private static <T> T parse(java.util.function.Supplier<T> parse, String option) {
    try {
      return parse.get();
    } catch (IllegalArgumentException e) {
      throw new Args.UsageException(option + ": " + e.getMessage());
    }
  }

  private static double number(Args a, String option, double min, double max) {
    double v;
    try {
      v = Double.parseDouble(a.get(option));
    } catch (NumberFormatException e) {
      throw new Args.UsageException(option + " must be a number, got '" + a.get(option) + "'");
    }
    if (!(v >= min && v <= max)) {
      throw new Args.UsageException(option + " must lie in " + min + ".." + max + ", got " + v);
    }
    return v;
  }
}
