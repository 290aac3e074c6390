package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

class MetricsAndRequestIdTest {

  @TempDir
  Path data;

  @Test
  void metricsCountRequestsByRouteAndErrorsCarryTheRequestId() throws Exception {
    Snapshots.importOpenData(data, "s", SharedData.openDataSample());
    HttpClient http = HttpClient.newHttpClient();
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data))) {
      String base = "http://127.0.0.1:" + server.port();
      http.send(HttpRequest.newBuilder(URI.create(base + "/v1/taxa/61824")).build(), HttpResponse.BodyHandlers.ofString());
      http.send(HttpRequest.newBuilder(URI.create(base + "/v1/taxa/48460")).build(), HttpResponse.BodyHandlers.ofString());
      HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/observations?per_page=999"))
          .header("X-Request-Id", "trace-42").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isBetween(400, 499);
      assertThat(bad.headers().firstValue("X-Request-Id")).contains("trace-42");
      assertThat(bad.body()).contains("\"request_id\":\"trace-42\"").contains("\"status\":");

      String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      // one series for the route, not one per taxon id
      assertThat(metrics).contains("refugium_http_request_duration_seconds_count{endpoint=\"/v1/taxa/{ids}\",method=\"GET\"} 2");
      assertThat(metrics).contains("refugium_snapshot_rows{table=\"observations\"} 32.0");
      assertThat(metrics).contains("jvm_memory_used_bytes");
    }
  }
}
