package ai.lantern.engine.transformers;

import ai.lantern.core.Task;
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
 * @param task what the logits are, from {@code lantern.task}: a row per sequence
 *     ({@link Task#SEQUENCE_CLASSIFICATION}, the default), a row per token
 *     ({@link Task#TOKEN_CLASSIFICATION}) or a start and an end logit per token
 *     ({@link Task#QUESTION_ANSWERING})
 */
public record ModelConfig(List<String> labels, ProblemType problemType, int maxLength, String modelType,
    boolean declaresGradientMethods, Task task) {
  /**
   * Checks the components and copies the labels.
   *
   * @param labels class names by index; not null, copied
   * @param problemType how logits become probabilities; not null
   * @param maxLength the longest token sequence the model accepts, special tokens included
   * @param modelType HuggingFace's {@code model_type}, or {@code "unknown"}; not null
   * @param declaresGradientMethods whether the model exports {@code embed} and {@code forward_embeds}
   * @param task what the logits are; not null
   * @throws NullPointerException if {@code labels}, {@code problemType}, {@code modelType} or {@code task} is null
   */
  public ModelConfig {
    labels = List.copyOf(labels);
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(problemType, "problemType");
    Objects.requireNonNull(modelType, "modelType");
  }

  /**
   * Whether the model has an output row per token.
   *
   * @return true for {@link Task#TOKEN_CLASSIFICATION} and {@link Task#QUESTION_ANSWERING}
   */
  public boolean perToken() {
    return task == Task.TOKEN_CLASSIFICATION || task == Task.QUESTION_ANSWERING;
  }
}
