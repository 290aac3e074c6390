package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.ApiConfig;
import org.refugium.recognition.BundleInstaller;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;
import org.refugium.web.WebConfig;

/**
 * Clients that give up do not stay counted in flight (issue #16, item 12), on a real node with a real recognizer
 * and real sockets: clients that send half a request, start an upload, or send a whole photo for score_image (or ask
 * for an export) and close before the answer. The in-flight gauge in /metrics comes back to the scrape alone well
 * before the connections' idle time-out (30 s), /health answers promptly throughout (see {@link #HEALTH_WITHIN}),
 * and a graceful stop configured to wait 60 s completes long before that.
 */
class AbandonedRequestsTest {

  /** Longer than the wait below: without the fix the stop would sit out all of it. */
  static final long STOP_MILLIS = 60_000;

  /** Under Jetty's 30 s idle time-out, which would otherwise end the abandoned requests by itself. */
  static final Duration SETTLES_WITHIN = Duration.ofSeconds(20);

  /**
   * How soon /health must answer during and after the attack. A node starved by the abandoned requests would answer
   * only when they end, at Jetty's 30 s idle time-out (or the uploads' 30 s wait for a slot), so 10 s still fails such
   * a node. 1 s, the figure issue #16 names and what a quiet machine shows, is not a bound a test can hold on a
   * shared 2-core CI box at load 20, where this JVM also runs the four abandoned recognitions.
   */
  static final Duration HEALTH_WITHIN = Duration.ofSeconds(10);

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(HEALTH_WITHIN).build();

  @TempDir
  Path dir;

  @Test
  void clientsThatGiveUpLeaveNothingInFlightAndTheStopIsPrompt() throws Exception {
    Snapshots.importOpenData(dir.resolve("data"), "s", SharedData.openDataSample());
    new BundleInstaller(dir.resolve("models"), false, line -> { }).install("coral-inat-birds", SharedData.models());
    try (Recognizer recognizer = Recognizer.load(ModelBundle.installed(dir.resolve("models")), 50_000_000L,
        line -> { })) {
      NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(dir.resolve("data")),
          WebConfig.of(ApiConfig.defaults()), recognizer, new NodeServer.Options(8, STOP_MILLIS));
      try {
        // the first answers of a fresh JVM include class loading and JIT: warm /health before timing it
        for (int i = 0; i < 3; i++) {
          assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/health"))
              .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        }
        attack(server.port());
        // the gauge counts the scrape that reads it: 1 is "nothing else"
        long deadline = System.nanoTime() + SETTLES_WITHIN.toNanos();
        long inFlight;
        while ((inFlight = inFlightGauge(server.port())) != 1) {
          assertThat(System.nanoTime()).as("in flight still " + inFlight + " after " + SETTLES_WITHIN)
              .isLessThan(deadline);
          assertThat(promptHealth(server.port())).isEqualTo(200);
          Thread.sleep(100);
        }
        // the scrape that read 1 is counted until Jetty completes it, a moment after its last byte reached us:
        // wait for that moment rather than race it (the abandoned requests would still be counted at the deadline)
        while (server.requestsInFlight() != 0) {
          assertThat(System.nanoTime()).as("requests in flight still " + server.requestsInFlight())
              .isLessThan(deadline);
          Thread.sleep(10);
        }
        // a normal recognition still works after the abandoned ones
        assertThat(scoreImage(server.port())).startsWith("HTTP/1.1 200");
      } finally {
        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
          try {
            server.close();
          } catch (Exception e) {
            throw new RuntimeException(e);
          }
        });
        // far under the configured 60 s: nothing is left for the stop to wait for
        stopping.get(SETTLES_WITHIN.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  /** Opens the abandoned requests and closes them; /health must answer promptly meanwhile. */
  private static void attack(int port) throws Exception {
    byte[] form = photoForm();
    List<Socket> clients = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      Socket s = new Socket("127.0.0.1", port);
      OutputStream out = s.getOutputStream();
      switch (i % 4) {
        case 0 -> out.write("GET /v1/taxa/48460 HTTP/1.1\r\nHost: loc".getBytes(StandardCharsets.US_ASCII)); // half
        case 1 -> { // an upload begun, never finished
          out.write(("POST " + (i % 8 == 1 ? "/identify" : "/v1/computervision/score_image") + " HTTP/1.1\r\n"
              + "Host: localhost\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 100000\r\n\r\n"
              + "--b\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        case 2 -> { // a whole photo for score_image; the client does not wait for the answer
          out.write(("POST /v1/computervision/score_image HTTP/1.1\r\nHost: localhost\r\n"
              + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + form.length + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
          out.write(form);
        }
        default -> out.write(((i == 3 ? "GET /export/observations.csv" : "GET /v1/observations?per_page=200")
            + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.US_ASCII)); // an answer not waited for
      }
      out.flush();
      clients.add(s);
    }
    assertThat(promptHealth(port)).isEqualTo(200);
    assertThat(clients).hasSize(16);
    for (Socket s : clients) {
      s.close();
    }
  }

  private static byte[] photoForm() throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--b\r\nContent-Disposition: form-data; name=\"image\"; filename=\"parrot.jpg\"\r\n"
        + "Content-Type: image/jpeg\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    body.write(Files.readAllBytes(SharedData.data("photos/open-images/parrot.jpg")));
    body.write("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
    return body.toByteArray();
  }

  private static String scoreImage(int port) throws Exception {
    byte[] form = photoForm();
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(60_000);
      s.getOutputStream().write(("POST /v1/computervision/score_image HTTP/1.1\r\nHost: localhost\r\nConnection: close"
          + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + form.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().write(form);
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** /health's status, the request failing (and so the test) if no answer comes within {@link #HEALTH_WITHIN}. */
  static int promptHealth(int port) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
        .timeout(HEALTH_WITHIN).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  private static final Pattern GAUGE = Pattern.compile("(?m)^refugium_http_requests_in_flight (\\S+)$");

  static long inFlightGauge(int port) throws Exception {
    String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(HEALTH_WITHIN).build(), HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = GAUGE.matcher(text);
    assertThat(m.find()).as("the in-flight gauge in /metrics").isTrue();
    return (long) Double.parseDouble(m.group(1));
  }
}
