package ai.lantern.explainers.gradient;

import ai.lantern.core.Budget;
import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.CancelledException;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.spi.EmbeddingGradients;
import ai.lantern.core.Feature;
import ai.lantern.core.FeatureAttribution;
import ai.lantern.core.Labels;
import ai.lantern.core.Prediction;
import ai.lantern.core.Progress;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.Span;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetOutput;
import ai.lantern.core.Ticker;
import ai.lantern.core.spi.TokenIds;
import ai.lantern.core.spi.TokenizedText;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The path integral of Integrated Gradients over word embeddings, whatever is explained: the
 * baseline's embeddings, the endpoints F(x) and F(x′), as many steps as the budget allows, the
 * gradients of each chunk of {@code internalBatchSize} points weighted and summed, and the
 * attributions (x − x′) · ∫∇F per token and per word. {@link LayerIntegratedGradients} decides
 * the output (a sequence's class, or one token's label or answer logit) and hands it here.
 */
final class IntegratedGradientsPath {
  private final int nSteps;
  private final IntegrationMethod method;
  private final int internalBatchSize;
  private final Baseline baseline;
  private final int minSteps;
  private final ProgressListener listener;
  private final Ticker ticker;
  /** Points and weights of the planned step count, computed once. */
  private final double[][] planned;

  private final java.util.function.BooleanSupplier stopSignal;

  IntegratedGradientsPath(int nSteps, IntegrationMethod method, int internalBatchSize, Baseline baseline, int minSteps,
      ProgressListener listener, Ticker ticker, java.util.function.BooleanSupplier stopSignal) {
    this.stopSignal = stopSignal;
    this.nSteps = nSteps;
    this.method = method;
    this.internalBatchSize = internalBatchSize;
    this.baseline = baseline;
    this.minSteps = minSteps;
    this.listener = listener;
    this.ticker = ticker;
    this.planned = method.pointsAndWeights(nSteps);
  }

