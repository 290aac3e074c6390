package org.refugium.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.refugium.archive.SqliteFiles;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import org.refugium.snapshot.SnapshotStore;

/** Test helpers: import real samples into a temporary data directory and read the record back. */
public final class Snapshots {

  private Snapshots() {}

  public static SnapshotImporter.Result importOpenData(Path dataDir, String name, Path... inputs) throws Exception {
    return importRequest(dataDir, new SnapshotImporter.Request(List.of(inputs), null, null, name, true));
  }

  public static SnapshotImporter.Result importRequest(Path dataDir, SnapshotImporter.Request request) throws Exception {
    return new SnapshotImporter(new SnapshotStore(dataDir), Progress.silent()).run(request);
  }

  public static Connection open(SnapshotImporter.Result result) throws SQLException {
    return SqliteFiles.openReadOnly(result.directory().resolve(SnapshotImporter.DATABASE));
  }

  public static long scalar(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  public static String text(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    }
  }
}
