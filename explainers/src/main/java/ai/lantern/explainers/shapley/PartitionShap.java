package ai.lantern.explainers.shapley;

import ai.lantern.core.Budget;
import ai.lantern.core.BudgetExceededException;
import ai.lantern.core.Classifier;
import ai.lantern.core.Diagnostics;
import ai.lantern.core.Explanation;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.Prediction;
import ai.lantern.core.Progress;
import ai.lantern.core.ProgressListener;
import ai.lantern.core.StopReason;
import ai.lantern.core.TargetExplanation;
import ai.lantern.explainers.MaskEvaluator;
import ai.lantern.explainers.PerturbationExplainer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Partition SHAP, SHAP's default explainer for text: Owen values of the text's features over a
 * hierarchy of them ({@link TextHierarchy}: pieces of a word join first, then words, then clauses),
 * computed by SHAP 0.46.0's {@code PartitionExplainer} recursion. Each node of the tree is a
 * two-player game between its children, played in the contexts its ancestors set; the nodes whose
 * children's outputs differ most are expanded first, until {@code maxEvals} is spent. The scores
 * always sum to f(x) − f(∅), and with enough evaluations to expand the whole tree they are the
 * exact Owen values (quality {@code exact} = 1).
 *
 * <pre>{@code
 * PartitionShap shap = PartitionShap.builder().setClassifier(model).optMaxEvals(500).build();
 * Explanation e = shap.explain("a gripping, beautifully acted film");
 * }</pre>
 *
 * <p>Deterministic: where SHAP breaks ties between equally urgent nodes with numpy's global random
 * state, this breaks them by the order they were queued, so there is no seed. A node left
 * unexpanded when the evaluations run out gives its credit to its leaves in proportion to their
 * number, as SHAP does. Quality measures: {@code baseValue} (f(∅)) and {@code exact}.
 */
public final class PartitionShap extends PerturbationExplainer {
  private final int maxEvals;

  private PartitionShap(Builder b) {
    super(b);
    this.maxEvals = b.maxEvals;
  }

  /**
   * A builder with SHAP's defaults: 500 evaluations, per-occurrence word features removed when hidden.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String method() {
    return "partition-shap";
  }

  @Override
  protected double plannedForwardPasses(int d) {
    // Expanding the whole tree of d leaves takes at most 2 evaluations per (node, context) pair;
    // a balanced tree has d²-ish of them, a chain 2^d; the budget caps both.
    double full = 2;
    double contexts = 1;
    for (int i = 0; i < d - 1 && full < maxEvals; i++) {
      full += 2 * contexts;
      contexts = Math.min(contexts * 2, 1e12);
    }
    return Math.min(maxEvals, full);
  }

  /** One pending game: a node in a context. */
  private record Item(double priority, long order, int node, BitSet context, double[] fOff, double[] fOn,
      double weight) {}

