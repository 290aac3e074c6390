package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.SnapshotHolder;
import org.refugium.importer.SnapshotImporter;
import org.refugium.testing.Snapshots;

/**
 * Request work runs in at most N compute slots, first come first served; leases without a slot (a streamed export, a
 * recognition) never wait for one. On the real sample snapshot.
 */
class ComputeSlotsTest {

  private static final Path SAMPLE = Path.of(System.getProperty("refugium.shared", "../shared"))
      .resolve("data/inat-open-data/sample-2022-06");

  @TempDir
  static Path dataDir;

  static SnapshotHolder holder;

  /**
   * Every wait of the first test. The two calls holding the slots give up waiting for the release after this long:
   * if the test thread were stalled longer than that (10 s was within reach on a loaded 2-core box) they would leave
   * their slots, and the count of calls running would no longer be the two this test looks for.
   */
  static final long WAIT_SECONDS = 60;

  @BeforeAll
  static void serveSample() throws Exception {
    SnapshotImporter.Result result = Snapshots.importOpenData(dataDir, "sample", SAMPLE);
    holder = new SnapshotHolder(ServedSnapshot.open("sample", result.directory(), 2));
  }

  @AfterAll
  static void close() throws Exception {
    holder.close();
  }

  @Test
  void atMostTheSlotsRunAtOnceAndLeasesDoNotWait() throws Exception {
    Endpoints endpoints = new Endpoints(holder, ApiConfig.defaults(), 2);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch inside = new CountDownLatch(2);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try {
      java.util.List<Future<String>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(pool.submit(() -> endpoints.call(s -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          inside.countDown();
          try {
            release.await(WAIT_SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          running.decrementAndGet();
          return s.name();
        })));
      }
      assertThat(inside.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      // Not a wait for a condition: the pause gives a wrongly admitted third call the chance to enter, so that the
      // next line can catch it; on correct code the count stays 2 however long the pause, so this cannot flake.
      Thread.sleep(200);
      assertThat(running.get()).isEqualTo(2);
      assertThat(endpoints.lease(ServedSnapshot::name)).as("a lease while every slot is taken").isEqualTo("sample");
      release.countDown();
      for (Future<String> f : calls) {
        assertThat(f.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("sample");
      }
      assertThat(most.get()).isEqualTo(2);
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void aSlotIsFreedWhenTheWorkFails() {
    Endpoints endpoints = new Endpoints(holder, ApiConfig.defaults(), 1);
    assertThatThrownBy(() -> endpoints.call(s -> {
      throw ApiException.invalid("bad parameter");
    })).isInstanceOf(ApiException.class);
    assertThat(endpoints.call(ServedSnapshot::name)).isEqualTo("sample");
  }

  @Test
  void slotsMustBePositive() {
    assertThatThrownBy(() -> new Endpoints(holder, ApiConfig.defaults(), 0)).isInstanceOf(IllegalArgumentException.class);
  }
}
