package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;
import org.refugium.web.WebConfig;
import org.refugium.api.ApiConfig;

/**
 * Uploads cannot starve the node (issue #16, items 1 and 3), on a real Jetty with real sockets: a dozen clients
 * trickling upload bodies leave /health and the pages answering, a trickle is cut off, and an oversized body is
 * refused while it is read (chunked) or before it is sent (declared length with Expect: 100-continue).
 */
class UploadGuardTest {

  /** Few request threads, so that a dozen slow uploads would hold them all without the guard. */
  static final int THREADS = 6;

  @TempDir
  static Path data;
  static NodeServer server;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void importSample() throws Exception {
    Snapshots.importOpenData(data, "s", SharedData.openDataSample());
  }

  /** A node of its own per test: uploads left waiting by one test must not queue before the next one's. */
  @BeforeEach
  void start() throws Exception {
    server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data), WebConfig.of(ApiConfig.defaults()), null,
        new NodeServer.Options(THREADS, 1_000));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  /** Opens an upload that declares a body and sends only its first line. */
  private static Socket slowUpload(String path) throws Exception {
    Socket s = new Socket("127.0.0.1", server.port());
    s.setSoTimeout(60_000);
    s.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
        + "Content-Type: multipart/form-data; boundary=slow\r\nContent-Length: 100000\r\n\r\n--slow\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
    return s;
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aDozenSlowUploadsLeaveTheNodeAnswering() throws Exception {
    List<Socket> slow = new ArrayList<>();
    try {
      for (int i = 0; i < 12; i++) {
        slow.add(slowUpload(i % 2 == 0 ? "/v1/computervision/score_image" : "/identify"));
      }
      // every slow client keeps trickling while the others ask for pages
      for (int round = 0; round < 3; round++) {
        for (Socket s : slow) {
          if (!s.isClosed()) {
            try {
              s.getOutputStream().write('x');
              s.getOutputStream().flush();
            } catch (java.io.IOException cutOff) {
              // the node already cut this one off: fine
            }
          }
        }
        assertThat(get("/health").statusCode()).as("health, round " + round).isEqualTo(200);
        assertThat(get("/v1/taxa/48460").statusCode()).isEqualTo(200);
        assertThat(get("/taxa/48460").statusCode()).isEqualTo(200);
      }
    } finally {
      for (Socket s : slow) {
        s.close();
      }
    }
  }

  @Test
  void aTrickledBodyIsCutOff() throws Exception {
    try (Socket s = slowUpload("/v1/computervision/score_image")) {
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
      String reply = "";
      // one byte every 300 ms is far below the minimum rate: the node answers (408) or closes long before the
      // 100,000 declared bytes could arrive
      while (System.nanoTime() < deadline) {
        try {
          out.write('x');
          out.flush();
        } catch (java.io.IOException closed) {
          break;
        }
        if (in.available() > 0) {
          break;
        }
        Thread.sleep(300); // the trickle's own pace, not a wait for a condition
      }
      assertThat(System.nanoTime()).as("cut off within 40 s").isLessThan(deadline);
      try {
        s.setSoTimeout(60_000); // the node has answered or closed: the read returns as soon as it has either
        byte[] head = in.readNBytes(12);
        reply = new String(head, StandardCharsets.US_ASCII);
      } catch (java.io.IOException closed) {
        reply = "closed";
      }
      assertThat(reply).as("a 4xx or a closed connection").satisfiesAnyOf(
          r -> assertThat(r).startsWith("HTTP/1.1 4"), r -> assertThat(r).isIn("closed", ""));
    }
  }

  @Test
  void aChunkedBodyOverTheLimitIsRefusedWhileRead() throws Exception {
    long size = UploadGuard.MAX_BODY_BYTES + (4 << 20);
    InputStream endless = new InputStream() {
      long sent;

      @Override
      public int read() {
        return sent++ < size ? 'x' : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (sent >= size) {
          return -1;
        }
        int n = (int) Math.min(len, size - sent);
        java.util.Arrays.fill(b, off, off + n, (byte) 'x');
        sent += n;
        return n;
      }
    };
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
            + "/v1/computervision/score_image"))
        .header("Content-Type", "multipart/form-data; boundary=big")
        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> endless)).build();
    try {
      HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
    } catch (java.io.IOException resetAfterRefusal) {
      // the node may close the connection after its 413 while the client is still sending: also a refusal
      assertThat(resetAfterRefusal).isNotNull();
    }
  }

  @Test
  void aDeclaredOversizedBodyIsRefusedBeforeItIsSent() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(60_000); // a node that waited for the body would send "100 Continue" instead: the check fails
      s.getOutputStream().write(("POST /v1/computervision/score_image HTTP/1.1\r\nHost: localhost\r\n"
          + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: " + (UploadGuard.MAX_BODY_BYTES * 3)
          + "\r\nExpect: 100-continue\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      s.getOutputStream().flush();
      String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 413");
    }
  }
}
