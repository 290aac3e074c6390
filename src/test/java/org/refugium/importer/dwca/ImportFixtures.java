package org.refugium.importer.dwca;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.refugium.archive.SqliteFiles;
import org.refugium.importer.RejectLog;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import org.refugium.snapshot.SnapshotStore;

/** Runs whole imports into a temporary data directory and reads back what they made. */
public final class ImportFixtures {

  private ImportFixtures() {}

  /** The real samples beside the project (../shared/data), read in place. */
  public static Path sharedData(String relative) {
    return Path.of(System.getProperty("refugium.shared", "../shared")).resolve("data").resolve(relative);
  }

  /** A fixture directory of src/test/resources/fixtures. */
  public static Path fixture(String name) {
    try {
      return Path.of(ImportFixtures.class.getResource("/fixtures/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static SnapshotImporter.Result run(Path dataDir, List<Path> openData, Path taxonomy, Path gbif)
      throws IOException {
    return new SnapshotImporter(new SnapshotStore(dataDir), Progress.silent())
        .run(new SnapshotImporter.Request(openData, taxonomy, gbif, "test", true));
  }

  public static Connection open(SnapshotImporter.Result result) throws SQLException {
    return SqliteFiles.openReadOnly(result.directory().resolve(SnapshotImporter.DATABASE));
  }

  /** The rows of one query, each column as text (null as "NULL"), joined by '|'. */
  public static List<String> rows(Connection db, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder row = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          row.append(i > 1 ? "|" : "").append(rs.getObject(i) == null ? "NULL" : rs.getString(i));
        }
        rows.add(row.toString());
      }
    }
    return rows;
  }

  public static long count(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.getLong(1);
    }
  }

  /** rejects.tsv.gz as lines "file, line, reason" (the detail and raw row left out). */
  public static List<String> rejects(SnapshotImporter.Result result) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(result.directory().resolve(RejectLog.FILE_NAME))), StandardCharsets.UTF_8))) {
      in.readLine();
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t", -1);
        lines.add(Path.of(f[0]).getFileName() + ":" + f[1] + ":" + f[2]);
      }
    }
    return lines;
  }

  /** Zips a directory's files (at the zip's root) into {@code target}, as the real downloads are. */
  public static Path zip(Path dir, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out);
        Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
    return target;
  }
}
