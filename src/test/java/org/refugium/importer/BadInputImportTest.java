package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.refugium.testing.Snapshots.scalar;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/** Malformed rows are rejected with a reason and counted; orphans and odd files do not stop the import. */
class BadInputImportTest {

  @TempDir
  Path dataDir;

  @Test
  void excerptRejectsStrayNinthFieldAndNullsNoneNames() throws Exception {
    var result = Snapshots.importOpenData(dataDir, "excerpt", SharedData.openDataExcerpt());
    assertThat(result.manifest().rejectsByReason()).containsEntry("wrong field count", 2L);
    assertThat(result.manifest().counts()).containsEntry("observations", 48L).containsEntry("observers", 50L);
    List<String> rejects = rejectLines(result.directory());
    assertThat(rejects).hasSize(3); // header + 2
    assertThat(rejects.get(1)).startsWith("observations.csv\t27\twrong field count\t");
    try (Connection db = Snapshots.open(result)) {
      assertThat(scalar(db, "SELECT count(*) FROM observers WHERE name = 'None'")).isZero();
      assertThat(scalar(db, "SELECT count(*) FROM observers WHERE id = 8 AND name IS NULL")).isEqualTo(1);
    }
  }

  @Test
  void badValuesAreRejectedWithTheirReason() throws Exception {
    var result = Snapshots.importOpenData(dataDir, "bad", SharedData.fixture("opendata/bad-values"));
    assertThat(result.manifest().rejectsByReason())
        .containsEntry("coordinate out of range", 1L)
        .containsEntry("bad number", 1L)
        .containsEntry("bad value", 2L) // quality_grade "great", uuid "not-a-uuid"
        .containsEntry("bad date", 1L); // 2019-02-30
    assertThat(result.manifest().counts()).containsEntry("observations", 2L);
  }

  @Test
  void orphanObservationIsImportedAndFlagged() throws Exception {
    var result = Snapshots.importOpenData(dataDir, "orphan", SharedData.fixture("opendata/taxon-missing-from-taxa"));
    assertThat(result.manifest().counts()).containsEntry("observations", 3L)
        .containsEntry("observations_with_unknown_taxon", 1L).containsEntry("missing_taxa", 1L);
    try (Connection db = Snapshots.open(result)) {
      assertThat(scalar(db, "SELECT flags FROM observations WHERE taxon_id = 999999")).isEqualTo(PostLoad.FLAG_UNKNOWN_TAXON);
      assertThat(scalar(db, "SELECT observations_count FROM missing_taxa WHERE taxon_id = 999999")).isEqualTo(1);
    }
  }

  @Test
  void duplicatePhotoIdsAreKeptDuplicateKeysRejected() throws Exception {
    var result = Snapshots.importOpenData(dataDir, "dups", SharedData.fixture("opendata/duplicate-keys"));
    assertThat(result.manifest().counts()).containsEntry("photos", 2L).containsEntry("observations", 3L)
        .containsEntry("observers", 2L);
    assertThat(result.manifest().rejectsByReason()).containsEntry("duplicate key", 2L);
    try (Connection db = Snapshots.open(result)) {
      assertThat(scalar(db, "SELECT count(*) FROM photos WHERE photo_id = 100")).isEqualTo(2);
      // the first row of a repeated uuid wins (line 2), the repeat (line 5) is rejected
      assertThat(scalar(db, "SELECT source_line FROM observations WHERE uuid = '11111111-1111-4111-8111-111111111111'"))
          .isEqualTo(2);
      // its id is the stable id of the uuid: 2^52 + (SHA-256 of the uuid's text, first 8 bytes, mod 2^51), by Python
      assertThat(scalar(db, "SELECT id FROM observations WHERE uuid = '11111111-1111-4111-8111-111111111111'"))
          .isEqualTo(6300914301539860L);
    }
  }

  @Test
  void extraColumnAndUnknownFileAreReportedAndSkipped() throws Exception {
    var result = Snapshots.importOpenData(dataDir, "extra", SharedData.fixture("opendata/extra-column-and-unknown-file"));
    assertThat(result.manifest().counts()).containsEntry("observations", 2L);
    assertThat(result.manifest().warnings())
        .anyMatch(w -> w.contains("geoprivacy"))
        .anyMatch(w -> w.contains("README.txt"));
  }

  @Test
  void gzipIsDetectedByMagicBytesNotByName() throws Exception {
    var result = Snapshots.importOpenData(dataDir, "magic", SharedData.fixture("opendata/gzip-detected-by-magic"));
    assertThat(result.manifest().counts()).containsEntry("observations", 2L).containsEntry("taxa", 4L)
        .containsEntry("photos", 1L);
  }

  @Test
  void missingTableStopsTheImportAndLeavesNothingBehind() throws Exception {
    Snapshots.importOpenData(dataDir, "good", SharedData.openDataSample());
    assertThatThrownBy(() -> Snapshots.importOpenData(dataDir, "broken", SharedData.fixture("opendata/missing-table")))
        .isInstanceOf(ImportFailedException.class)
        .hasMessageContaining("missing [taxa.csv]");
    SnapshotStore store = new SnapshotStore(dataDir);
    assertThat(store.currentName()).contains("good");
    assertThat(store.list()).containsExactly("good");
    try (var entries = Files.list(dataDir)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("good", "CURRENT");
    }
  }

  static List<String> rejectLines(Path snapshot) throws Exception {
    try (var reader = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(snapshot.resolve("rejects.tsv.gz"))), StandardCharsets.UTF_8))) {
      return reader.lines().toList();
    }
  }
}
