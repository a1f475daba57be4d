package ai.lantern.engine.pytorch;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import ai.lantern.core.ImageClassifier;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.LanternException;
import ai.lantern.core.ModelOutputException;
import ai.lantern.engine.transformers.ImageProcessor;
import ai.lantern.engine.transformers.Json;
import ai.lantern.engine.transformers.TransformerImageClassifier;
import ai.lantern.engine.transformers.SafeTensors;
import ai.lantern.engine.transformers.VitArchitecture;
import ai.djl.engine.Engine;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An image classifier on DJL's PyTorch engine, from either of two folders:
 * <ul>
 *   <li>a HuggingFace {@code ViTForImageClassification} folder as {@code save_pretrained} writes it
 *       ({@code config.json}, {@code model.safetensors}, {@code preprocessor_config.json}), built
 *       natively from its weights ({@link HfVit}): no export, no Python;</li>
 *   <li>a TorchScript package: {@code model.pt} with {@code forward(pixel_values [batch, 3, H, W]) ->
 *       logits}, {@code config.json} ({@code id2label}, {@code lantern.task}
 *       {@code image-classification}) and {@code preprocessor_config.json}, as
 *       {@code tools/export_hf_model.py --task image-classification} writes it for other
 *       architectures and torchvision CNNs.</li>
 * </ul>
 * Gradient-ready (weights frozen); thread-safe; each call's arrays live in a sub-manager closed
 * when it returns.
 *
 * <pre>{@code
 * try (PyTorchImageClassifier model = PyTorchImageClassifier.load(Path.of("models/hf-vit-digits"))) {
 *   Prediction p = model.predict(ImageProcessor.read(Path.of("digit.png")));
 * }
 * }</pre>
 */
public final class PyTorchImageClassifier extends TransformerImageClassifier {
  /** The TorchScript model, or null for a native network. */
  private final Model model;
  private final PtSymbolBlock block;
  /** The native network, or null for TorchScript. */
  private final HfVit vit;
  /** Owns the weights: the model's manager, or the native network's own. */
  private final NDManager weights;

  private PyTorchImageClassifier(Model model, HfVit vit, NDManager weights, List<String> labels,
      ImageProcessor processor, Path directory) {
    super(labels, processor, directory);
    this.model = model;
    this.block = model == null ? null : (PtSymbolBlock) model.getBlock();
    if (block != null) {
      block.freezeParameters(true);
    }
    this.vit = vit;
    this.weights = weights;
  }

