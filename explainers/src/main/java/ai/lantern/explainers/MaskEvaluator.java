package ai.lantern.explainers;

import ai.lantern.core.Budget;
import ai.lantern.core.CancelledException;
import ai.lantern.core.Classifier;
import ai.lantern.core.spi.PerturbationSpace;
import ai.lantern.core.StopReason;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's answers for subsets of an input's features, for the methods that choose their
 * subsets themselves (KernelSHAP, Partition SHAP, occlusion): each subset is rendered and
 * evaluated at most once (4,096 recent subsets remembered, and two subsets that render to the same
 * input share one pass), a call is one model call, and the budget and the thread's interruption
 * are checked before each call.
 *
 * <p>Not thread-safe: one per explanation.
 *
 * @param <P> what the model receives
 */
public final class MaskEvaluator<P> {
  private static final int MAX_CACHED = 4096;

  private final PerturbationSpace<P> space;
  private final Classifier<P> model;
  private final int[] columns;
  private final Budget budget;
  private final long deadline;
  private final String what;
  private final Map<BitSet, double[]> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<BitSet, double[]> eldest) {
      return size() > MAX_CACHED;
    }
  };
  private final ai.lantern.core.Ticker ticker;
  private final java.util.function.BooleanSupplier stopSignal;
  private long forwardPasses;
  private StopReason stop = StopReason.COMPLETED;

  /**
   * An evaluator on the system clock ({@link ai.lantern.core.Ticker#SYSTEM}).
   *
   * @param space the input's features and how to render a subset of them
   * @param model the model called on the rendered inputs
   * @param columns the model outputs kept per input (the explained classes); copied
   * @param budget the explanation's limits; the forward-pass limit counts the caller's whole-input pass too
   * @param start {@link System#nanoTime()} when the explanation began; the deadline counts from it
   * @param what the explanation, for the cancellation message
   */
  public MaskEvaluator(PerturbationSpace<P> space, Classifier<P> model, int[] columns, Budget budget, long start,
      String what) {
    this(space, model, columns, budget, start, what, ai.lantern.core.Ticker.SYSTEM);
  }

  /**
   * As the other constructor, reading the deadline on {@code ticker}.
   *
   * @param space the input's features and how to render a subset of them
   * @param model the model called on the rendered inputs
   * @param columns the model outputs kept per input (the explained classes); copied
   * @param budget the explanation's limits; the forward-pass limit counts the caller's whole-input pass too
   * @param start {@code ticker}'s reading when the explanation began; the deadline counts from it
   * @param what the explanation, for the cancellation message
   * @param ticker the clock the deadline is read on
   */
  public MaskEvaluator(PerturbationSpace<P> space, Classifier<P> model, int[] columns, Budget budget, long start,
      String what, ai.lantern.core.Ticker ticker) {
    this(space, model, columns, budget, start, what, ticker, () -> false);
  }

  /**
   * As the other constructors, also ending when {@code stopSignal} turns true ({@link StopReason#STOPPED}).
   *
   * @param space the input's features and how to render a subset of them
   * @param model the model called on the rendered inputs
   * @param columns the model outputs kept per input (the explained classes); copied
   * @param budget the explanation's limits; the forward-pass limit counts the caller's whole-input pass too
   * @param start {@code ticker}'s reading when the explanation began; the deadline counts from it
   * @param what the explanation, for the cancellation message
   * @param ticker the clock the deadline is read on
   * @param stopSignal read where the deadline is read
   */
  public MaskEvaluator(PerturbationSpace<P> space, Classifier<P> model, int[] columns, Budget budget, long start,
      String what, ai.lantern.core.Ticker ticker, java.util.function.BooleanSupplier stopSignal) {
    this.ticker = ticker;
    this.stopSignal = stopSignal;
    this.space = space;
    this.model = model;
    this.columns = columns.clone();
    this.budget = budget;
    this.deadline = budget.deadline() == null ? Long.MAX_VALUE : start + budget.deadline().toNanos();
    this.what = what;
  }

  /**
   * The explained outputs for each mask, in order, in one model call; {@code null} from the first
   * mask the budget left unevaluated on (see {@link #stop()}).
   *
   * @param masks the subsets to evaluate, bit {@code j} set when feature {@code j} is kept; not modified
   * @return one row per mask, {@code columns.length} long, the same array for a remembered mask; {@code null}
   *     rows from the first mask the budget refused, all rows {@code null} once the budget has run out
   * @throws ai.lantern.core.CancelledException if the thread was interrupted
   */
  public double[][] evaluate(List<BitSet> masks) {
    CancelledException.checkInterrupted(what);
    double[][] out = new double[masks.size()][];
    if (stop != StopReason.COMPLETED) {
      return out;
    }
    if (stopSignal.getAsBoolean()) {
      stop = StopReason.STOPPED;
      return out;
    }
    if (ticker.read() >= deadline) {
      stop = StopReason.DEADLINE;
      return out;
    }
    // The caller evaluated the whole input first: it counts against the forward-pass limit too.
    long left = budget.maxForwardPasses() == 0 ? Long.MAX_VALUE : budget.maxForwardPasses() - 1 - forwardPasses;
    List<P> toRun = new ArrayList<>();
    Map<P, Integer> runIndex = new HashMap<>();
    int[] at = new int[masks.size()];
    int n = 0;
    for (; n < masks.size(); n++) {
      BitSet mask = masks.get(n);
      double[] known = cache.get(mask);
      if (known != null) {
        out[n] = known;
        at[n] = -1;
        continue;
      }
      P input = space.render(mask);
      Integer i = runIndex.get(input);
      if (i == null) {
        if (toRun.size() >= left) {
          stop = StopReason.FORWARD_PASS_LIMIT;
          break;
        }
        i = toRun.size();
        runIndex.put(input, i);
        toRun.add(input);
      }
      at[n] = i;
    }
    double[][] probs = toRun.isEmpty() ? new double[0][] : model.predictProbabilities(toRun);
    forwardPasses += toRun.size();
    for (int r = 0; r < n; r++) {
      if (at[r] >= 0) {
        out[r] = pick(probs[at[r]]);
        cache.put((BitSet) masks.get(r).clone(), out[r]);
      }
    }
    return out;
  }

  /**
   * The explained outputs for one mask (a model call of its own unless remembered).
   *
   * @param mask the subset to evaluate, bit {@code j} set when feature {@code j} is kept
   * @return the explained outputs, or {@code null} if the budget refused the evaluation
   * @throws ai.lantern.core.CancelledException if the thread was interrupted
   */
  public double[] evaluate(BitSet mask) {
    return evaluate(List.of(mask))[0];
  }

  private double[] pick(double[] row) {
    double[] o = new double[columns.length];
    for (int i = 0; i < columns.length; i++) {
      o[i] = row[columns[i]];
    }
    return o;
  }

  /**
   * Inputs this evaluator sent through the model so far (the caller's whole input not included).
   *
   * @return the distinct inputs evaluated, remembered and shared subsets counted once
   */
  public long forwardPasses() {
    return forwardPasses;
  }

  /**
   * Why evaluation stopped.
   *
   * @return {@link StopReason#COMPLETED} until the budget refused an evaluation, then the limit reached
   */
  public StopReason stop() {
    return stop;
  }

  /**
   * Whether the stop signal, the deadline or the forward-pass limit has ended the evaluations; reads the clock.
   *
   * @return true once a further evaluation would be refused (the forward-pass limit is noticed only when an
   *     evaluation was refused)
   */
  public boolean exhausted() {
    if (stop == StopReason.COMPLETED && stopSignal.getAsBoolean()) {
      stop = StopReason.STOPPED;
    } else if (stop == StopReason.COMPLETED && ticker.read() >= deadline) {
      stop = StopReason.DEADLINE;
    }
    return stop != StopReason.COMPLETED;
  }
}
