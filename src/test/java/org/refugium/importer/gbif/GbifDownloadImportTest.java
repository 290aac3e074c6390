package org.refugium.importer.gbif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refugium.importer.dwca.ImportFixtures.count;
import static org.refugium.importer.dwca.ImportFixtures.fixture;
import static org.refugium.importer.dwca.ImportFixtures.rejects;
import static org.refugium.importer.dwca.ImportFixtures.rows;
import static org.refugium.importer.dwca.ImportFixtures.run;
import static org.refugium.importer.dwca.ImportFixtures.sharedData;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.SnapshotImporter;
import org.refugium.importer.dwca.ImportFixtures;
import org.refugium.snapshot.Manifest;

class GbifDownloadImportTest {

  @TempDir
  Path data;

  @Test
  void importsTheInaturalistRowsOfTheReal2020Download() throws Exception {
    SnapshotImporter.Result result = run(data, List.of(), null, sharedData("gbif-download-2020"));

    Manifest manifest = result.manifest();
    assertThat(manifest.sources()).extracting(Manifest.Source::file)
        .allMatch(f -> f.endsWith("occurrence.txt") || f.endsWith("multimedia.txt")).hasSize(2);
    assertThat(manifest.sources()).allSatisfy(s -> assertThat(s.sha256()).hasSize(64));
    Manifest.Entry occurrences = manifest.sources().get(0).entries().get(0);
    assertThat(occurrences.rowsRead()).isEqualTo(1310);
    assertThat(occurrences.rowsImported()).isEqualTo(1015);
    assertThat(occurrences.rowsRejected()).isZero();
    assertThat(manifest.warnings()).anyMatch(w -> w.contains("skipped 295 row(s) of 23 other dataset(s)")
        && w.contains("cca13f2c-0d2c-4c2f-93b9-4446c0cc1629=101"));
    Manifest.Entry multimedia = manifest.sources().get(1).entries().get(0);
    assertThat(multimedia.rowsRead()).isEqualTo(1362);
    assertThat(multimedia.rowsImported()).isEqualTo(1225);
    assertThat(manifest.warnings()).anyMatch(w -> w.contains("multimedia.txt: skipped 137 row(s)")
        && w.contains("not an iNaturalist photo URL=137"));
    assertThat(manifest.counts()).containsEntry("observations", 1015L).containsEntry("photos", 1225L)
        .containsEntry("observers", 576L).containsEntry("taxa", 1L).containsEntry("rejects", 0L);

    try (Connection db = ImportFixtures.open(result)) {
      assertThat(rows(db, "SELECT id, inat_id, gbif_id, uuid, latitude, longitude, positional_accuracy, taxon_id,"
          + " quality_grade, observed_on FROM observations WHERE id IN (50839517, 44916418) ORDER BY id")).containsExactly(
          "44916418|44916418|2620064225|NULL|NULL|NULL|28181|83744|research|2020-05-03",
          "50839517|50839517|2803151307|NULL|37.309069|-77.755618|28417|83744|research|2020-06-24");
      assertThat(rows(db, "SELECT u.login, u.name, u.id < 0 FROM observations o JOIN observers u"
          + " ON u.id = o.observer_id WHERE o.id = 50839517")).containsExactly("fred201|fred201|1");
      assertThat(rows(db, "SELECT id, name, rank, rank_level, parent_id FROM taxa"))
          .containsExactly("83744|Amblyomma americanum|species|10.0|NULL");

      // the six photos of one observation, in multimedia.txt's order
      assertThat(rows(db, "SELECT photo_id, position, extension, license FROM photos WHERE observation_id = 30219734"
          + " ORDER BY position")).containsExactly("47201782|0|jpg|CC-BY-NC", "47201788|1|jpg|CC-BY-NC",
          "47201792|2|jpg|CC-BY-NC", "47201766|3|jpg|CC-BY-NC", "47201774|4|jpg|CC-BY-NC", "47201799|5|jpg|CC-BY-NC");
      // multimedia.txt writes this row's gbifID as "2803144270 ": it still finds its observation
      assertThat(rows(db, "SELECT observation_id, extension, position FROM photos WHERE photo_id = 80735201"))
          .containsExactly("50831871|jpeg|0");
      assertThat(rows(db, "SELECT license, count(*) FROM photos GROUP BY license ORDER BY license")).containsExactly(
          "CC-BY|56", "CC-BY-NC|1057", "CC-BY-NC-ND|4", "CC-BY-NC-SA|54", "CC-BY-SA|19", "CC0|35");
      assertThat(count(db, "SELECT count(*) FROM photos p JOIN observations o ON o.id = p.observation_id"
          + " WHERE p.observer_id IS o.observer_id")).isEqualTo(1225);
      assertThat(count(db, "SELECT count(*) FROM observations WHERE flags != 0")).isZero();
    }
  }

