package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.generator.ExportGenerator;
import org.refugium.generator.ExportSpec;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.Snapshots;

/**
 * Exports past their first batch (a batch is 1,000 observations; the real sample has 32): a generated export of 2,600
 * observations whose observer names carry quotes, apostrophes and non-ASCII letters, imported and served for real.
 * Every row must come once, with every cell where the header says (quoting), and the values SQL holds.
 */
class LargeExportTest {

  static final int OBSERVATIONS = 2_600;

  @TempDir
  static Path dir;
  static NodeServer server;
  static Connection db;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    Path export = dir.resolve("inaturalist-open-data-20250927");
    new ExportGenerator(Progress.silent()).generate(new ExportSpec(OBSERVATIONS, 11, LocalDate.of(2025, 9, 27),
        ExportSpec.Layout.CURRENT, ExportSpec.Format.DIRECTORY, export, 1));
    hostileNames(export.resolve("observers.csv.gz"));
    Path data = dir.resolve("data");
    SnapshotImporter.Result imported = Snapshots.importOpenData(data, "big", export);
    db = Snapshots.open(imported);
    server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data));
  }

  /**
   * Every third observer gets a name a CSV writer must quote or guard: a comma, doubled quotes, an apostrophe,
   * Cyrillic, and a leading "=" that a spreadsheet would run as a formula.
   */
  static void hostileNames(Path observers) throws Exception {
    List<String> hostile = List.of("Smith, \"Jo\" Ann", "=HYPERLINK(\"http://x\")", "O'Brien, Анна", "@sum(1)",
        "-2+3");
    List<String> lines;
    try (var in = new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(observers))) {
      lines = new ArrayList<>(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)));
    }
    assertThat(lines.get(0)).startsWith("observer_id\tlogin\tname");
    for (int i = 1; i < lines.size(); i += 3) {
      String[] cells = lines.get(i).split("\t", -1);
      if (cells.length == 3) {
        lines.set(i, cells[0] + "\t" + cells[1] + "\t" + hostile.get(i % hostile.size()));
      }
    }
    try (var out = new java.util.zip.GZIPOutputStream(java.nio.file.Files.newOutputStream(observers))) {
      out.write(String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
    db.close();
  }

  static String get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
        + pathAndQuery)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertThat(r.statusCode()).as(pathAndQuery).isEqualTo(200);
    return r.body();
  }

  @Test
  void everyObservationOnceWithItsCellsInPlace() throws Exception {
    Map<Long, String> names = new HashMap<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT o.id, u.name FROM observations o"
        + " LEFT JOIN observers u ON u.id = o.observer_id")) {
      while (rs.next()) {
        names.put(rs.getLong(1), rs.getString(2));
      }
    }
    assertThat(names).hasSizeGreaterThan(2 * 1_000); // past two batch boundaries
    assertThat(names.values()).as("names that need quoting").anyMatch(n -> n != null && n.contains("\""))
        .anyMatch(n -> n != null && n.startsWith("="));

    List<List<String>> rows = Csv.parse(get("/export/observations.csv"));
    List<String> header = rows.get(0);
    int id = header.indexOf("id");
    int userName = header.indexOf("user_name");
    int citation = header.indexOf("citation");
    assertThat(header).contains("kingdom", "kingdom_id", "species", "species_id", "iconic_taxon", "photo_url");
    Set<Long> seen = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      if (row.size() != header.size()) {
        problems.add("row of " + row.size() + " cells: " + row);
        continue;
      }
      long key = Long.parseLong(row.get(id));
      if (!seen.add(key)) {
        problems.add("repeated id " + key);
      }
      String expected = names.get(key) == null ? "" : names.get(key);
      // a name a spreadsheet would run as a formula comes with a leading apostrophe, every other one as it is
      String shown = "=+-@".indexOf(expected.isEmpty() ? ' ' : expected.charAt(0)) >= 0 ? "'" + expected : expected;
      if (!shown.equals(row.get(userName))) {
        problems.add(key + ": user_name " + row.get(userName) + " != " + expected);
      }
      if (!row.get(citation).contains("snapshot big")) {
        problems.add(key + ": citation " + row.get(citation));
      }
    }
    assertThat(problems).isEmpty();
    assertThat(seen).isEqualTo(names.keySet());
  }

  @Test
  void aFilteredExportHasExactlyTheSqlRowsAndABomWhenAsked() throws Exception {
    // the commonest kingdom's observations: several batches' worth, not all of them
    long kingdom = Snapshots.scalar(db, "SELECT k.id FROM taxa k JOIN taxa t ON ('/' || t.ancestry || '/' || t.id"
        + " || '/') LIKE '%/' || k.id || '/%' JOIN observations o ON o.taxon_id = t.id WHERE k.rank = 'kingdom'"
        + " GROUP BY k.id ORDER BY count(*) DESC LIMIT 1");
    Set<Long> expected = new HashSet<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT o.id FROM observations o JOIN"
        + " taxa t ON t.id = o.taxon_id WHERE ('/' || t.ancestry || '/' || t.id || '/') LIKE '%/" + kingdom + "/%'")) {
      while (rs.next()) {
        expected.add(rs.getLong(1));
      }
    }
    assertThat(expected.size()).isGreaterThan(1_000).isLessThan(OBSERVATIONS);
    String body = get("/export/observations.csv?taxon_id=" + kingdom + "&bom=1");
    assertThat(body).startsWith("\uFEFFid,");
    List<List<String>> rows = Csv.parse(body.substring(1));
    int id = rows.get(0).indexOf("id");
    int kingdomId = rows.get(0).indexOf("kingdom_id");
    Set<Long> got = new HashSet<>();
    for (List<String> row : rows.subList(1, rows.size())) {
      assertThat(got.add(Long.parseLong(row.get(id)))).isTrue();
      assertThat(row.get(kingdomId)).isEqualTo(Long.toString(kingdom));
    }
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void observersAndSpeciesCountsExportsMatchSql() throws Exception {
    List<List<String>> observers = Csv.parse(get("/export/observers.csv"));
    long withObservations = Snapshots.scalar(db, "SELECT count(DISTINCT observer_id) FROM observations"
        + " WHERE observer_id IS NOT NULL");
    assertThat(observers).hasSize((int) withObservations + 1);
    long sum = 0;
    int n = observers.get(0).indexOf("observations");
    for (List<String> row : observers.subList(1, observers.size())) {
      assertThat(row).hasSize(observers.get(0).size());
      sum += Long.parseLong(row.get(n));
    }
    assertThat(sum).isEqualTo(Snapshots.scalar(db, "SELECT count(*) FROM observations WHERE observer_id IS NOT NULL"));

    // leaf taxa: observed taxa (in taxa.csv) none of whose descendants is observed
    long leaves = Snapshots.scalar(db, "WITH seen AS (SELECT DISTINCT t.id, '/' || t.ancestry || '/' AS path FROM"
        + " observations o JOIN taxa t ON t.id = o.taxon_id) SELECT count(*) FROM seen a WHERE NOT EXISTS (SELECT 1"
        + " FROM seen b WHERE b.path LIKE '%/' || a.id || '/%')");
    List<List<String>> species = Csv.parse(get("/export/species_counts.csv"));
    assertThat(leaves).isPositive();
    assertThat(species).hasSize((int) leaves + 1);
  }

  /** A small RFC 4180 reader for the test (quoted cells with doubled quotes, commas and line breaks inside). */
  static final class Csv {
    static List<List<String>> parse(String text) {
      List<List<String>> rows = new ArrayList<>();
      List<String> row = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quoted) {
          if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
            cell.append('"');
            i++;
          } else if (c == '"') {
            quoted = false;
          } else {
            cell.append(c);
          }
        } else if (c == '"') {
          quoted = true;
        } else if (c == ',') {
          row.add(cell.toString());
          cell.setLength(0);
        } else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          row.add(cell.toString());
          cell.setLength(0);
          rows.add(row);
          row = new ArrayList<>();
          i++;
        } else {
          cell.append(c);
        }
      }
      assertThat(quoted).as("unterminated quote").isFalse();
      assertThat(cell).as("text after the last CRLF").isEmpty();
      return rows;
    }
  }
}
