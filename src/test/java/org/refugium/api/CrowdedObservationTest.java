package org.refugium.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.data.Records;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * Issue #16 item 6: a crafted export gives one observation 5,000 photos. The snapshot keeps every row, but one
 * answer carries at most {@link Records#MAX_PHOTOS_PER_OBSERVATION} of them, and the observation page renders.
 */
class CrowdedObservationTest {

  static final int CRAFTED_PHOTOS = 5_000;

  @TempDir
  Path tmp;

  @Test
  void oneObservationWithThousandsOfPhotosGivesABoundedAnswer() throws Exception {
    Path export = Files.createDirectories(tmp.resolve("crowded-export"));
    Path sample = SharedData.openDataSample();
    for (String table : new String[] {"observations", "observers", "taxa"}) {
      Files.copy(sample.resolve(table + ".csv.gz"), export.resolve(table + ".csv.gz"));
    }
    String uuid;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
            Files.newInputStream(sample.resolve("photos.csv.gz"))), StandardCharsets.UTF_8));
        Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(export.resolve("photos.csv.gz"))),
            StandardCharsets.UTF_8)) {
      out.write(in.readLine() + "\n");
      String first = in.readLine();
      out.write(first + "\n");
      String[] f = first.split("\t");
      uuid = f[2];
      for (int i = 0; i < CRAFTED_PHOTOS; i++) {
        out.write(String.format("00000000-0000-4000-8000-%012d\t%d\t%s\t%s\tjpg\tCC-BY\t100\t100\t%d\n", i,
            900_000_000 + i, uuid, f[3], i + 2));
      }
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(line + "\n");
      }
    }
    var result = Snapshots.importOpenData(tmp.resolve("data"), "crowded", export);
    long id;
    try (var db = Snapshots.open(result)) {
      assertThat(Snapshots.scalar(db, "SELECT count(*) FROM photos WHERE observation_uuid = '" + uuid + "'"))
          .as("the record keeps every photo").isGreaterThan(CRAFTED_PHOTOS);
      id = Snapshots.scalar(db, "SELECT id FROM observations WHERE uuid = '" + uuid + "'");
    }
    HttpClient http = HttpClient.newHttpClient();
    try (NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(tmp.resolve("data")))) {
      String base = "http://127.0.0.1:" + server.port();
      HttpResponse<String> api = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/observations/" + id)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(api.statusCode()).isEqualTo(200);
      JsonNode obs = new ObjectMapper().readTree(api.body()).get("results").get(0);
      assertThat(obs.get("photos").size()).isEqualTo(Records.MAX_PHOTOS_PER_OBSERVATION);
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/observations/" + id)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.body().split("<img", -1).length - 1).isLessThanOrEqualTo(Records.MAX_PHOTOS_PER_OBSERVATION + 10);
    }
  }
}
