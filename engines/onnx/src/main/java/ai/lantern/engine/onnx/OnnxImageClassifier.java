package ai.lantern.engine.onnx;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.LanternException;
import ai.lantern.core.ModelOutputException;
import ai.lantern.engine.transformers.ImageProcessor;
import ai.lantern.engine.transformers.Json;
import ai.lantern.engine.transformers.TransformerImageClassifier;
import ai.lantern.engine.transformers.TransformerTextClassifier;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An image classifier exported to ONNX, on DJL's ONNX Runtime engine: a folder with one
 * {@code .onnx} file taking {@code pixel_values [batch, 3, H, W]} and giving the logits
 * {@code [batch, labels]} first (HuggingFace Optimum's layout, or {@code torch.onnx.export} of
 * any image classifier), {@code config.json} with {@code id2label} and HuggingFace's
 * {@code preprocessor_config.json}. ONNX Runtime computes no gradients, so the model is explained
 * with LIME; Integrated Gradients needs the PyTorch engine. Thread-safe: each call has its own
 * predictor, whose arrays are freed when it returns.
 */
public final class OnnxImageClassifier extends TransformerImageClassifier {
  private final Model model;
  private final String input;
  private final Path file;

  private OnnxImageClassifier(Model model, String input, Path file, List<String> labels, ImageProcessor processor,
      Path directory) {
    super(labels, processor, directory);
    this.model = model;
    this.input = input;
    this.file = file;
  }

