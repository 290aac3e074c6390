package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.archive.SqliteFiles;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;

/**
 * Ids across two monthly exports (docs/ids.md): rows added, removed and reordered keep their ids, and an
 * observation that gains its iNaturalist id in the second month still answers to its old stable id; paging by
 * id_above (pyinaturalist's page='all') returns every observation once over a mix of real and stable ids.
 */
class StableIdsTest {

  @TempDir
  Path tmp;

  /** Uuid of line 2 of the sample: it gains its iNaturalist id in the second month. Its stable id by Python. */
  static final String GAINS_REAL_ID = "f717b9dc-659e-4b10-a9ca-4d78ee447d71";
  static final long ITS_STABLE_ID = 5895285454616975L;
  static final long ITS_REAL_ID = 12345678L;

  @Test
  void idsSurviveTheNextMonthAndOldIdsStillResolve() throws Exception {
    Path sample = SharedData.openDataSample();
    List<String> lines = gunzipLines(sample.resolve("observations.csv.gz"));
    String header = lines.get(0);
    List<String> rows = new ArrayList<>(lines.subList(1, lines.size()));
    assertThat(rows).hasSize(32);

    Path month1 = month("m1", sample, header, rows);
    // month 2: three rows removed, two added, the order reversed
    List<String> next = new ArrayList<>(rows.subList(0, 29));
    Collections.reverse(next);
    next.add("aaaaaaaa-0000-4000-8000-000000000001\t28\t10.0\t10.0\t5\t\tcasual\t2022-06-30");
    next.add("aaaaaaaa-0000-4000-8000-000000000002\t28\t10.0\t10.0\t5\t\tcasual\t2022-06-30");
    Path month2 = month("m2", sample, header, next);
    Path webExport = tmp.resolve("observations-1.csv");
    Files.writeString(webExport, "id,uuid,created_at,updated_at\n" + ITS_REAL_ID + "," + GAINS_REAL_ID
        + ",2017-09-09 01:02:03 UTC,2018-01-01 00:00:00 UTC\n");

    Path data = tmp.resolve("data");
    SnapshotStore store = new SnapshotStore(data);
    new SnapshotImporter(store, Progress.silent()).run(new SnapshotImporter.Request(List.of(month1), null, null, null,
        "m1", true));
    Map<String, Long> first = ids(store.root().resolve("m1"));
    new SnapshotImporter(store, Progress.silent()).run(new SnapshotImporter.Request(List.of(month2), null, null,
        webExport, "m2", true));
    Map<String, Long> second = ids(store.root().resolve("m2"));

    assertThat(first).hasSize(32).containsEntry(GAINS_REAL_ID, ITS_STABLE_ID);
    assertThat(second).hasSize(31).containsEntry(GAINS_REAL_ID, ITS_REAL_ID);
    int kept = 0;
    for (var e : second.entrySet()) {
      if (first.containsKey(e.getKey()) && !e.getKey().equals(GAINS_REAL_ID)) {
        assertThat(e.getValue()).as(e.getKey()).isEqualTo(first.get(e.getKey()));
        kept++;
      }
    }
    assertThat(kept).isEqualTo(28);
    // snapshots diff follows observations by uuid and reports the id change
    assertThat(org.refugium.snapshot.SnapshotDiff.compare(store.root().resolve("m1"), store.root().resolve("m2")))
        .containsEntry("observations added", 2L).containsEntry("observations removed", 3L)
        .containsEntry("observations that gained their iNaturalist id", 1L)
        .containsEntry("observations with another id change", 0L);

    try (NodeServer server = NodeServer.start("127.0.0.1", 0, store)) {
      HttpClient http = HttpClient.newHttpClient();
      // the old id, the new id and the uuid all find the observation, under its real id
      for (String key : List.of(Long.toString(ITS_STABLE_ID), Long.toString(ITS_REAL_ID), GAINS_REAL_ID)) {
        JsonNode r = get(http, server, "/v1/observations/" + key);
        assertThat(r.get("total_results").asInt()).as(key).isEqualTo(1);
        JsonNode o = r.get("results").get(0);
        assertThat(o.get("id").asLong()).isEqualTo(ITS_REAL_ID);
        assertThat(o.get("uuid").asText()).isEqualTo(GAINS_REAL_ID);
        assertThat(o.get("created_at").asText()).isEqualTo("2017-09-09T01:02:03Z");
        assertThat(o.get("uri").asText()).isEqualTo("https://www.inaturalist.org/observations/" + ITS_REAL_ID);
      }
      // an observation without a real id: created_at is null, not invented
      JsonNode other = get(http, server, "/v1/observations/aaaaaaaa-0000-4000-8000-000000000001").get("results").get(0);
      assertThat(other.get("created_at").isNull()).isTrue();
      // by creation day only the one observation the web export gave a created_at is counted
      JsonNode created = get(http, server, "/v1/observations/histogram?date_field=created&interval=year")
          .get("results").get("year");
      assertThat(created.size()).isEqualTo(1);
      assertThat(created.get("2017-01-01").asLong()).isEqualTo(1);
      // pyinaturalist's page='all' over real and stable ids: each once, in id order, the real id first
      List<Long> seen = new ArrayList<>();
      long above = 0;
      while (true) {
        JsonNode page = get(http, server, "/v1/observations?order_by=id&order=asc&per_page=7&id_above=" + above);
        for (JsonNode o : page.get("results")) {
          seen.add(o.get("id").asLong());
        }
        if (page.get("results").size() < 7) {
          break;
        }
        above = seen.get(seen.size() - 1);
      }
      assertThat(seen).hasSize(31).doesNotHaveDuplicates().isSorted().startsWith(ITS_REAL_ID);
      assertThat(get(http, server, "/v1/observations?id=" + ITS_REAL_ID).get("total_results").asInt()).isEqualTo(1);
      assertThat(get(http, server, "/v1/observations?id_below=" + (1L << 52)).get("total_results").asInt())
          .isEqualTo(1);
    }
  }

  private Path month(String name, Path sample, String header, List<String> rows) throws IOException {
    Path dir = Files.createDirectories(tmp.resolve(name));
    for (String table : List.of("taxa", "observers", "photos")) {
      Files.write(dir.resolve(table + ".csv"), gunzipLines(sample.resolve(table + ".csv.gz")), StandardCharsets.UTF_8);
    }
    List<String> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    Files.write(dir.resolve("observations.csv"), all, StandardCharsets.UTF_8);
    return dir;
  }

  private static List<String> gunzipLines(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  private static Map<String, Long> ids(Path snapshot) throws Exception {
    Map<String, Long> out = new HashMap<>();
    try (Connection db = SqliteFiles.openReadOnly(snapshot.resolve(SnapshotImporter.DATABASE));
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT uuid, id FROM observations")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }

  private static JsonNode get(HttpClient http, NodeServer server, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return ApiServer.JSON.readTree(r.body());
  }
}
