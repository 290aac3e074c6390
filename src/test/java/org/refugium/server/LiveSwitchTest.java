package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.SnapshotImporter;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/** A running server follows CURRENT without a restart, drops no request, and refuses an altered snapshot. */
class LiveSwitchTest {

  @TempDir
  Path data;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(NodeServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void switchesUnderLoadWithoutErrorsAndRefusesAnAlteredSnapshot() throws Exception {
    Snapshots.importOpenData(data, "first", SharedData.openDataExcerpt());
    SnapshotStore store = new SnapshotStore(data);
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, store)) {
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      Thread load = Thread.ofPlatform().start(() -> {
        while (running.get()) {
          try {
            int status = get(server, "/v1/observations?per_page=5").statusCode();
            (status == 200 ? ok : failed).incrementAndGet();
          } catch (Exception e) {
            failed.incrementAndGet();
          }
        }
      });
      try {
        Snapshots.importOpenData(data, "second", SharedData.openDataSample()); // switches CURRENT
        server.checkForSwitch();
        assertThat(get(server, "/health").body()).contains("\"snapshot\":\"second\"");
        assertThat(get(server, "/v1/observations?per_page=0").body()).contains("\"total_results\":32");

        // a snapshot altered after publishing: CURRENT points at it, the server refuses it
        Snapshots.importRequest(data, new SnapshotImporter.Request(List.of(SharedData.openDataExcerpt()), null, null,
            "altered", false));
        Files.write(data.resolve("altered").resolve("rejects.tsv.gz"), new byte[] {1}, StandardOpenOption.APPEND);
        store.setCurrent("altered");
        server.checkForSwitch();
        String health = get(server, "/health").body();
        assertThat(health).contains("\"snapshot\":\"second\"").contains("\"status\":\"degraded\"")
            .contains("\"refused_snapshot\":\"altered\"");
      } finally {
        running.set(false);
        load.join();
      }
      assertThat(failed.get()).isZero();
      assertThat(ok.get()).isPositive();
    }
  }

  /**
   * Nobody calls checkForSwitch here: the server's own watcher must notice CURRENT moving, both to a new import and
   * back to the older snapshot (as `snapshots use` and `rollback` do). Waits for /health under a deadline.
   */
  @Test
  void followsCurrentByItself() throws Exception {
    Snapshots.importOpenData(data, "first", SharedData.openDataExcerpt());
    SnapshotStore store = new SnapshotStore(data);
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, store)) {
      assertThat(get(server, "/health").body()).contains("\"snapshot\":\"first\"");
      Snapshots.importOpenData(data, "second", SharedData.openDataExcerpt()); // publishes and switches CURRENT
      awaitServed(server, "second");
      store.setCurrent("first");
      awaitServed(server, "first");
      assertThat(get(server, "/v1/observations?per_page=0").statusCode()).isEqualTo(200);
    }
  }

  private void awaitServed(NodeServer server, String name) throws Exception {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
    String health = get(server, "/health").body();
    while (!health.contains("\"snapshot\":\"" + name + "\"")) {
      assertThat(System.nanoTime()).as("the server did not switch to %s by itself within 120 s: %s", name, health)
          .isLessThan(deadline);
      Thread.sleep(100); // polling /health for the condition
      health = get(server, "/health").body();
    }
  }
}
