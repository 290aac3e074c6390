package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refugium.testing.Snapshots.scalar;
import static org.refugium.testing.Snapshots.text;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/** Golden check of the real June 2022 sample: counts, rows read back, derived data, manifest. */
class OpenDataSampleImportTest {

  @TempDir
  static Path dataDir;

  static SnapshotImporter.Result result;

  @BeforeAll
  static void importSample() throws Exception {
    result = Snapshots.importOpenData(dataDir, "sample", SharedData.openDataSample());
  }

  @Test
  void countsMatchTheSample() {
    assertThat(result.manifest().counts())
        .containsEntry("observations", 32L)
        .containsEntry("photos", 37L)
        .containsEntry("observers", 23L)
        .containsEntry("taxa", 183L)
        .containsEntry("rejects", 0L);
  }

  @Test
  void observationRowReadsBack() throws Exception {
    try (Connection db = Snapshots.open(result)) {
      String where = " FROM observations WHERE uuid = 'f717b9dc-659e-4b10-a9ca-4d78ee447d71'";
      assertThat(scalar(db, "SELECT observer_id" + where)).isEqualTo(615549);
      assertThat(scalar(db, "SELECT taxon_id" + where)).isEqualTo(61824);
      assertThat(text(db, "SELECT latitude" + where)).isEqualTo("60.4888455291");
      assertThat(text(db, "SELECT quality_grade" + where)).isEqualTo("research");
      assertThat(text(db, "SELECT observed_on" + where)).isEqualTo("2017-09-08");
      assertThat(scalar(db, "SELECT positional_accuracy" + where)).isEqualTo(5);
      // the first data row, line 2 of observations.csv
      assertThat(scalar(db, "SELECT source_line" + where)).isEqualTo(2);
      // id: no source gives its iNaturalist id, so the stable id of its uuid, 2^52 + (first 8 bytes of
      // SHA-256("f717b9dc-…") mod 2^51), computed with Python's hashlib (docs/ids.md)
      assertThat(scalar(db, "SELECT id" + where)).isEqualTo(5895285454616975L);
      assertThat(scalar(db, "SELECT stable_id" + where)).isEqualTo(5895285454616975L);
      // an empty positional_accuracy is NULL, not 0
      assertThat(scalar(db, "SELECT count(*) FROM observations WHERE uuid = '9a17f895-3ae5-4f4d-beea-d3b3b54feba1'"
          + " AND positional_accuracy IS NULL")).isEqualTo(1);
    }
  }

  @Test
  void photosAndObserversReadBack() throws Exception {
    try (Connection db = Snapshots.open(result)) {
      assertThat(text(db, "SELECT license || ' ' || extension || ' ' || width || 'x' || height FROM photos"
          + " WHERE photo_id = 10314159")).isEqualTo("CC-BY-NC jpg 1530x2048");
      assertThat(text(db, "SELECT login FROM observers WHERE id = 28")).isEqualTo("tiwane");
      // an empty name stays NULL
      assertThat(scalar(db, "SELECT count(*) FROM observers WHERE id = 615549 AND name IS NULL")).isEqualTo(1);
    }
  }

  @Test
  void taxonTreeAndDerivedCounts() throws Exception {
    try (Connection db = Snapshots.open(result)) {
      assertThat(scalar(db, "SELECT parent_id FROM taxa WHERE id = 23540")).isEqualTo(20979);
      assertThat(text(db, "SELECT ancestry FROM taxa WHERE id = 23540")).isEqualTo("48460/1/2/355675/20978/20979");
      // Life counts every identified observation whose taxon is in the tree
      long identified = scalar(db, "SELECT count(*) FROM observations WHERE taxon_id IN (SELECT id FROM taxa)");
      assertThat(scalar(db, "SELECT observations_count FROM taxa WHERE id = 48460")).isEqualTo(identified);
      // a class counts the observations of all its descendants (Amphibia, 20978)
      long amphibians = scalar(db, "SELECT count(*) FROM observations o JOIN taxa t ON t.id = o.taxon_id"
          + " WHERE t.id = 20978 OR t.ancestry LIKE '%/20978/%' OR t.ancestry LIKE '%/20978'");
      assertThat(scalar(db, "SELECT observations_count FROM taxa WHERE id = 20978")).isEqualTo(amphibians);
      assertThat(scalar(db, "SELECT iconic_taxon_id FROM taxa WHERE id = 24253")).isEqualTo(20978);
      assertThat(scalar(db, "SELECT species_count FROM taxa WHERE id = 48460"))
          .isEqualTo(scalar(db, "SELECT count(DISTINCT taxon_id) FROM observations o JOIN taxa t ON t.id = o.taxon_id"
              + " WHERE t.rank_level = 10"))
          .isPositive();
    }
  }

  @Test
  void observerTotalsAreDerived() throws Exception {
    try (Connection db = Snapshots.open(result)) {
      assertThat(scalar(db, "SELECT sum(observations_count) FROM observers"))
          .isEqualTo(scalar(db, "SELECT count(*) FROM observations WHERE observer_id IN (SELECT id FROM observers)"));
      long species = scalar(db, "SELECT count(DISTINCT o.taxon_id) FROM observations o JOIN taxa t ON t.id = o.taxon_id"
          + " WHERE o.observer_id = 28 AND t.rank_level = 10");
      assertThat(scalar(db, "SELECT species_count FROM observers WHERE id = 28")).isEqualTo(species);
    }
  }

  @Test
  void manifestRecordsSourcesWithChecksums() throws Exception {
    Manifest m = Manifest.read(result.directory().resolve(Manifest.FILE_NAME));
    assertThat(m.sources()).hasSize(4);
    Manifest.Source observations = m.sources().stream().filter(s -> s.file().endsWith("observations.csv.gz"))
        .findFirst().orElseThrow();
    assertThat(observations.sha256()).hasSize(64);
    assertThat(observations.size()).isEqualTo(Files.size(SharedData.openDataSample().resolve("observations.csv.gz")));
    assertThat(observations.entries().get(0).rowsImported()).isEqualTo(32);
    assertThat(m.files()).extracting(Manifest.FileEntry::path).contains("mirror.sqlite", "rejects.tsv.gz");
    assertThat(m.schemaVersion()).isPositive();
    assertThat(m.startedAt()).isBeforeOrEqualTo(m.finishedAt());
  }

  @Test
  void publishedAndCurrent() {
    SnapshotStore store = new SnapshotStore(dataDir);
    assertThat(store.currentName()).contains("sample");
    assertThat(dataDir.resolve("sample")).isEqualTo(result.directory());
  }
}
