package ai.lantern.benchmarks;

import ai.lantern.core.TextClassifier;
import java.util.List;

/** Measures the time spent inside the model (tokenising, padding, forward pass, softmax). */
final class TimedClassifier implements TextClassifier {
  private final TextClassifier delegate;
  long nanos;
  long texts;

  TimedClassifier(TextClassifier delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<String> labels() {
    return delegate.labels();
  }

  @Override
  public double[][] predictProbabilities(List<String> inputs) {
    long t = System.nanoTime();
    try {
      return delegate.predictProbabilities(inputs);
    } finally {
      nanos += System.nanoTime() - t;
      texts += inputs.size();
    }
  }
}
