package ai.lantern.core;

import java.util.Objects;

/**
 * How much one feature pushed the explained output: positive scores push it up, negative ones
 * down. Units depend on the method (a LIME surrogate weight, an Integrated Gradients
 * attribution).
 *
 * @param feature the scored feature
 * @param score how far it pushed the output, in the method's units; positive pushes it up
 */
public record FeatureAttribution(Feature feature, double score) {
  /**
   * Checks that the feature is present.
   *
   * @param feature the scored feature; not null
   * @param score how far it pushed the output, in the method's units
   */
  public FeatureAttribution {
    Objects.requireNonNull(feature, "feature");
  }

  /**
   * What the feature shows a person.
   *
   * @return the feature's text, as written in the input or as the token
   */
  public String text() {
    return feature.text();
  }

  /**
   * The feature's place in the original text, or {@code null} for special tokens.
   *
   * @return the feature's first span, or {@code null} when it has no place in the text
   */
  public Span span() {
    return feature.span();
  }
}
