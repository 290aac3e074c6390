package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.archive.SqliteFiles;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;

/**
 * {@code /v1/observations/histogram?date_field=created} on the real web export (1,309 observations, each with its
 * created_at), against SQL over the same snapshot's rows: the buckets are the UTC days of created_at, grouped.
 */
class CreatedHistogramTest {

  @TempDir
  Path tmp;

  @Test
  void createdHistogramsMatchSqlOverTheSameRows() throws Exception {
    Path webExport = SharedData.data("inat-web-export/observations-568611.csv.zip");
    SnapshotStore store = new SnapshotStore(tmp.resolve("data"));
    SnapshotImporter.Result result = new SnapshotImporter(store, Progress.silent())
        .run(new SnapshotImporter.Request(List.of(), null, null, webExport, "web", true));
    Path db = result.directory().resolve(SnapshotImporter.DATABASE);
    Map<String, Long> byMonth = sql(db, "SELECT substr(created_at, 1, 7) || '-01', count(*) FROM observations"
        + " WHERE created_at IS NOT NULL GROUP BY 1 ORDER BY 1");
    Map<String, Long> byYear = sql(db, "SELECT substr(created_at, 1, 4) || '-01-01', count(*) FROM observations"
        + " WHERE created_at IS NOT NULL GROUP BY 1 ORDER BY 1");
    Map<String, Long> byMonthOfYear = sql(db, "SELECT CAST(substr(created_at, 6, 2) AS INTEGER), count(*)"
        + " FROM observations WHERE created_at IS NOT NULL GROUP BY 1 ORDER BY 1");
    Map<String, Long> researchByMonth = sql(db, "SELECT substr(created_at, 1, 7) || '-01', count(*)"
        + " FROM observations WHERE created_at IS NOT NULL AND quality_grade = 'research' GROUP BY 1 ORDER BY 1");
    assertThat(byYear.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1309);
    assertThat(byYear).hasSizeGreaterThan(3); // the project's observations were uploaded over several years
    // created and observed differ for this export, so counting by the wrong field cannot pass
    assertThat(sql(db, "SELECT substr(observed_on, 1, 4) || '-01-01', count(*) FROM observations"
        + " WHERE observed_on IS NOT NULL GROUP BY 1 ORDER BY 1")).isNotEqualTo(byYear);

    try (NodeServer server = NodeServer.start("127.0.0.1", 0, store)) {
      HttpClient http = HttpClient.newHttpClient();
      assertThat(nonZero(histogram(http, server, "interval=year", "year"))).isEqualTo(byYear);
      assertThat(nonZero(histogram(http, server, "interval=month", "month"))).isEqualTo(byMonth);
      assertThat(nonZero(histogram(http, server, "interval=month&quality_grade=research", "month")))
          .isEqualTo(researchByMonth);
      Map<String, Long> cyclic = histogram(http, server, "interval=month_of_year", "month_of_year");
      assertThat(cyclic).hasSize(12);
      assertThat(nonZero(cyclic)).isEqualTo(byMonthOfYear);
    }
  }

  private static Map<String, Long> histogram(HttpClient http, NodeServer server, String query, String interval)
      throws Exception {
    String path = "/v1/observations/histogram?date_field=created&" + query;
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    JsonNode buckets = ApiServer.JSON.readTree(r.body()).get("results").get(interval);
    Map<String, Long> out = new LinkedHashMap<>();
    buckets.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asLong()));
    return out;
  }

  /** The calendar intervals fill gaps with 0; SQL's GROUP BY has no empty groups. */
  private static Map<String, Long> nonZero(Map<String, Long> buckets) {
    Map<String, Long> out = new LinkedHashMap<>();
    buckets.forEach((k, v) -> {
      if (v != 0) {
        out.put(k, v);
      }
    });
    return out;
  }

  private static Map<String, Long> sql(Path db, String query) throws Exception {
    Map<String, Long> out = new LinkedHashMap<>();
    try (Connection c = SqliteFiles.openReadOnly(db); Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getLong(2));
      }
    }
    return out;
  }
}
