package org.refugium.search;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import org.refugium.snapshot.SnapshotStore;

/** The real June 2022 sample imported through the real importer (which calls SearchIndexes.build). */
final class SampleSnapshot {

  static final Path SAMPLE = Path.of(System.getProperty("refugium.shared", "../shared"))
      .resolve("data/inat-open-data/sample-2022-06");

  private SampleSnapshot() {}

  /** Imports the sample into {@code dataDir}; returns the published snapshot directory. */
  static Path importInto(Path dataDir) throws Exception {
    SnapshotImporter importer = new SnapshotImporter(new SnapshotStore(dataDir), Progress.silent());
    return importer.run(new SnapshotImporter.Request(List.of(SAMPLE), null, null, "sample", true)).directory();
  }

  static Connection open(Path sqlite) throws SQLException {
    return DriverManager.getConnection("jdbc:sqlite:" + sqlite.toAbsolutePath());
  }

  static long count(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.getLong(1);
    }
  }

  static List<Long> longs(Connection db, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getLong(1));
      }
    }
    return out;
  }
}
