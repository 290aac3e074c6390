package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.archive.SqliteFiles;
import org.refugium.cli.Refugium;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * NUL, invalid UTF-8 and bidirectional controls in imported text (issue #16, item 14): counted per column in the
 * manifest and the import summary; NUL removed, invalid UTF-8 stored as U+FFFD, bidi controls kept and isolated on
 * the pages (docs/hostile-input.md).
 */
class MalformedTextTest {

  @TempDir
  Path dir;

  @Test
  void malformedTextIsCountedPerColumnCleanedAndIsolated() throws Exception {
    Path export = Files.createDirectories(dir.resolve("export"));
    for (String t : List.of("taxa", "observers", "observations", "photos")) {
      Files.copy(SharedData.openDataExcerpt().resolve(t + ".csv"), export.resolve(t + ".csv"));
    }
    ByteArrayOutputStream rows = new ByteArrayOutputStream();
    rows.write("901\tnul\u0000login\tPlain Name\n".getBytes(StandardCharsets.UTF_8));
    rows.write("902\tbadutf\tBad ".getBytes(StandardCharsets.UTF_8));
    rows.write(new byte[] {(byte) 0xC3, 0x28}); // a lead byte without its continuation
    rows.write(" bytes\n".getBytes(StandardCharsets.UTF_8));
    rows.write("903\trtl\u202Euser\tEvil \u202Egnp.exe\n".getBytes(StandardCharsets.UTF_8));
    Files.write(export.resolve("observers.csv"), rows.toByteArray(), StandardOpenOption.APPEND);

    ByteArrayOutputStream summary = new ByteArrayOutputStream();
    PrintStream out = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(summary, true, StandardCharsets.UTF_8));
      exit = Refugium.commandLine().execute("import", "--name", "s", "--data-dir", dir.resolve("data").toString(),
          "--open-data", export.toString());
    } finally {
      System.setOut(out);
    }
    assertThat(exit).isZero();
    String printed = summary.toString(StandardCharsets.UTF_8);
    String login = "malformed text in observers.login: 1 value(s) with NUL (removed), 0 with invalid UTF-8 (stored as"
        + " U+FFFD), 1 with bidirectional controls (kept, isolated on pages)";
    String name = "malformed text in observers.name: 0 value(s) with NUL (removed), 1 with invalid UTF-8 (stored as"
        + " U+FFFD), 1 with bidirectional controls (kept, isolated on pages)";
    assertThat(printed).contains("warning: " + login, "warning: " + name);
    Path snapshot = new SnapshotStore(dir.resolve("data")).dir("s");
    Manifest manifest = Manifest.read(snapshot.resolve(Manifest.FILE_NAME));
    assertThat(manifest.warnings()).contains(login, name);

    try (Connection db = SqliteFiles.openReadOnly(snapshot.resolve(SnapshotImporter.DATABASE))) {
      assertThat(Snapshots.text(db, "SELECT login FROM observers WHERE id = 901")).isEqualTo("nullogin");
      assertThat(Snapshots.text(db, "SELECT name FROM observers WHERE id = 902")).isEqualTo("Bad \uFFFD( bytes");
      assertThat(Snapshots.text(db, "SELECT name FROM observers WHERE id = 903")).isEqualTo("Evil \u202Egnp.exe");
    }

    // the override stays inside its own isolate on the observer's page
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(dir.resolve("data")))) {
      String page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
          + server.port() + "/people/" + URLEncoder.encode("rtl\u202Euser", StandardCharsets.UTF_8))).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(page).contains("<h1><bdi>rtl\u202Euser</bdi>", "<small><bdi>Evil \u202Egnp.exe</bdi></small>");
    }
  }
}
