package ai.lantern.engine.pytorch;

import java.util.List;
import java.util.Objects;

/**
 * What a package's config.json says about its model.
 *
 * @param labels class names by index, from {@code id2label}
 * @param problemType how logits become probabilities
 * @param maxLength the longest token sequence the model accepts, special tokens included
 * @param modelType HuggingFace's {@code model_type} ({@code bert}, {@code roberta}…), or
 *     {@code "unknown"}
 * @param declaresGradientMethods whether {@code lantern.methods} lists {@code embed} and
 *     {@code forward_embeds} (the exporter writes it)
 */
public record ModelConfig(List<String> labels, ProblemType problemType, int maxLength, String modelType,
    boolean declaresGradientMethods) {
  public ModelConfig {
    labels = List.copyOf(labels);
    Objects.requireNonNull(problemType, "problemType");
    Objects.requireNonNull(modelType, "modelType");
  }
}
