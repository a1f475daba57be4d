package ai.lantern.explainers.budget;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.Explanation;
import ai.lantern.core.StopReason;
import ai.lantern.engine.pytorch.PyTorchImageClassifier;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.engine.transformers.ImageProcessor;
import ai.lantern.explainers.image.ImageIntegratedGradients;
import ai.lantern.explainers.lime.ImageLimeExplanation;
import ai.lantern.explainers.lime.LimeImageExplainer;
import ai.lantern.explainers.lime.LimeTextExplainer;
import ai.lantern.explainers.shapley.KernelShap;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The stop signal ({@code optStopSignal}), turned on by the first progress report: methods with a
 * partial result end with what they drew, marked {@link StopReason#STOPPED}; image Integrated
 * Gradients ends with an error; a signal that never turns on changes nothing.
 */
class StopSignalTest {
  private static final Path MODELS = Path.of(System.getProperty("lantern.models.dir"));

  @Test
  void textMethodsEndWithWhatTheyDrewMarkedStopped() {
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(MODELS.resolve("sst2-tiny"))) {
      AtomicBoolean stop = new AtomicBoolean();
      Explanation lime = LimeTextExplainer.builder().setClassifier(model).optNumSamples(5000).optStopSignal(stop::get)
          .optProgressListener(p -> stop.set(true)).build().explain(BudgetsAndCancellationTest.FORTY_WORDS, 1);
      assertEquals(StopReason.STOPPED, lime.diagnostics().stop());
      assertTrue(lime.diagnostics().partial() && lime.diagnostics().samples() < 5000, lime.diagnostics().toString());

      AtomicBoolean stopShap = new AtomicBoolean();
      Explanation shap = KernelShap.builder().setClassifier(model).optNumSamples(3000).optStopSignal(stopShap::get)
          .optProgressListener(p -> stopShap.set(true)).build().explain(BudgetsAndCancellationTest.FORTY_WORDS, 1);
      assertEquals(StopReason.STOPPED, shap.diagnostics().stop());

      Explanation whole = LimeTextExplainer.builder().setClassifier(model).optNumSamples(300).optStopSignal(() -> false)
          .build().explain(BudgetsAndCancellationTest.FORTY_WORDS, 1);
      assertEquals(StopReason.COMPLETED, whole.diagnostics().stop());
      assertEquals(300, whole.diagnostics().samples());
    }
  }

  @Test
  void imageLimeEndsPartialAndImageIntegratedGradientsWithAnError() {
    try (PyTorchImageClassifier model = PyTorchImageClassifier.load(MODELS.resolve("planted-image"))) {
      var image = ImageProcessor.read(model.directory().resolve("patch.png"));
      AtomicBoolean stop = new AtomicBoolean();
      ImageLimeExplanation lime = LimeImageExplainer.builder().optNumSamples(200).optLabels(1)
          .optStopSignal(stop::get).optProgressListener(p -> stop.set(true)).build()
          .explain(model.processor().rgbValues(image), 16, 16, LimeImageExplainer.gridSegments(16, 16, 4),
              model.labels(), model::probabilitiesOfRgb);
      assertTrue(lime.partial());
      assertEquals(10, lime.samples(), "one batch of 10, then the signal");

      AtomicBoolean stopIg = new AtomicBoolean();
      BudgetExceededException e = assertThrows(BudgetExceededException.class, () -> ImageIntegratedGradients
          .builder().setModel(model).optSteps(20).optInternalBatchSize(5).optStopSignal(stopIg::get)
          .optProgressListener(p -> stopIg.set(true)).build().explain(model.processor().pixelValues(image), null));
      assertEquals(5, e.done());
      assertTrue(e.getMessage().contains("was stopped after 5 of 20 images"), e.getMessage());
    }
  }
}
