package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.SnapshotHolder;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * What an attacker on the campus network tried (issue #16, items 4, 10, 11, 13), on a real node: client-chosen
 * metric labels, unservable snapshots reported as ok, malformed uploads answered 500, and whole values echoed.
 */
class HardeningTest {

  @TempDir
  static Path data;
  static NodeServer server;
  static String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    Snapshots.importOpenData(data, "s", SharedData.openDataSample());
    server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data));
    base = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Sends raw bytes and returns the whole reply (the server closes: Connection: close). */
  private static String raw(byte[] request) throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.getOutputStream().write(request);
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void methodTokensChosenByClientsDoNotMintMetricSeries() throws Exception {
    for (String method : new String[] {"FOOBAR", "X-EVIL-1", "X-EVIL-2"}) {
      String reply = raw((method + " /v1/taxa/48460 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(reply).startsWith("HTTP/1.1 4");
    }
    String metrics = get("/metrics").body();
    assertThat(metrics).doesNotContain("FOOBAR").doesNotContain("X-EVIL").contains("method=\"other\"");
    assertThat(RequestLog.methodLabel("GET")).isEqualTo("GET");
  }

  @Test
  void errorsEchoOnlyAShortCleanPrefixOfTheValue() throws Exception {
    String huge = "9".repeat(20_000); // under the 32 KB request line, so it reaches the parameter parser
    HttpResponse<String> r = get("/v1/observations?per_page=" + huge);
    assertThat(r.statusCode()).isBetween(400, 499);
    assertThat(r.body().length()).isLessThan(1_000);
    assertThat(JSON.readTree(r.body()).get("error").asText()).contains("cut");

    HttpResponse<String> escape = get("/v1/observations?d1=%1B%5B31m" + "x".repeat(5_000) + "%0Afake-log-line");
    assertThat(escape.statusCode()).isBetween(400, 499);
    String message = JSON.readTree(escape.body()).get("error").asText();
    assertThat(message).doesNotContain("\u001b").doesNotContain("\n").hasSizeLessThan(400);

    HttpResponse<String> number = get("/v1/taxa/autocomplete?q=a&per_page=12abc");
    assertThat(number.statusCode()).isBetween(400, 499);
    assertThat(number.body()).doesNotContain("For input string");
  }

  /** An upload the client broke off surfaces as an EofException inside Jersey's reader: the client's 400, not our 500. */
  @Test
  void aBrokenOffBodyIsNotAServerError() {
    var mapper = new org.refugium.api.ErrorMappers.Unexpected();
    assertThat(mapper.toResponse(new RuntimeException(new org.eclipse.jetty.io.EofException("early EOF"))).getStatus())
        .isEqualTo(400);
    assertThat(mapper.toResponse(new java.io.UncheckedIOException(new java.io.EOFException())).getStatus())
        .isEqualTo(400);
    assertThat(mapper.toResponse(new IllegalStateException("a bug of ours")).getStatus()).isEqualTo(500);
  }

  @Test
  void aMalformedUploadIsTheClients400() throws Exception {
    String boundary = "----cut-off";
    byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n"
        + "Content-Type: image/jpeg\r\n\r\n\u00ff\u00d8\u00ff\u00e0 not the rest of a jpeg, and no closing boundary")
        .getBytes(StandardCharsets.ISO_8859_1);
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/computervision/score_image"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isBetween(400, 499);
    assertThat(JSON.readTree(r.body()).get("status").asInt()).isEqualTo(r.statusCode());
  }

  /** A CURRENT that names a snapshot that cannot even be opened is degraded on /health, and logged once. */
  @Test
  void anUnservableCurrentIsDegradedAndLoggedOnce() throws Exception {
    SnapshotStore store = new SnapshotStore(data);
    Path broken = Files.createDirectories(data.resolve("broken"));
    Files.writeString(broken.resolve("manifest.json"), "{ this is not a manifest");
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (SnapshotHolder holder = new SnapshotHolder(ServedSnapshot.open("s", store.dir("s"), 2));
        SnapshotWatcher watcher = new SnapshotWatcher(store, holder, "s", 2, new PrintStream(log, true,
            StandardCharsets.UTF_8))) {
      store.setCurrent("broken");
      for (int i = 0; i < 5; i++) {
        watcher.checkOnce();
        server.checkForSwitch();
      }
      String lines = log.toString(StandardCharsets.UTF_8);
      assertThat(lines.lines().filter(l -> l.startsWith("refusing")).count()).as(lines).isEqualTo(1);
      assertThat(watcher.status()).isEqualTo("degraded");

      JsonNode health = JSON.readTree(get("/health").body());
      assertThat(health.get("status").asText()).isEqualTo("degraded");
      assertThat(health.get("snapshot").asText()).isEqualTo("s");
      assertThat(health.get("message").asText()).contains("broken").contains("cannot be opened")
          .doesNotContain(data.toString());
    } finally {
      store.setCurrent("s");
      server.checkForSwitch();
    }
    assertThat(JSON.readTree(get("/health").body()).get("status").asText()).isEqualTo("ok");
  }
}
