package ai.lantern.engine.transformers;

import java.util.Arrays;

/** How logits become probabilities, from config.json's {@code problem_type}. */
public enum ProblemType {
  /** Softmax over the classes (one logit: sigmoid). */
  SINGLE_LABEL_CLASSIFICATION("single_label_classification"),
  /** An independent sigmoid per label. */
  MULTI_LABEL_CLASSIFICATION("multi_label_classification");

  private final String configName;

  ProblemType(String configName) {
    this.configName = configName;
  }

  /**
   * The name used in config.json.
   *
   * @return the {@code problem_type} value, e.g. {@code single_label_classification}
   */
  public String configName() {
    return configName;
  }

  static ProblemType fromConfig(String name, String where) {
    if (name == null) {
      return SINGLE_LABEL_CLASSIFICATION;
    }
    return Arrays.stream(values()).filter(p -> p.configName.equals(name)).findFirst()
        .orElseThrow(() -> new ai.lantern.core.InvalidModelException(where + ": problem_type '" + name
            + "' is not supported; expected one of "
            + Arrays.stream(values()).map(ProblemType::configName).toList()));
  }
}
