package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/** The monthly tarball shape: entries under inaturalist-open-data-YYYYMMDD/, streamed, never unpacked. */
class TarballImportTest {

  @TempDir
  Path dir;

  /** Re-packs the real sample tables as the monthly tarball does (plain .csv entries under the top folder). */
  static Path tarballOfSample(Path dir, String extraEntry) throws Exception {
    Path tar = dir.resolve("inaturalist-open-data-20220627.tar.gz");
    try (OutputStream file = Files.newOutputStream(tar);
        TarArchiveOutputStream out = new TarArchiveOutputStream(new GZIPOutputStream(file))) {
      for (String table : List.of("observations", "photos", "observers", "taxa")) {
        byte[] content;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(
            SharedData.openDataSample().resolve(table + ".csv.gz")))) {
          content = in.readAllBytes();
        }
        put(out, "inaturalist-open-data-20220627/" + table + ".csv", content);
      }
      if (extraEntry != null) {
        put(out, "inaturalist-open-data-20220627/" + extraEntry, "not a table\n".getBytes());
      }
    }
    return tar;
  }

  private static void put(TarArchiveOutputStream out, String name, byte[] content) throws Exception {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    out.putArchiveEntry(entry);
    out.write(content);
    out.closeArchiveEntry();
  }

  @Test
  void tarballImportsLikeTheDirectoryAndNamesTheSnapshotByItsDate() throws Exception {
    Path tar = tarballOfSample(dir, "LICENSE.txt");
    var result = Snapshots.importRequest(dir.resolve("data"),
        new SnapshotImporter.Request(List.of(tar), null, null, null, true));
    assertThat(result.name()).isEqualTo("inat-2022-06-27");
    assertThat(result.manifest().exportDate()).isEqualTo("2022-06-27");
    assertThat(result.manifest().counts()).containsEntry("observations", 32L).containsEntry("photos", 37L)
        .containsEntry("observers", 23L).containsEntry("taxa", 183L);
    assertThat(result.manifest().sources()).singleElement().satisfies(s -> {
      assertThat(s.entries()).hasSize(4);
      assertThat(s.sha256()).isEqualTo(org.refugium.snapshot.SnapshotFiles.sha256(tar));
    });
    assertThat(result.manifest().warnings()).anyMatch(w -> w.contains("LICENSE.txt"));
  }

  @Test
  void truncatedTarballStopsTheImportAndLeavesTheServedSnapshotUntouched() throws Exception {
    Path data = dir.resolve("data");
    Snapshots.importOpenData(data, "served", SharedData.openDataSample());
    byte[] whole = Files.readAllBytes(tarballOfSample(dir, null));
    Path truncated = dir.resolve("inaturalist-open-data-20220701.tar.gz");
    Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));

    assertThatThrownBy(() -> Snapshots.importRequest(data,
        new SnapshotImporter.Request(List.of(truncated), null, null, "next", true)))
        .isInstanceOf(ImportFailedException.class)
        .hasMessageContaining("truncated");
    SnapshotStore store = new SnapshotStore(data);
    assertThat(store.currentName()).contains("served");
    assertThat(store.list()).containsExactly("served");
    try (var entries = Files.list(data)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("served", "CURRENT");
    }
  }

  @Test
  void corruptGzipStopsTheImport() throws Exception {
    byte[] bytes = Files.readAllBytes(tarballOfSample(dir, null));
    for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
      bytes[i] ^= (byte) 0x5a;
    }
    Path corrupt = dir.resolve("inaturalist-open-data-20220801.tar.gz");
    Files.write(corrupt, bytes);
    assertThatThrownBy(() -> Snapshots.importRequest(dir.resolve("data"),
        new SnapshotImporter.Request(List.of(corrupt), null, null, "corrupt", true)))
        .isInstanceOf(ImportFailedException.class)
        .hasMessageMatching("(?s).*(corrupt|truncated).*");
    assertThat(new SnapshotStore(dir.resolve("data")).list()).isEmpty();
  }

  @Test
  void importingTheSameExportTwiceGivesIdenticalContent() throws Exception {
    Path tar = tarballOfSample(dir, null);
    var first = Snapshots.importRequest(dir.resolve("data"), new SnapshotImporter.Request(List.of(tar), null, null, "a", true));
    var second = Snapshots.importRequest(dir.resolve("data"), new SnapshotImporter.Request(List.of(tar), null, null, "b", true));
    assertThat(second.manifest().counts()).isEqualTo(first.manifest().counts());
    try (Connection a = Snapshots.open(first); Connection b = Snapshots.open(second)) {
      for (String table : List.of("taxa", "observers", "observations", "photos", "taxon_names", "missing_taxa")) {
        assertThat(contentHash(b, table)).as(table).isEqualTo(contentHash(a, table));
      }
    }
  }

  /** A hash of a table's rows in a fixed order: equal hashes mean equal content. */
  static String contentHash(Connection db, String table) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    int columns;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table + " LIMIT 0")) {
      columns = rs.getMetaData().getColumnCount();
    }
    String orderBy = java.util.stream.IntStream.rangeClosed(1, columns).mapToObj(Integer::toString)
        .collect(java.util.stream.Collectors.joining(", "));
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT * FROM " + table + " ORDER BY " + orderBy)) {
      ResultSetMetaData meta = rs.getMetaData();
      ByteArrayOutputStream row = new ByteArrayOutputStream();
      while (rs.next()) {
        row.reset();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.write(String.valueOf(rs.getObject(i)).getBytes());
          row.write(0);
        }
        digest.update(row.toByteArray());
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
