package ai.lantern.engine.pytorch;

import ai.lantern.engine.transformers.ModelPackage;
import ai.lantern.engine.transformers.PredictorPool;
import ai.lantern.engine.transformers.TextEncoder;
import ai.lantern.engine.transformers.EncodedText;
import ai.lantern.engine.transformers.Batch;
import ai.lantern.engine.transformers.TextNetwork;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.EngineException;
import ai.djl.inference.Predictor;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.translate.TranslateException;
import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.InvalidModelException;
import ai.lantern.core.LanternException;
import ai.lantern.core.ModelOutputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A TorchScript model file on DJL's PyTorch engine. The model is loaded once and every calling
 * thread borrows a DJL predictor from a {@link PredictorPool}. Every native array of a batch lives in the predictor context's manager, closed by DJL
 * when the batch returns.
 */
final class TorchScriptNetwork implements TextNetwork {
  private final ModelPackage pkg;
  private final Model model;
  private final PredictorPool predictors;
  /** Whether model.pt has the {@code embed} and {@code forward_embeds} methods. */
  private final boolean gradientReady;
  /** Whether {@link #model} was loaded so that gradients can flow (trainParam). */
  private final boolean loadedForGradients;
  private Model gradientModel;
  private volatile PtEmbeddingGradients gradients;
  private final List<String> warnings;

