package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.cli.Refugium;
import org.refugium.testing.FreePorts;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/** `refugium serve` starts over the published snapshot and answers /health and the API. */
class ServeCommandTest {

  @TempDir
  Path dataDir;

  @Test
  void serveAnswersHealthAndApi() throws Exception {
    Snapshots.importOpenData(dataDir, "s", SharedData.openDataSample());
    int port = FreePorts.pick(); // serve binds it later, on its own (see FreePorts)
    String[] args = {"serve", "--data-dir", dataDir.toString(), "--port", Integer.toString(port),
        "--photo-base-url", "http://mirror.local/photos/"};
    Thread serve = new Thread(() -> Refugium.commandLine().execute(args), "serve-under-test");
    serve.setDaemon(true);
    serve.start();
    HttpClient http = HttpClient.newHttpClient();
    try {
      HttpResponse<String> health = null;
      // wait for the child JVM to answer, under a deadline generous for a loaded machine (polled every 100 ms)
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(90);
      while (health == null && System.nanoTime() < deadline) {
        try {
          health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
              HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException notYet) {
          Thread.sleep(100);
        }
      }
      assertThat(health).as("serve did not come up").isNotNull();
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"ok\"").contains("\"snapshot\":\"s\"");
      String observation = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
          + "/v1/observations/5895285454616975")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(observation).contains("http://mirror.local/photos/10314159/square.jpg");
    } finally {
      serve.interrupt(); // join() is interrupted; the command closes the server
      serve.join(10_000);
    }
    assertThat(serve.isAlive()).isFalse();
  }
}