  @Test
  void findsColumnsByHeaderWhateverTheirOrder() throws Exception {
    SnapshotImporter.Result result = run(data, List.of(), null, fixture("gbif-reordered-columns"));
    assertReorderedFixture(result);
    assertThat(result.manifest().sources()).extracting(Manifest.Source::kind).containsOnly("gbif download file");
  }

  @Test
  void streamsTheSameDownloadFromAZip(@TempDir Path tmp) throws Exception {
    Path zip = ImportFixtures.zip(fixture("gbif-reordered-columns"), tmp.resolve("0012345-200613084148143.zip"));
    SnapshotImporter.Result result = run(data, List.of(), null, zip);
    assertReorderedFixture(result);
    Manifest.Source source = result.manifest().sources().get(0);
    assertThat(source.kind()).isEqualTo("gbif download");
    assertThat(source.size()).isEqualTo(java.nio.file.Files.size(zip));
    assertThat(source.sha256()).hasSize(64);
    assertThat(source.entries()).extracting(Manifest.Entry::table).containsExactly("observations", "photos");
  }

  private static void assertReorderedFixture(SnapshotImporter.Result result) throws Exception {
    assertThat(rejects(result)).containsExactlyInAnyOrder(
        "occurrence.txt:5:coordinate out of range", "occurrence.txt:6:duplicate key",
        "occurrence.txt:7:wrong field count", "multimedia.txt:8:bad value");
    assertThat(result.manifest().warnings()).anyMatch(w -> w.contains("skipped 1 row(s) of 1 other dataset(s)"))
        .anyMatch(w -> w.contains("multimedia.txt: skipped 3 row(s)") && w.contains("not an image=1")
            && w.contains("not an iNaturalist photo URL=1") && w.contains("occurrence not imported"));
    try (Connection db = ImportFixtures.open(result)) {
      assertThat(rows(db, "SELECT id, gbif_id, latitude, longitude, positional_accuracy, taxon_id, observed_on"
          + " FROM observations ORDER BY id")).containsExactly(
          "28396075|2300000002|NULL|NULL|NULL|6930|NULL",
          "50831871|2803144270|35.214605|-97.225237|NULL|83744|2020-06-24",
          "50839517|2803151307|37.309069|-77.755618|28417|83744|2020-06-24");
      // a display name is kept as the name only; a login-shaped text as login too
      assertThat(rows(db, "SELECT u.login, u.name FROM observations o JOIN observers u ON u.id = o.observer_id"
          + " ORDER BY o.id")).containsExactly("ryjbass|ryjbass", "NULL|Jane Q. Observer", "fred201|fred201");
      assertThat(rows(db, "SELECT observation_id, position, photo_id, extension, license FROM photos"
          + " ORDER BY observation_id, position")).containsExactly(
          "50831871|0|80735201|jpeg|CC0", "50831871|1|80735202|JPG|CC-BY-SA",
          "50839517|0|80747453|jpg|CC-BY-NC", "50839517|1|80747455|png|CC-BY-NC-ND");
      assertThat(rows(db, "SELECT id, name, rank, rank_level FROM taxa ORDER BY id"))
          .containsExactly("6930|Anas platyrhynchos|species|10.0", "83744|Amblyomma americanum|species|10.0");
    }
  }
}
