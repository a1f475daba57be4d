package ai.lantern.studio;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * At most {@code concurrent} runs of one model at a time and {@code queue} waiting; one more is
 * refused at once (429) instead of piling up.
 */
final class Gate {
  private final Semaphore running;
  private final int capacity;
  private final AtomicInteger inside = new AtomicInteger();

  Gate(int concurrent, int queue) {
    this.running = new Semaphore(concurrent, true);
    this.capacity = concurrent + queue;
  }

  /** Takes a place, running or queued; false when every place is taken. */
  boolean enter() {
    if (inside.incrementAndGet() > capacity) {
      inside.decrementAndGet();
      return false;
    }
    return true;
  }

  /** Waits for a turn to run, after {@link #enter()}. */
  void acquire() throws InterruptedException {
    try {
      running.acquire();
    } catch (InterruptedException e) {
      inside.decrementAndGet();
      throw e;
    }
  }

  /** Ends a run that {@link #acquire()} let in. */
  void release() {
    running.release();
    inside.decrementAndGet();
  }

  /** Gives back a place taken by {@link #enter()} that never got to {@link #acquire()}. */
  void leave() {
    inside.decrementAndGet();
  }
}