  /**
   * The ONNX file of an image classifier's folder: its one {@code .onnx} file, when
   * {@code config.json} declares an image classifier.
   *
   * @param dir a model folder
   * @return the file, or {@code null} when the folder is not an ONNX image classifier
   */
  public static Path onnxFile(Path dir) {
    if (!Files.isDirectory(dir) || !declaresImageClassification(dir)) {
      return null;
    }
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> onnx = files.filter(p -> p.getFileName().toString().endsWith(".onnx")).sorted().toList();
      return onnx.size() == 1 ? onnx.get(0) : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * Loads an ONNX image classifier and checks that it takes the processor's input and gives one
   * logit per label.
   *
   * @param dir the folder
   * @return the classifier; close it
   * @throws InvalidModelException naming the file and the problem
   */
  public static OnnxImageClassifier load(Path dir) {
    Path file = onnxFile(dir);
    if (file == null) {
      List<String> found = new ArrayList<>();
      try (Stream<Path> files = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx")).sorted().forEach(found::add);
      } catch (IOException e) {
        // named below as a folder Lantern cannot read
      }
      throw new InvalidModelException(dir + " is not an ONNX image classifier: it needs exactly one .onnx file (it has "
          + (found.isEmpty() ? "none" : found) + ") and a config.json that declares an image classifier "
          + "(…ForImageClassification or lantern.task image-classification)");
    }
    Path configFile = dir.resolve("config.json");
    JsonObject config = Json.readObject(configFile);
    List<String> labels = labels(config, configFile);
    ImageProcessor processor = ImageProcessor.load(dir.resolve("preprocessor_config.json"));
    Model m;
    try {
      m = Model.newInstance(file.getFileName().toString(), "OnnxRuntime");
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new LanternException("the ONNX Runtime engine could not start: " + TransformerTextClassifier.rootMessage(e)
          + ". Lantern needs ai.djl.onnxruntime:onnxruntime-engine and com.microsoft.onnxruntime:onnxruntime on the "
          + "class path", e);
    }
    boolean loaded = false;
    try {
      String name = file.getFileName().toString();
      m.load(dir, name.substring(0, name.length() - ".onnx".length()), Map.of());
      List<String> inputs = new ArrayList<>();
      for (var p : m.describeInput()) {
        inputs.add(p.getKey());
      }
      if (inputs.size() != 1) {
        throw new InvalidModelException(file + " has inputs " + inputs + "; an image classifier takes one, "
            + "pixel_values [batch, 3, height, width]");
      }
      OnnxImageClassifier c = new OnnxImageClassifier(m, inputs.get(0), file, labels, processor, dir);
      // A batch of two: an export without a dynamic batch axis fails here, not on LIME's first batch.
      double[][] probe;
      try {
        probe = c.logits(new float[2 * processor.shape().size()], 2);
      } catch (ModelOutputException e) {
        throw new InvalidModelException(file + " refuses a batch of two " + processor.shape().height() + "×"
            + processor.shape().width() + " images (the size preprocessor_config.json makes): " + e.getMessage()
            + ". Export it with a dynamic batch axis (torch.onnx.export(..., dynamic_axes={\"pixel_values\": {0: "
            + "\"batch\"}, \"logits\": {0: \"batch\"}})) and the model's input size", e);
      }
      if (probe[0].length != labels.size()) {
        throw new InvalidModelException(file + " gives " + probe[0].length + " logits, but config.json has "
            + labels.size() + " labels");
      }
      loaded = true;
      return c;
    } catch (MalformedModelException | IOException | EngineException e) {
      throw new InvalidModelException(file + " is not an ONNX model that ONNX Runtime can load ("
          + TransformerTextClassifier.rootMessage(e) + ")", e);
    } finally {
      if (!loaded) {
        m.close(); // on any failure, an Error included
      }
    }
  }

  /** A batch of pixel values and its size. */
  private record Images(float[] pixels, int count) {}

  @Override
  public double[][] logits(float[] pixelValues, int count) {
    check(pixelValues, count);
    ImageShape s = inputShape();
    NoBatchifyTranslator<Images, double[][]> translator = new NoBatchifyTranslator<>() {
      @Override
      public NDList processInput(TranslatorContext ctx, Images images) {
        NDArray a = ctx.getNDManager().create(images.pixels(), new Shape(images.count(), s.channels(), s.height(),
            s.width()));
        a.setName(input);
        return new NDList(a);
      }

      @Override
      public double[][] processOutput(TranslatorContext ctx, NDList list) {
        if (list.isEmpty()) {
          throw new ModelOutputException(file.getFileName() + " returned no output");
        }
        NDArray first = list.get(0);
        Shape shape = first.getShape();
        if (first.getDataType() != DataType.FLOAT32 || shape.dimension() != 2 || shape.get(0) != count) {
          throw new ModelOutputException(file.getFileName() + " returned " + first.getDataType() + " logits of shape "
              + shape + "; expected float32 [" + count + ", " + labels().size() + "]");
        }
        float[] flat = first.toFloatArray();
        int classes = (int) shape.get(1);
        double[][] rows = new double[count][classes];
        for (int k = 0; k < count; k++) {
          for (int c = 0; c < classes; c++) {
            rows[k][c] = flat[k * classes + c];
          }
        }
        return rows;
      }
    };
    try (Predictor<Images, double[][]> predictor = model.newPredictor(translator)) {
      return predictor.predict(new Images(pixelValues, count));
    } catch (TranslateException | EngineException e) {
      Throwable cause = e.getCause() instanceof ModelOutputException m ? m : e;
      if (cause instanceof ModelOutputException m) {
        throw m;
      }
      throw new ModelOutputException(file.getFileName() + ": ONNX Runtime failed: "
          + TransformerTextClassifier.rootMessage(e));
    }
  }

  @Override
  public boolean isGradientReady() {
    return false;
  }

  @Override
  public PixelGradients logitGradients(float[] pixelValues, int count, int target) {
    throw new LanternException(file + " is an ONNX model: ONNX Runtime computes no gradients, so Integrated "
        + "Gradients cannot explain it; use LIME, or load the model on the PyTorch engine (a HuggingFace folder with "
        + "model.safetensors, or a TorchScript export) for gradients");
  }

  @Override
  public void close() {
    model.close();
  }
}