  /**
   * Integrates output {@code target} (the predicted class when null) at {@code position} (-1: the
   * sequence's output) of {@code t}, from {@code start} (a {@link Ticker} reading) under {@code budget}.
   */
  IntegratedGradientsExplanation explain(EmbeddingGradients g, List<String> labels, long padId,
      TokenizedText t, int position, Integer target, TargetOutput output, long start, Budget budget) {
    TokenIds ids = t.ids();
    int hidden = g.hiddenSize();
    int len = ids.length();
    int size = len * hidden;
    float[] x;
    float[] xb;
    if (baseline instanceof Baseline.Tokens tb) {
      float[] both = g.embed(ids, tb.ids(t, padId));
      x = Arrays.copyOfRange(both, 0, size);
      xb = Arrays.copyOfRange(both, size, 2 * size);
    } else {
      x = g.embed(ids);
      xb = ((Baseline.Embeddings) baseline).of(t);
      if (xb.length != size) {
        throw new IllegalArgumentException("baseline embeddings have " + xb.length + " values; " + len
            + " tokens × " + hidden + " hidden need " + size);
      }
    }
    long passes = 0;
    Prediction prediction = null;
    if (target == null) {
      // The class to explain is the predicted one, so it must be known before the first gradient.
      prediction = Prediction.of(labels, g.probabilities(ids, x, 1)[0]);
      passes++;
    }
    int cls = target == null ? prediction.index() : Labels.checkIndex(labels, target);
    float[] ends = new float[2 * size];
    System.arraycopy(x, 0, ends, 0, size);
    System.arraycopy(xb, 0, ends, size, size);

    int steps = nSteps;
    StopReason stop = StopReason.COMPLETED;
    if (budget.maxForwardPasses() > 0 && passes + 2 + steps > budget.maxForwardPasses()) {
      steps = (int) Math.max(0, budget.maxForwardPasses() - passes - 2);
      stop = StopReason.FORWARD_PASS_LIMIT;
    }
    double fx = 0;
    double fb = 0;
    boolean endsDone = false;
    if (budget.deadline() != null) {
      // The endpoints first, alone: their pace per sequence says how many steps fit.
      long t0 = ticker.read();
      EmbeddingGradients.Result r = g.valuesAndGradients(ids, ends, 2, position, cls, output);
      double perSequence = (ticker.read() - t0) / 2.0;
      passes += 2;
      fx = r.values()[0];
      fb = r.values()[1];
      prediction = prediction == null ? Prediction.of(labels, r.probabilities()[0]) : prediction;
      endsDone = true;
      long remaining = start + budget.deadline().toNanos() - ticker.read();
      int fits = (int) Math.max(0, Math.min(Integer.MAX_VALUE, remaining / perSequence));
      if (fits < steps) {
        steps = fits;
        stop = StopReason.DEADLINE;
      }
    }
    if (stopSignal.getAsBoolean()) {
      // Stopped before the path: none of it is computed (a path on part of its points is another integral).
      steps = 0;
      stop = StopReason.STOPPED;
    }
    if (steps < minSteps || (method == IntegrationMethod.RIEMANN_TRAPEZOID && steps < 2)) {
      Duration soFar = Duration.ofNanos(ticker.read() - start);
      throw new BudgetExceededException(String.format(java.util.Locale.ROOT,
          "the budget (%s) leaves room for %d of %d integration steps (%d forward passes done, %d ms); at least "
              + "%d are needed (minSteps)", budget, steps, nSteps, passes, soFar.toMillis(), minSteps),
          0, nSteps, passes, soFar);
    }
    double[][] pw = steps == nSteps ? planned : method.pointsAndWeights(steps);
    double[] points = pw[0];
    double[] weights = pw[1];

    double[] total = new double[size];
    for (int from = 0; from < steps; from += internalBatchSize) {
      CancelledException.checkInterrupted("the Integrated Gradients explanation");
      int count = Math.min(internalBatchSize, steps - from);
      // Without a deadline, x and x' ride along with the first batch: F(x), F(x') and the
      // prediction cost no extra call.
      int extra = endsDone ? 0 : 2;
      float[] batch = new float[(count + extra) * size];
      if (extra > 0) {
        System.arraycopy(ends, 0, batch, 0, 2 * size);
      }
      for (int k = 0; k < count; k++) {
        float a = (float) points[from + k];
        int off = (extra + k) * size;
        for (int j = 0; j < size; j++) {
          batch[off + j] = xb[j] + a * (x[j] - xb[j]);
        }
      }
      EmbeddingGradients.Result r = g.valuesAndGradients(ids, batch, count + extra, position, cls, output);
      passes += count + extra;
      if (extra > 0) {
        endsDone = true;
        fx = r.values()[0];
        fb = r.values()[1];
        if (prediction == null) {
          prediction = Prediction.of(labels, r.probabilities()[0]);
        }
      }
      float[] grads = r.gradients();
      for (int k = 0; k < count; k++) {
        // Captum multiplies by the step weight in float32, then sums over steps.
        float w = (float) weights[from + k];
        int off = (extra + k) * size;
        for (int j = 0; j < size; j++) {
          total[j] += grads[off + j] * w;
        }
      }
      listener.onProgress(new Progress(from + count, steps, Duration.ofNanos(ticker.read() - start)));
    }
    double[] scores = new double[len];
    for (int i = 0; i < len; i++) {
      double s = 0;
      for (int h = 0; h < hidden; h++) {
        int j = i * hidden + h;
        s += (x[j] - xb[j]) * total[j];
      }
      scores[i] = s;
    }
    double sum = 0;
    double norm = 0;
    for (double s : scores) {
      sum += s;
      norm += s * s;
    }
    norm = Math.sqrt(norm);

    List<FeatureAttribution> tokens = new ArrayList<>();
    List<FeatureAttribution> normalized = new ArrayList<>();
    for (int i = 0; i < len; i++) {
      Span span = t.spans().get(i);
      Feature feature = new Feature(i, t.tokens().get(i), span == null ? List.of() : List.of(span), t.isSpecial(i),
          Math.max(0, t.sequenceId(i)));
      tokens.add(new FeatureAttribution(feature, scores[i]));
      normalized.add(new FeatureAttribution(feature, norm == 0 ? 0 : scores[i] / norm));
    }
    Duration elapsed = Duration.ofNanos(ticker.read() - start);
    return new IntegratedGradientsExplanation(prediction, cls, labels.get(cls), tokens, normalized,
        words(t, scores), fx, fb, sum - (fx - fb), new Diagnostics(steps, passes, elapsed, null, stop, budget, 0,
            t.truncationWarnings()));
  }


  /**
   * Sums the pieces of every word (the tokenizer's word ids, per text of a pair), with the word's
   * span in its text. Tokens of no word (whitespace alone) are left out: their scores stay in the
   * per-token attributions.
   */
  private static List<FeatureAttribution> words(TokenizedText t, double[] scores) {
    List<FeatureAttribution> out = new ArrayList<>();
    int i = 0;
    while (i < t.size()) {
      if (t.isSpecial(i) || t.spans().get(i) == null || t.wordId(i) < 0) {
        i++;
        continue;
      }
      int word = t.wordId(i);
      int sequence = t.sequenceId(i);
      int start = t.spans().get(i).start();
      int end = t.spans().get(i).end();
      double s = 0;
      while (i < t.size() && !t.isSpecial(i) && t.wordId(i) == word && t.sequenceId(i) == sequence
          && t.spans().get(i) != null) {
        s += scores[i];
        end = Math.max(end, t.spans().get(i).end());
        i++;
      }
      String source = sequence == 1 ? t.pair() : t.text();
      out.add(new FeatureAttribution(new Feature(out.size(), source.substring(start, end), List.of(new Span(start, end)),
          false, Math.max(0, sequence)), s));
    }
    return out;
  }

}
