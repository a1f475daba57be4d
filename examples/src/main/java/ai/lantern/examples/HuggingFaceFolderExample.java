package ai.lantern.examples;

import ai.lantern.core.Explanation;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Prediction;
import ai.lantern.engine.onnx.OnnxTextClassifier;
import ai.lantern.engine.pytorch.PyTorchTextClassifier;
import ai.lantern.explainers.gradient.IntegratedGradientsExplanation;
import ai.lantern.explainers.gradient.LayerIntegratedGradients;
import ai.lantern.explainers.lime.LimeTextExplainer;
import java.nio.file.Path;

/**
 * A HuggingFace folder as {@code save_pretrained} (or {@code huggingface-cli download}) leaves it,
 * explained with no export step: {@code hf-roberta-sst2} has {@code config.json},
 * {@code model.safetensors} and RoBERTa's {@code vocab.json} + {@code merges.txt}. Then the same
 * model's ONNX export, on ONNX Runtime. Pass your own folder as the first argument.
 *
 * <pre>examples/run HuggingFaceFolderExample [HF_FOLDER [ONNX_FOLDER]]</pre>
 */
public final class HuggingFaceFolderExample {
  private HuggingFaceFolderExample() {}

  public static void main(String[] args) {
    Path models = Path.of(System.getProperty("lantern.models.dir", "models"));
    Path folder = args.length > 0 ? Path.of(args[0]) : models.resolve("hf-roberta-sst2");
    Path onnx = args.length > 1 ? Path.of(args[1]) : models.resolve("hf-roberta-sst2-onnx");
    String text = "a charming and often affecting journey, though the ending drags";

    // The one line: the network is built in Java from config.json and the safetensors weights.
    try (PyTorchTextClassifier model = PyTorchTextClassifier.load(folder)) {
      Prediction p = model.predict(text);
      System.out.printf("%s %.4f   (%s, built natively)%n", p.label(), p.probability(), folder.getFileName());

      // Words as the model's own tokenizer cuts them (Ġ pieces joined), hidden together.
      Explanation lime = LimeTextExplainer.builder().setClassifier(model)
          .optFeatures(LimeTextExplainer.Features.WHOLE_WORD).optNumSamples(1000).build().explain(text, 0);
      System.out.println("\nLIME, whole words:");
      for (FeatureAttribution a : lime.targets().get(0).byMagnitude()) {
        System.out.printf("  %-10s %+.4f%n", a.text(), a.score());
      }

      // Gradients flow through the natively built network as through an exported one.
      IntegratedGradientsExplanation lig = LayerIntegratedGradients.builder().setModel(model).build().explain(text);
      System.out.printf("%nLayer Integrated Gradients (convergence delta %.1e), by word:%n", lig.convergenceDelta());
      for (FeatureAttribution a : lig.words()) {
        System.out.printf("  %-10s %+.4f%n", a.text(), a.score());
      }
    }

    // The ONNX export of the same model: every black-box method, the same numbers.
    try (OnnxTextClassifier model = OnnxTextClassifier.load(onnx)) {
      Prediction p = model.predict(text);
      System.out.printf("%nONNX Runtime: %s %.4f   (%s)%n", p.label(), p.probability(), onnx.getFileName());
    }
  }
}