  /**
   * Loads the package's model and runs the empty text through it (see {@link #probe}).
   *
   * @throws InvalidModelException if the file is not TorchScript, or its outputs disagree with config.json
   */
  TorchScriptNetwork(ModelPackage pkg, TextEncoder encoder) {
    this.pkg = pkg;
    this.loadedForGradients = pkg.config().declaresGradientMethods();
    Model m = loadModel(pkg, loadedForGradients);
    LogitsTranslator translator;
    try {
      translator = probe(m, pkg, encoder, pkg.modelFile().getFileName().toString());
      this.warnings = checkLargestId(m, pkg, encoder, translator);
      List<String> methods = Arrays.asList(JniUtils.getMethodNames((PtSymbolBlock) m.getBlock()));
      this.gradientReady = methods.containsAll(List.of("embed", "forward_embeds"));
      if (loadedForGradients && !gradientReady) {
        throw new InvalidModelException(pkg.directory().resolve("config.json") + " lists the methods embed and "
            + "forward_embeds (lantern.methods) but " + pkg.modelFile().getFileName() + " has only " + methods);
      }
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
    this.model = m;
    this.predictors = new PredictorPool(m, translator);
  }

  @Override
  public float[][] run(Batch batch) {
    return predictors.run(batch);
  }

  @Override
  public boolean gradientReady() {
    return gradientReady;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A package whose config.json declares the gradient methods was loaded ready for them; one
   * whose model.pt has them without declaring them gets a second, gradient-ready copy of the
   * model on first use.
   */
  @Override
  public EmbeddingGradients gradients() {
    if (!gradientReady) {
      throw new LanternException(pkg.modelFile() + " is not gradient-ready: gradient methods such as Integrated "
          + "Gradients need the TorchScript methods embed(input_ids) and forward_embeds(inputs_embeds, "
          + "attention_mask, token_type_ids) in model.pt; export the model with tools/export_hf_model.py "
          + "(docs/model-package.md), or load the HuggingFace folder with model.safetensors itself");
    }
    PtEmbeddingGradients g = gradients;
    if (g == null) {
      synchronized (this) {
        if (gradients == null) {
          Model source = model;
          if (!loadedForGradients) {
            gradientModel = loadModel(pkg, true);
            source = gradientModel;
          }
          gradients = new PtEmbeddingGradients(PtEmbeddingGradients.torchScript(source), pkg.config().problemType(),
              pkg.config().labels().size(), pkg.config().perToken());
        }
        g = gradients;
      }
    }
    return g;
  }

  @Override
  public void close() {
    predictors.close();
    synchronized (this) {
      if (gradientModel != null) {
        gradientModel.close();
        gradientModel = null;
      }
    }
  }

  private static Model loadModel(ModelPackage pkg, boolean forGradients) {
    Path file = pkg.modelFile();
    String name = file.getFileName().toString();
    name = name.substring(0, name.length() - ".pt".length());
    Model m;
    try {
      m = Model.newInstance(name, "PyTorch");
    } catch (RuntimeException | UnsatisfiedLinkError e) {
      throw new LanternException("the PyTorch engine could not start: " + PyTorchTextClassifier.rootMessage(e)
          + ". Lantern needs ai.djl.pytorch:pytorch-native-cpu (classifier for this platform) and pytorch-jni on the "
          + "class path; see the README's Platforms section", e);
    }
    try {
      // trainParam: libtorch must not create the module's tensors in inference mode, or no
      // gradient can flow through them.
      m.load(pkg.directory(), name, forGradients ? java.util.Map.of("trainParam", "true") : null);
      return m;
    } catch (MalformedModelException | IOException | EngineException e) {
      m.close();
      throw new InvalidModelException(file + " is not a TorchScript model that libtorch can load ("
          + PyTorchTextClassifier.rootMessage(e) + "); export models with tools/export_hf_model.py", e);
    } catch (RuntimeException e) {
      m.close();
      throw new InvalidModelException(file + " could not be loaded: " + PyTorchTextClassifier.rootMessage(e), e);
    }
  }

  /**
   * Runs the tokenizer's largest id through the model once: a tokenizer of another model, whose
   * ids run past the embedding table, is refused at load with both files named instead of failing
   * inside TorchScript on the first text that uses such an id.
   */
  private static List<String> checkLargestId(Model m, ModelPackage pkg, TextEncoder enc, LogitsTranslator t) {
    long maxId = pkg.tokenizer().maxId();
    if (maxId < 0) {
      return List.of();
    }
    EncodedText empty = enc.encode("");
    long[] ids = new long[empty.ids().length + 1];
    long[] types = new long[ids.length];
    ids[0] = empty.ids().length > 0 ? empty.ids()[0] : maxId;
    ids[1] = maxId;
    System.arraycopy(empty.ids(), Math.min(1, empty.ids().length), ids, 2, Math.max(0, empty.ids().length - 1));
    Batch batch = Batch.pad(new EncodedText[] {new EncodedText(ids, types, false, ids.length)}, pkg.padId());
    try (Predictor<Batch, float[][]> p = m.newPredictor(t)) {
      p.predict(batch);
    } catch (TranslateException | RuntimeException e) {
      throw new InvalidModelException(pkg.tokenizerSource() + " gives token ids up to " + maxId + ", and "
          + pkg.modelFile().getFileName() + " fails on id " + maxId + " (" + PyTorchTextClassifier.rootMessage(e)
          + "): the tokenizer belongs to a model with a larger vocabulary", e);
    }
    // The other way round: a table twice as large as the tokenizer's ids is another model's tokenizer
    // (every word [UNK], say), which predicts without failing. One more probe tells.
    long beyond = 2 * maxId + 1;
    ids[1] = beyond;
    Batch far = Batch.pad(new EncodedText[] {new EncodedText(ids, types, false, ids.length)}, pkg.padId());
    try (Predictor<Batch, float[][]> p = m.newPredictor(t)) {
      p.predict(far);
      return List.of(pkg.tokenizerSource() + " gives token ids up to " + maxId + ", but "
          + pkg.modelFile().getFileName() + " also takes id " + beyond + ": its embedding table has more than "
          + "twice the rows the tokenizer can reach; is the tokenizer this model's?");
    } catch (TranslateException | RuntimeException e) {
      return List.of();
    }
  }

  @Override
  public List<String> loadWarnings() {
    return warnings;
  }

  /**
   * Runs the empty text through the model once, with three inputs (ids, mask, token types) and,
   * for djl-convert models, two. This finds the model's arity and checks, before any user text,
   * that it returns one logit per configured label.
   */
  private static LogitsTranslator probe(Model m, ModelPackage pkg, TextEncoder enc, String modelName) {
    int classes = pkg.config().labels().size();
    Batch batch = Batch.pad(new EncodedText[] {enc.encode("")}, pkg.padId());
    List<String> failures = new ArrayList<>();
    int[] arities = pkg.isLanternFormat() ? new int[] {3} : new int[] {3, 2};
    for (int inputs : arities) {
      LogitsTranslator t = new LogitsTranslator(inputs, classes, modelName, pkg.config().perToken());
      try (Predictor<Batch, float[][]> p = m.newPredictor(t)) {
        float[][] logits = p.predict(batch);
        for (float l : logits[0]) {
          if (!Float.isFinite(l)) {
            throw new InvalidModelException(pkg.modelFile() + " returns non-finite logits "
                + Arrays.toString(logits[0]) + " for the empty text");
          }
        }
        return t;
      } catch (TranslateException | RuntimeException e) {
        RuntimeException u = PyTorchTextClassifier.unwrap(e);
        if (u instanceof ModelOutputException) {
          throw new InvalidModelException(pkg.modelFile() + " does not match config.json: " + u.getMessage(), e);
        }
        if (u instanceof InvalidModelException ime) {
          throw ime;
        }
        failures.add(inputs + " inputs: " + PyTorchTextClassifier.rootMessage(e));
      }
    }
    throw new InvalidModelException(pkg.modelFile() + " does not run as a sequence classifier with inputs "
        + "(input_ids, attention_mask[, token_type_ids]): " + String.join("; ", failures));
  }
}
