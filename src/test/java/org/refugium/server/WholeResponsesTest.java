package org.refugium.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * Answers up to 256 KiB leave whole, framed by a Content-Length, not chunk by chunk (docs/replication.md): a node
 * killed while building one has then sent nothing, and the balancer can replay the request on another node; a
 * chunked answer cut in the middle can be replayed by no one (BalancerFailoverTest saw a search GET cut so). Read
 * off a raw socket, with and without gzip, for JSON, a page and a health check.
 */
class WholeResponsesTest {

  @TempDir
  Path data;

  @Test
  void answersUnder256KibCarryAContentLength() throws Exception {
    Snapshots.importOpenData(data, "s", SharedData.openDataSample());
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data))) {
      for (String path : List.of("/v1/observations?per_page=10&order_by=observed_on", "/v1/taxa/autocomplete?q=a",
          "/health/live", "/taxa/48460", "/v1/observations/does-not-exist")) {
        for (boolean gzip : new boolean[] {false, true}) {
          String head = head(server.port(), path, gzip);
          assertThat(head).as("%s, gzip %s", path, gzip).containsIgnoringCase("\r\ncontent-length: ")
              .doesNotContainIgnoringCase("transfer-encoding");
        }
      }
    }
  }

  /** The status line and headers of a GET, read off a raw socket (Java's client hides the framing). */
  private static String head(int port, String path, boolean gzip) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(60_000);
      OutputStream out = s.getOutputStream();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
          + (gzip ? "Accept-Encoding: gzip\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
      int end = all.indexOf("\r\n\r\n");
      assertThat(end).as("a header block from %s", path).isPositive();
      return all.substring(0, end + 2).toLowerCase(Locale.ROOT);
    }
  }
}
