package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.ApiConfig;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;
import org.refugium.web.WebConfig;

/**
 * /health/live and /health/ready on a real node: ready while it serves, 503 with the reason from the moment CURRENT
 * names another snapshot until that one is checked and open, ready again after; every response names node and
 * snapshot.
 */
class ReadinessTest {

  @TempDir
  Path data;

  /**
   * The drain time of the first two tests. What they assert while a node drains (503 with the reason, the API still
   * served) must happen within it: with 1.5 s and 3 s, three requests after the drain began could outlast it on a
   * loaded 2-core box, and the node had already moved on to switching or stopping. 5 s is far more than those few
   * requests need and adds a few seconds to the run.
   */
  static final long DRAIN_MILLIS = 5_000;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(NodeServer server, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> await(NodeServer server, String path, Predicate<HttpResponse<String>> condition)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    HttpResponse<String> last = get(server, path);
    while (!condition.test(last) && System.nanoTime() < deadline) {
      Thread.sleep(20); // polling interval of a wait with a deadline, not a wait for time to pass
      last = get(server, path);
    }
    assertThat(condition.test(last)).as("last answer: %s %s", last.statusCode(), last.body()).isTrue();
    return last;
  }

  @Test
  void notReadyWhileDrainingAndSwitchingThenReadyOnTheNewSnapshot() throws Exception {
    Snapshots.importOpenData(data, "first", SharedData.openDataExcerpt());
    var fleet = new NodeServer.Fleet("node-a", TrustedProxies.parse("127.0.0.1"), DRAIN_MILLIS);
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data),
        WebConfig.of(ApiConfig.defaults()), null, NodeServer.Options.defaults(), fleet)) {
      var live = get(server, "/health/live");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.body()).contains("\"status\":\"alive\"");
      var ready = get(server, "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"ready\":true", "\"snapshot\":\"first\"");
      var search = get(server, "/v1/observations?per_page=1");
      assertThat(search.headers().firstValue(NodeHeaders.NODE)).contains("node-a");
      assertThat(search.headers().firstValue(NodeHeaders.SNAPSHOT)).contains("first");

      Snapshots.importOpenData(data, "second", SharedData.openDataSample()); // switches CURRENT
      server.checkForSwitch(); // the watcher's next tick, now: it starts draining
      var draining = get(server, "/health/ready");
      assertThat(draining.statusCode()).isEqualTo(503);
      assertThat(draining.body()).contains("\"reason\":\"draining\"", "\"snapshot\":\"first\"",
          "\"next_snapshot\":\"second\"", "\"status\":503", "\"error\":\"not ready");
      // still serving the old snapshot meanwhile, and alive
      assertThat(get(server, "/v1/observations?per_page=1").headers().firstValue(NodeHeaders.SNAPSHOT))
          .contains("first");
      assertThat(get(server, "/health/live").statusCode()).isEqualTo(200);

      var after = await(server, "/health/ready", r -> r.statusCode() == 200);
      assertThat(after.body()).contains("\"snapshot\":\"second\"").doesNotContain("next_snapshot");
      assertThat(get(server, "/v1/observations?per_page=1").headers().firstValue(NodeHeaders.SNAPSHOT))
          .contains("second");
      assertThat(get(server, "/health").body()).contains("\"snapshot\":\"second\"", "\"status\":\"ok\"");
    }
  }

  @Test
  void aStoppingNodeSaysSoWhileItDrainsThenCloses() throws Exception {
    Snapshots.importOpenData(data, "first", SharedData.openDataExcerpt());
    var fleet = new NodeServer.Fleet("node-b", TrustedProxies.none(), DRAIN_MILLIS);
    NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data),
        WebConfig.of(ApiConfig.defaults()), null, NodeServer.Options.defaults(), fleet);
    int port = server.port();
    Thread stop = Thread.ofPlatform().start(() -> {
      try {
        server.close(); // what SIGTERM does through ServeCommand's shutdown hook
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    try {
      var stopping = await(server, "/health/ready", r -> r.statusCode() == 503);
      assertThat(stopping.body()).contains("\"reason\":\"stopping\"");
      // still serving while the balancer notices
      assertThat(get(server, "/v1/observations?per_page=1").statusCode()).isEqualTo(200);
    } finally {
      stop.join(60_000);
    }
    assertThat(stop.isAlive()).isFalse();
    try (var probe = new java.net.Socket()) {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> probe.connect(
          new java.net.InetSocketAddress("127.0.0.1", port), 1_000)).isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void withoutADrainTimeTheSwitchIsImmediateAsBefore() throws Exception {
    Snapshots.importOpenData(data, "first", SharedData.openDataExcerpt());
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data))) {
      Snapshots.importOpenData(data, "second", SharedData.openDataSample());
      server.checkForSwitch();
      var ready = get(server, "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.body()).contains("\"snapshot\":\"second\"");
    }
  }
}
