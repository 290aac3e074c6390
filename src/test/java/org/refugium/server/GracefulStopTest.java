package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.ApiConfig;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;
import org.refugium.web.WebConfig;

/**
 * Stopping the server lets a request in flight finish: a score_image upload whose body is still arriving
 * when close() is called gets its full response, while new connections are refused meanwhile.
 */
class GracefulStopTest {

  @TempDir
  Path data;

  /** The stop timeout of the first test: far longer than the test needs, so that only a stop that waits passes. */
  static final long STOP_MILLIS = 60_000;

  /**
   * Sent before the stop: a body the upload guard cannot take for a trickle however long the stop takes to begin on a
   * loaded machine. The guard ({@link UploadGuard#MIN_BYTES_PER_SECOND}, after its 2 s grace) judges the bytes
   * received since the request began: with 100 bytes sent first, the rest arriving more than ~2 s later was cut off
   * with 408 instead of the 503 this test expects; 1 MiB keeps the rate above 2 KB/s for over 8 minutes.
   */
  static final int SENT_BEFORE_THE_STOP = 1 << 20;

  @Test
  void aRequestInFlightCompletesWhileTheServerStops() throws Exception {
    Snapshots.importOpenData(data, "first", SharedData.openDataExcerpt());
    NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data), WebConfig.of(ApiConfig.defaults()),
        null, new NodeServer.Options(4, STOP_MILLIS));
    int port = server.port();
    String boundary = "soakboundary";
    byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\"a.jpg\"\r\n"
        + "Content-Type: image/jpeg\r\n\r\n" + "x".repeat(SENT_BEFORE_THE_STOP) + "\r\n--" + boundary + "--\r\n")
        .getBytes(StandardCharsets.US_ASCII);
    int first = body.length - 100; // all but the last 100 bytes (the closing boundary among them)
    try (Socket slow = new Socket("127.0.0.1", port)) {
      OutputStream out = slow.getOutputStream();
      out.write(("POST /v1/computervision/score_image HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data;"
          + " boundary=" + boundary + "\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, first); // the request is now being handled, waiting for the rest of its body
      out.flush();
      waitFor(() -> server.requestsInFlight() == 1);

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
        try {
          server.close();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      // the stop has begun once new connections are refused; it still waits for our request (for up to 60 s)
      waitFor(() -> refusesConnections(port));
      assertThat(stopping).isNotDone();
      assertThat(server.requestsInFlight()).isEqualTo(1);

      out.write(body, first, body.length - first);
      out.flush();
      String response = readAll(slow.getInputStream());
      // no models are loaded: the application's own complete answer, not a connection cut by the stop
      assertThat(response).startsWith("HTTP/1.1 503").contains("\"status\":503");
      stopping.get(STOP_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @Test
  void aStuckRequestDoesNotHoldTheStopPastItsTimeout() throws Exception {
    Snapshots.importOpenData(data, "first", SharedData.openDataExcerpt());
    NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data), WebConfig.of(ApiConfig.defaults()),
        null, new NodeServer.Options(4, 1_000));
    int port = server.port();
    try (Socket stuck = new Socket("127.0.0.1", port)) {
      stuck.getOutputStream().write(("POST /v1/computervision/score_image HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000\r\n\r\n--b\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      stuck.getOutputStream().flush();
      waitFor(() -> server.requestsInFlight() == 1);
      // behaviour only (how long the stop takes is a measurement, not a test: see scripts/soak): the stop
      // returns although the client never sends the rest of its body (the upload guard may even end the request
      // before the stop timeout), and the stuck connection is closed
      CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> {
        try {
          server.close();
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      stopping.get(60, TimeUnit.SECONDS);
      stuck.setSoTimeout(60_000);
      assertThat(readUntilClosed(stuck.getInputStream())).as("the stuck connection is closed").isTrue();
      assertThat(refusesConnections(port)).isTrue();
    }
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static boolean refusesConnections(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException refused) {
      return true;
    }
  }

  /** Reads whatever the server still sends (a 408/500 or nothing) until it closes the connection. */
  private static boolean readUntilClosed(InputStream in) {
    try {
      in.readAllBytes();
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    } catch (IOException reset) {
      return true; // a reset is a close too
    }
  }

  /** Polls the condition (every 25 ms) until it holds, failing after a deadline generous for a loaded machine. */
  private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition not met within 60 s").isLessThan(deadline);
      Thread.sleep(25);
    }
  }
}
