package org.refugium.api;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds the recognitions in flight: each holds a core for tens of milliseconds and ~20 MB, so
 * {@code permits} run at once (default: one per core) and at most {@code queue} more wait; beyond
 * that the request is refused at once (429 with Retry-After) instead of piling up threads.
 */
public final class RecognitionLimiter {

  /** A waiting request gives up after this long (the queue is then clearly not moving). */
  static final long MAX_WAIT_SECONDS = 30;

  private final Semaphore permits;
  private final int capacity;
  private final AtomicInteger admitted = new AtomicInteger();

  public RecognitionLimiter(int permits, int queue) {
    this.permits = new Semaphore(permits, true);
    this.capacity = permits + queue;
  }

  public static RecognitionLimiter defaults() {
    int cores = Runtime.getRuntime().availableProcessors();
    return new RecognitionLimiter(cores, 4 * cores);
  }

  /** A held slot; close it when the recognition is done. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /** A slot, or null when the queue is full or the wait timed out (answer 429). */
  public Slot enter() throws InterruptedException {
    if (admitted.incrementAndGet() > capacity) {
      admitted.decrementAndGet();
      return null;
    }
    if (!permits.tryAcquire(MAX_WAIT_SECONDS, TimeUnit.SECONDS)) {
      admitted.decrementAndGet();
      return null;
    }
    return () -> {
      permits.release();
      admitted.decrementAndGet();
    };
  }
}