  @Override
  protected <P> Explanation run(PerturbationSpace<P> space, Classifier<P> model, long seed, long start,
      ProgressListener progress, Budget budget) {
    int m = space.size();
    BitSet all = new BitSet(m);
    all.set(0, m);
    List<String> labels = model.labels();
    double[] original = model.predictProbabilities(List.of(space.render(all)))[0];
    Prediction prediction = Prediction.of(labels, original);
    int[] explained = explainedLabels(labels, original, prediction.index());
    int k = explained.length;
    MaskEvaluator<P> eval = new MaskEvaluator<>(space, model, explained, budget, start,
        "the Partition SHAP explanation", ticker(), stopSignal());
    double[] f11 = pick(original, explained);
    double[] f00 = eval.evaluate(new BitSet(m));
    if (f00 == null) {
      Duration soFar = Duration.ofNanos(now() - start);
      throw new BudgetExceededException("the budget (" + budget + ") ran out before the input with every feature "
          + "hidden was evaluated; Partition SHAP needs it", 0, maxEvals, 1, soFar);
    }
    TextHierarchy tree = TextHierarchy.of(space.features(), space.source(0), space.source(1));
    double[][] values = new double[2 * m - 1][k];
    PriorityQueue<Item> queue = new PriorityQueue<>(
        Comparator.comparingDouble(Item::priority).thenComparingLong(Item::order));
    long order = 0;
    queue.add(new Item(0, order++, tree.root(), new BitSet(m), f00, f11, 1));
    long evals = 2;
    boolean exact = true;
    StopReason stop = StopReason.COMPLETED;
    while (!queue.isEmpty()) {
      if (evals >= maxEvals || eval.exhausted()) {
        if (eval.exhausted()) {
          stop = eval.stop();
        }
        exact = false;
        for (Item it : queue) {
          credit(values[it.node()], it);
        }
        break;
      }
      List<Item> expand = new ArrayList<>();
      List<BitSet> masks = new ArrayList<>();
      while (!queue.isEmpty() && expand.size() < batchSize() && evals + masks.size() < maxEvals) {
        Item it = queue.poll();
        if (tree.isLeaf(it.node())) {
          credit(values[it.node()], it);
          continue;
        }
        BitSet m10 = (BitSet) it.context().clone();
        tree.setLeaves(tree.left[it.node() - m], m10);
        BitSet m01 = (BitSet) it.context().clone();
        tree.setLeaves(tree.right[it.node() - m], m01);
        expand.add(it);
        masks.add(m10);
        masks.add(m01);
      }
      if (expand.isEmpty()) {
        continue;
      }
      double[][] ys = eval.evaluate(masks);
      evals += masks.size();
      for (int i = 0; i < expand.size(); i++) {
        Item it = expand.get(i);
        double[] f10 = ys[2 * i];
        double[] f01 = ys[2 * i + 1];
        if (f10 == null || f01 == null) { // the budget stopped inside this batch: credit it whole
          credit(values[it.node()], it);
          continue;
        }
        int l = tree.left[it.node() - m];
        int r = tree.right[it.node() - m];
        double w = it.weight() / 2;
        BitSet m10 = masks.get(2 * i);
        BitSet m01 = masks.get(2 * i + 1);
        queue.add(new Item(priority(it.fOff(), f10, w), order++, l, it.context(), it.fOff(), f10, w));
        queue.add(new Item(priority(it.fOff(), f01, w), order++, r, it.context(), it.fOff(), f01, w));
        queue.add(new Item(priority(f01, it.fOn(), w), order++, l, m01, f01, it.fOn(), w));
        queue.add(new Item(priority(f10, it.fOn(), w), order++, r, m10, f10, it.fOn(), w));
      }
      progress.onProgress(new Progress(Math.min(evals, maxEvals), maxEvals,
          Duration.ofNanos(now() - start)));
    }
    double[][] leaves = new double[m][];
    pushDown(tree, tree.root(), values, new double[k], leaves);
    List<TargetExplanation> targets = new ArrayList<>();
    for (int r = 0; r < k; r++) {
      double[] scores = new double[m];
      for (int j = 0; j < m; j++) {
        scores[j] = leaves[j][r];
      }
      targets.add(target(space, explained[r], labels, original, scores,
          Map.of("baseValue", f00[r], "exact", exact ? 1.0 : 0.0)));
    }
    return new Explanation(method(), prediction, targets, new Diagnostics(evals,
        1 + eval.forwardPasses(), Duration.ofNanos(now() - start), null, stop, budget));
  }

  private static double priority(double[] from, double[] to, double weight) {
    double max = 0;
    for (int r = 0; r < from.length; r++) {
      max = Math.max(max, Math.abs(to[r] - from[r]));
    }
    return -max * weight;
  }

  private static void credit(double[] value, Item it) {
    for (int r = 0; r < value.length; r++) {
      value[r] += (it.fOn()[r] - it.fOff()[r]) * it.weight();
    }
  }

  /** Each node's value, plus what its ancestors left it, shared by its children by leaf count. */
  private static void pushDown(TextHierarchy tree, int node, double[][] values, double[] inherited,
      double[][] leaves) {
    double[] v = values[node].clone();
    for (int r = 0; r < v.length; r++) {
      v[r] += inherited[r];
    }
    if (tree.isLeaf(node)) {
      leaves[node] = v;
      return;
    }
    int l = tree.left[node - tree.leaves];
    int r = tree.right[node - tree.leaves];
    double total = tree.size[node];
    double[] toLeft = new double[v.length];
    double[] toRight = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      toLeft[i] = v[i] * tree.size[l] / total;
      toRight[i] = v[i] * tree.size[r] / total;
    }
    pushDown(tree, l, values, toLeft, leaves);
    pushDown(tree, r, values, toRight, leaves);
  }

  /** Settings of a {@link PartitionShap}; {@code set…} is required, {@code opt…} optional. */
  public static final class Builder extends PerturbationExplainer.Builder<Builder> {
    private int maxEvals = 500;

    private Builder() {
      super(true, 16);
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * Model evaluations, the two ends included (default 500, as SHAP; at least 2).
     *
     * @param maxEvals the most inputs evaluated, the whole input and the fully hidden one included, at least 2
     * @return this builder
     */
    public Builder optMaxEvals(int maxEvals) {
      this.maxEvals = maxEvals;
      return this;
    }

    /**
     * Checks the settings and builds the explainer.
     *
     * @return an immutable explainer with these settings
     * @throws IllegalArgumentException naming the setting, if one is out of range, or if word
     *     features are bags of words (the hierarchy needs each occurrence in its place)
     */
    public PartitionShap build() {
      if (maxEvals < 2) {
        throw new IllegalArgumentException("maxEvals must be at least 2 (the text and the fully hidden text), got "
            + maxEvals);
      }
      if (features() == Features.WORD && bow()) {
        throw new IllegalArgumentException("Partition SHAP needs per-occurrence word features (optBow(false)): a "
            + "bag of words has no order to build the hierarchy from");
      }
      validate();
      return new PartitionShap(this);
    }
  }
}
