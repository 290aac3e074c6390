package org.refugium.api;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.SnapshotHolder;

/**
 * What every resource holds: the served snapshot and the API's settings; runs a request on a leased snapshot.
 *
 * <p>Searches, lookups and page renders also take one of a few compute slots (twice the cores, first come first
 * served). They are CPU work with nothing to wait on, so more of them at once only share the cores: on 2 cores with 8
 * clients, /v1/observations at 12 concurrent requests (Jetty's threads) cost 3.5 ms of CPU each and had a p99 of
 * 50 ms; at 4, 2.3 ms and 32 ms, for 1.6 times the throughput (docs/benchmarks.md, API). Jetty keeps its larger
 * pool for what waits: photo files, recognition slots, slow clients.
 */
public final class Endpoints {

  /** How long a request waits for a compute slot before it is answered 503 rather than piling up. */
  private static final long SLOT_WAIT_SECONDS = 30;

  private final SnapshotHolder holder;
  private final ApiConfig config;
  private final Semaphore computeSlots;

  public Endpoints(SnapshotHolder holder, ApiConfig config) {
    this(holder, config, defaultComputeSlots());
  }

  public Endpoints(SnapshotHolder holder, ApiConfig config, int computeSlots) {
    if (computeSlots < 1) {
      throw new IllegalArgumentException("compute slots must be at least 1, not " + computeSlots);
    }
    this.holder = holder;
    this.config = config;
    this.computeSlots = new Semaphore(computeSlots, true);
  }

  public static int defaultComputeSlots() {
    return 2 * Runtime.getRuntime().availableProcessors();
  }

  public ApiConfig config() {
    return config;
  }

  /** Request work on a leased snapshot, in a compute slot. */
  public <T> T call(Function<ServedSnapshot, T> work) {
    try {
      if (!computeSlots.tryAcquire(SLOT_WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new ApiException(503, "the server is busy; retry shortly");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "the server is stopping");
    }
    try {
      return lease(work);
    } finally {
      computeSlots.release();
    }
  }

  /**
   * Work on a leased snapshot without a compute slot: for work whose length the client sets (a streamed export) or
   * that a limiter of its own bounds (recognition).
   */
  public <T> T lease(Function<ServedSnapshot, T> work) {
    try (ServedSnapshot s = holder.acquire()) {
      return work.apply(s);
    }
  }
}