  /**
   * Whether a folder holds an image-classification package ({@code lantern.task} in its config).
   *
   * @param dir a model folder
   * @return true for an image classifier
   */
  public static boolean isImageModel(Path dir) {
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config)) {
      return false;
    }
    try {
      JsonObject o = Json.readObject(config);
      return o.has("lantern") && o.getAsJsonObject("lantern").has("task")
          && "image-classification".equals(o.getAsJsonObject("lantern").get("task").getAsString());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The architecture of a HuggingFace image-classification folder (its {@code config.json}'s
   * {@code architectures} entry ending in {@code ForImageClassification}).
   *
   * @param dir a model folder
   * @return the architecture, or {@code null} when the folder is not such a folder
   */
  public static String huggingFaceImageArchitecture(Path dir) {
    Path config = dir.resolve("config.json");
    if (!Files.isRegularFile(config) || Files.exists(dir.resolve("model.pt"))) {
      return null;
    }
    try {
      JsonObject o = Json.readObject(config);
      if (o.has("architectures") && o.get("architectures").isJsonArray()) {
        for (var a : o.getAsJsonArray("architectures")) {
          if (a.getAsString().endsWith("ForImageClassification")) {
            return a.getAsString();
          }
        }
      }
    } catch (RuntimeException e) {
      return null;
    }
    return null;
  }

  /**
   * Loads a package and checks that the model takes the processor's input and gives one logit per label.
   *
   * @param dir the package folder
   * @return the classifier; close it
   * @throws InvalidModelException naming the file and the problem
   */
  public static PyTorchImageClassifier load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new InvalidModelException(dir + " is not a folder");
    }
    JsonObject config = Json.readObject(dir.resolve("config.json"));
    if (VitArchitecture.isNativeVit(dir)) {
      return loadNative(dir, config);
    }
    String hf = huggingFaceImageArchitecture(dir);
    if (hf != null) {
      boolean vitWithoutSafetensors = hf.equals("ViTForImageClassification") || hf.startsWith("DeiTForImageClassification");
      throw new InvalidModelException(dir + " is a HuggingFace image-classification folder (" + hf + "), which "
          + (vitWithoutSafetensors ? "Lantern builds natively from model.safetensors, but the folder has none "
          + "(a pickle file can run code when loaded): save it once with save_pretrained(dir, "
          + "safe_serialization=True), or export it"
          : "Lantern does not build natively (only ViT and DeiT): export it once")
          + " with tools/export_hf_model.py --task image-classification --model " + dir
          + " --out PACKAGE and load the package");
    }
    if (!isImageModel(dir)) {
      throw new InvalidModelException(dir.resolve("config.json") + " is not an image classifier's "
          + "(lantern.task must be image-classification)");
    }
    List<String> labels = labels(config, dir.resolve("config.json"));
    ImageProcessor processor = ImageProcessor.load(dir.resolve("preprocessor_config.json"));
    Path file = dir.resolve("model.pt");
    if (!Files.isRegularFile(file)) {
      throw new InvalidModelException("model.pt not found in " + dir);
    }
    Model m;
    try {
      m = Model.newInstance("model", "PyTorch");
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new LanternException("the PyTorch engine could not start: " + ai.lantern.engine.transformers.TransformerTextClassifier.rootMessage(e), e);
    }
    try {
      m.load(dir, "model", java.util.Map.of("trainParam", "true"));
    } catch (MalformedModelException | IOException | RuntimeException e) {
      m.close();
      throw new InvalidModelException(file + " is not a TorchScript model that libtorch can load ("
          + ai.lantern.engine.transformers.TransformerTextClassifier.rootMessage(e) + ")", e);
    }
    PyTorchImageClassifier c = new PyTorchImageClassifier(m, null, m.getNDManager(), List.copyOf(labels), processor,
        dir);
    try {
      ImageShape s = processor.shape();
      double[][] probe = c.logits(new float[s.size()], 1);
      if (probe[0].length != labels.size()) {
        throw new InvalidModelException(file + " gives " + probe[0].length + " logits, but config.json has "
            + labels.size() + " labels");
      }
    } catch (ModelOutputException e) {
      c.close();
      throw new InvalidModelException("preprocessor_config.json in " + dir + " makes " + processor.shape().height()
          + "×" + processor.shape().width() + " inputs, which " + file + " refuses: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
    return c;
  }

  private static PyTorchImageClassifier loadNative(Path dir, JsonObject config) {
    Path configFile = dir.resolve("config.json");
    VitArchitecture arch = VitArchitecture.read(config, configFile);
    ImageProcessor processor = ImageProcessor.load(dir.resolve("preprocessor_config.json"));
    ImageShape s = processor.shape();
    if (s.height() != arch.imageHeight() || s.width() != arch.imageWidth() || s.channels() != arch.channels()) {
      throw new InvalidModelException(dir.resolve("preprocessor_config.json") + " makes " + s.channels() + "×"
          + s.height() + "×" + s.width() + " inputs, but " + configFile + " says the model takes " + arch.channels()
          + "×" + arch.imageHeight() + "×" + arch.imageWidth() + " (image_size, num_channels): the two files "
          + "disagree");
    }
    SafeTensors tensors = SafeTensors.open(dir);
    NDManager manager;
    try {
      manager = Engine.getEngine("PyTorch").newBaseManager();
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new LanternException("the PyTorch engine could not start: "
          + ai.lantern.engine.transformers.TransformerTextClassifier.rootMessage(e), e);
    }
    try {
      HfVit vit = HfVit.load(arch, tensors, manager, configFile);
      return new PyTorchImageClassifier(null, vit, manager, arch.labels(), processor, dir);
    } catch (RuntimeException | Error e) {
      // An OutOfMemoryError on a large checkpoint too: the weights read so far are freed.
      manager.close();
      throw e;
    }
  }

  @Override
  public double[][] logits(float[] pixelValues, int count) {
    check(pixelValues, count);
    ImageShape s = processor().shape();
    try (NDManager m = weights.newSubManager()) {
      NDArray x = m.create(pixelValues, new Shape(count, s.channels(), s.height(), s.width()));
      NDArray out = forward(x, false);
      float[] flat = out.toType(DataType.FLOAT32, false).toFloatArray();
      int classes = (int) out.getShape().get(1);
      double[][] rows = new double[count][classes];
      for (int k = 0; k < count; k++) {
        for (int c = 0; c < classes; c++) {
          rows[k][c] = flat[k * classes + c];
        }
      }
      return rows;
    }
  }

  @Override
  public boolean isGradientReady() {
    return true;
  }

  @Override
  public PixelGradients logitGradients(float[] pixelValues, int count, int target) {
    check(pixelValues, count);
    if (target < 0 || target >= labels().size()) {
      throw new IllegalArgumentException("target " + target + " out of range 0.." + (labels().size() - 1));
    }
    ImageShape s = processor().shape();
    boolean previous = JniUtils.isGradMode();
    JniUtils.setGradMode(true);
    try (NDManager m = weights.newSubManager()) {
      PtNDArray x = (PtNDArray) m.create(pixelValues, new Shape(count, s.channels(), s.height(), s.width()));
      x.setRequiresGradient(true);
      NDArray value = forward(x, true).get(":, " + target);
      NDArray total = value.sum();
      JniUtils.backward((PtNDArray) total, (PtNDArray) m.ones(total.getShape()), false, false);
      float[] values = value.toType(DataType.FLOAT32, false).toFloatArray();
      double[] v = new double[values.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = values[i];
      }
      return new PixelGradients(v, x.getGradient().toFloatArray());
    } finally {
      JniUtils.setGradMode(previous);
    }
  }

  private NDArray forward(NDArray x, boolean train) {
    NDArray out;
    try {
      out = vit != null ? vit.logits(x) : IValueUtils.forward(block, new NDList(x), train).get(0);
    } catch (EngineException | IllegalStateException e) {
      throw new ModelOutputException("forward failed: "
          + ai.lantern.engine.transformers.TransformerTextClassifier.rootMessage(e));
    }
    if (out.getShape().dimension() != 2 || out.getShape().get(0) != x.getShape().get(0)) {
      throw new ModelOutputException("forward returned logits of shape " + out.getShape() + "; expected ["
          + x.getShape().get(0) + ", " + labels().size() + "]");
    }
    return out;
  }

  /** Native arrays the classifier holds now: its weights, plus those of calls in progress. */
  int managedArrays() {
    return weights.getManagedArrays().size();
  }

  @Override
  public void close() {
    if (model != null) {
      model.close();
    } else {
      weights.close();
    }
  }
}
