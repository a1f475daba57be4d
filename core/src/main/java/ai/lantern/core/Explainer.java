package ai.lantern.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Explains a model's output for one input.
 *
 * <p>Implementations are immutable and thread-safe once built: one explainer serves every
 * thread, and the same input with the same settings (and seed, for sampling methods) gives the
 * same explanation wherever and whenever it runs.
 *
 * @param <I> the input type ({@code String}, {@link TextPair}, …)
 * @param <E> the explanation type
 */
public interface Explainer<I, E> {

  /**
   * Explains one input.
   *
   * @param input the input; not null
   * @return the explanation of the model's output for {@code input}
   * @throws IllegalArgumentException if the input cannot be explained (empty text, no features…)
   * @throws LanternException if the model fails on the input
   */
  E explain(I input);

  /**
   * Explains every input, on {@code threads} threads sharing this explainer (and its model).
   * Results are in input order and equal to explaining the inputs one at a time.
   *
   * @param inputs the inputs; not null, none null
   * @param threads how many inputs may be explained at once, at least 1
   * @return one explanation per input, in input order
   * @throws IllegalArgumentException if {@code threads < 1}
   * @throws CancelledException if the calling thread is interrupted; the running explanations
   *     are interrupted too
   * @throws LanternException the first failure, with the failing input's index
   */
  default List<E> explainAll(List<I> inputs, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, got " + threads);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, inputs.size())));
    try {
      List<Future<E>> futures = new ArrayList<>(inputs.size());
      for (I input : inputs) {
        futures.add(pool.submit(() -> explain(input)));
      }
      List<E> out = new ArrayList<>(inputs.size());
      for (int i = 0; i < futures.size(); i++) {
        try {
          out.add(futures.get(i).get());
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof CancelledException ce) {
            throw ce;
          }
          if (cause instanceof IllegalArgumentException iae) {
            throw new IllegalArgumentException("input #" + i + ": " + iae.getMessage(), iae);
          }
          throw new LanternException("input #" + i + ": " + cause.getMessage(), cause);
        }
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancelledException("explainAll was cancelled (thread interrupted)");
    } finally {
      pool.shutdownNow();
    }
  }
}
