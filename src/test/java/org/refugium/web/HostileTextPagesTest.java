package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * Stored XSS (issue #17): observer names and taxon names are crowd-sourced. The real June sample is rewritten so
 * that every observer's name and every taxon's name starts with markup; every page must show it as text.
 */
class HostileTextPagesTest {

  /** Markup that would run if a page inserted it raw, and the escaped form a page must show instead. */
  static final String HOSTILE = "<img src=x onerror=alert(1)>\"'&";
  static final String RAW = "<img src=x onerror";
  static final String ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

  @TempDir
  static Path dir;
  static NodeServer server;
  static long observation;
  static long taxon;
  static String login;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Node node = startHostileNode(dir);
    server = node.server();
    observation = node.observation();
    taxon = node.taxon();
    login = node.login();
  }

  /** A node serving the hostile copy of the sample, and one observation, its taxon and its observer's login. */
  record Node(NodeServer server, long observation, long taxon, String login) {
    /** Every page whose text holds the hostile names, English and Russian. */
    List<String> pagesWithNames() {
      String who = URLEncoder.encode(login, StandardCharsets.UTF_8);
      return List.of("/", "/?view=list", "/?view=grid", "/?view=species", "/?view=observers",
          "/?taxon_id=" + taxon, "/?user_login=" + who, "/?view=species&taxon_id=" + taxon, "/taxa/" + taxon,
          "/observations/" + observation, "/people/" + who, "/?locale=ru", "/taxa/" + taxon + "?locale=ru",
          "/observations/" + observation + "?locale=ru", "/people/" + who + "?locale=ru");
    }
  }

  /** Imports the June sample with every observer's and taxon's name prefixed by {@link #HOSTILE}, and serves it. */
  static Node startHostileNode(Path dir) throws Exception {
    Path export = dir.resolve("inaturalist-open-data-20220627");
    Files.createDirectories(export);
    for (String table : List.of("observations", "photos")) {
      Files.copy(SharedData.openDataSample().resolve(table + ".csv.gz"), export.resolve(table + ".csv.gz"));
    }
    prefixColumn(SharedData.openDataSample().resolve("observers.csv.gz"), export.resolve("observers.csv.gz"), "name");
    prefixColumn(SharedData.openDataSample().resolve("taxa.csv.gz"), export.resolve("taxa.csv.gz"), "name");
    Path data = dir.resolve("data");
    var imported = Snapshots.importOpenData(data, "hostile", export);
    long observation;
    long taxon;
    String login;
    try (Connection db = Snapshots.open(imported)) {
      assertThat(Snapshots.scalar(db, "SELECT count(*) FROM observers WHERE name NOT LIKE '<img%'")).isZero();
      assertThat(Snapshots.scalar(db, "SELECT count(*) FROM taxa WHERE name NOT LIKE '<img%'")).isZero();
      observation = Snapshots.scalar(db, "SELECT min(id) FROM observations WHERE taxon_id IS NOT NULL");
      taxon = Snapshots.scalar(db, "SELECT taxon_id FROM observations WHERE id = " + observation);
      login = Snapshots.text(db, "SELECT u.login FROM observations o JOIN observers u ON u.id = o.observer_id"
          + " WHERE o.id = " + observation);
    }
    assertThat(login).isNotBlank();
    return new Node(NodeServer.start("127.0.0.1", 0, new SnapshotStore(data)), observation, taxon, login);
  }

  /** Copies a gzipped TSV, prefixing every value of {@code column} with the hostile markup. */
  static void prefixColumn(Path from, Path to, String column) throws Exception {
    List<String> lines;
    try (var in = new GZIPInputStream(Files.newInputStream(from))) {
      lines = new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)));
    }
    int col = List.of(lines.get(0).split("\t", -1)).indexOf(column);
    assertThat(col).as("column %s in %s", column, from).isNotNegative();
    int changed = 0;
    for (int i = 1; i < lines.size(); i++) {
      String[] cells = lines.get(i).split("\t", -1);
      if (cells.length > col) {
        cells[col] = HOSTILE + cells[col];
        lines.set(i, String.join("\t", cells));
        changed++;
      }
    }
    assertThat(changed).isGreaterThan(10);
    try (var out = new GZIPOutputStream(Files.newOutputStream(to))) {
      out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static String get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(pathAndQuery).isEqualTo(200);
    return r.body();
  }

  @Test
  void everyPageShowsTheNamesAsText() throws Exception {
    List<String> pages = new Node(server, observation, taxon, login).pagesWithNames();
    assertThat(pages).hasSize(15);
    for (String page : pages) {
      String html = get(page);
      assertThat(html).as(page).doesNotContain(RAW).contains(ESCAPED);
    }
  }

  @Test
  void pagesWithoutTheNamesStillCarryNoRawMarkup() throws Exception {
    for (String page : List.of("/about", "/identify")) {
      assertThat(get(page)).as(page).doesNotContain(RAW);
    }
  }
}
