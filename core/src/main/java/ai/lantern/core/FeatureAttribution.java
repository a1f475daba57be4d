package ai.lantern.core;

import java.util.Objects;

/**
 * How much one feature pushed the explained output: positive scores push it up, negative ones
 * down. Units depend on the method (a LIME surrogate weight, an Integrated Gradients
 * attribution).
 */
public record FeatureAttribution(Feature feature, double score) {
  public FeatureAttribution {
    Objects.requireNonNull(feature, "feature");
  }

  public String text() {
    return feature.text();
  }

  /** The feature's place in the original text, or {@code null} for special tokens. */
  public Span span() {
    return feature.span();
  }
}
