package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.ApiConfig;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.generator.ExportGenerator;
import org.refugium.generator.ExportSpec;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import org.refugium.search.ObservationSummary;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * The taxon summaries the import stores (taxon_summaries) against the ones the index counts live: a page must be the
 * same whichever it was drawn from.
 */
class TaxonSummariesTest {

  @TempDir
  Path tmp;

  /**
   * The real sample imported twice: once with a summary stored for every observed taxon, once with none. Every
   * taxon page, in both languages, is byte for byte the same from either node.
   */
  @Test
  void taxonPagesFromStoredSummariesAreThePagesCountedLive() throws Exception {
    Path stored = importSample("stored", 1);
    Path live = importSample("live", Integer.MAX_VALUE);
    List<Integer> taxa = new ArrayList<>();
    try (Connection db = Snapshots.open(result(stored)); Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM taxa WHERE observations_count > 0 ORDER BY id")) {
      while (rs.next()) {
        taxa.add(rs.getInt(1));
      }
      assertThat(Snapshots.scalar(db, "SELECT count(*) FROM taxon_summaries")).as("a row per observed taxon")
          .isEqualTo(taxa.size()).isGreaterThan(50);
    }
    try (Connection db = Snapshots.open(result(live))) {
      assertThat(Snapshots.scalar(db, "SELECT count(*) FROM taxon_summaries")).as("the other node counts live").isZero();
    }
    assertThat(taxa).contains(48460);
    try (NodeServer a = serve(stored); NodeServer b = serve(live)) {
      for (int id : taxa) {
        for (String locale : List.of("en", "ru")) {
          String path = "/taxa/" + id + "?locale=" + locale;
          String fromTable = get(a, path);
          assertThat(fromTable).as(path).contains("class=\"map\"");
          assertThat(fromTable).as(path).isEqualTo(get(b, path));
        }
      }
    }
  }

  /**
   * A generated export big enough for real grids: above 2,000 observations the map counts cells of 0.1° to 5°
   * instead of dots, so big taxa of 500 to 2,000 observations draw on another grid than their ancestors (the import
   * rolls cells up only between equal grids). Every stored summary equals the live count.
   */
  @Test
  void storedSummariesEqualTheLiveCountOnEveryGrid() throws Exception {
    Path export = tmp.resolve("gen/inaturalist-open-data-20250927.tar.gz");
    new ExportGenerator(Progress.silent()).generate(new ExportSpec(40_000, 7, LocalDate.of(2025, 9, 27),
        ExportSpec.Layout.CURRENT, ExportSpec.Format.TARBALL, export, 1));
    SnapshotImporter.Result result = new SnapshotImporter(new SnapshotStore(tmp.resolve("gen-data")),
        Progress.silent(), 500).run(new SnapshotImporter.Request(List.of(export), null, null, "gen", true));
    List<Integer> taxa = new ArrayList<>();
    try (Connection db = Snapshots.open(result); Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT taxon_id FROM taxon_summaries ORDER BY taxon_id")) {
      while (rs.next()) {
        taxa.add(rs.getInt(1));
      }
      assertThat(taxa).as("the big taxa").hasSizeGreaterThan(5)
          .hasSize((int) Snapshots.scalar(db, "SELECT count(*) FROM taxa WHERE observations_count >= 500"));
    }
    List<Double> grids = new ArrayList<>();
    try (ServedSnapshot s = ServedSnapshot.open("gen", result.directory(), 2)) {
      for (int id : taxa) {
        ObservationSummary fromTable = s.taxonSummary(id);
        ObservationFilter filter = ObservationFilter.all().withTaxonIds(List.of(id));
        ObservationSummary counted = s.observations().summary(filter);
        assertThat(fromTable).as("taxon %d", id).isEqualTo(counted);
        // the top observers as /v1/observations/observers counts them, by its own (sorting) code
        assertThat(fromTable.observers()).as("taxon %d", id).isEqualTo(s.observations().observers(filter).stream()
            .limit(ObservationSummary.TOP_OBSERVERS)
            .map(c -> new ObservationSummary.Observer(c.userId(), c.observations(), c.species())).toList());
        assertThat(fromTable.observers()).as("taxon %d", id).hasSize(ObservationSummary.TOP_OBSERVERS)
            .anySatisfy(o -> assertThat(o.species()).isPositive());
        grids.add(fromTable.cellDegrees());
      }
    }
    assertThat(grids).as("dots and cells").contains(0.01).anySatisfy(g -> assertThat(g).isGreaterThanOrEqualTo(1));
  }

  private Path importSample(String name, int summariesFrom) throws Exception {
    Path data = tmp.resolve(name);
    new SnapshotImporter(new SnapshotStore(data), Progress.silent(), summariesFrom)
        .run(new SnapshotImporter.Request(List.of(SharedData.openDataSample()), null, null, "sample", true));
    return data;
  }

  private static SnapshotImporter.Result result(Path data) throws Exception {
    SnapshotStore store = new SnapshotStore(data);
    String name = store.currentName().orElseThrow();
    return new SnapshotImporter.Result(name, store.dir(name), null);
  }

  private NodeServer serve(Path data) throws Exception {
    return NodeServer.start("127.0.0.1", 0, new SnapshotStore(data),
        new WebConfig(new ApiConfig(WebConfig.PHOTOS_PATH),
            org.refugium.photos.DirectoryPhotoStore.open(data.resolve("../photos"))));
  }

  private static String get(NodeServer node, String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return r.body();
  }
}
