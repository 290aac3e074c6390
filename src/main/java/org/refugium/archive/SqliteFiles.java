package org.refugium.archive;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Opens a snapshot's SQLite file, either for the one-off bulk load or read-only for serving. */
public final class SqliteFiles {

  private SqliteFiles() {}

  /**
   * Opens a new database for the bulk load. Durability is off on purpose: the file lives in a staging
   * directory that is thrown away if the import fails, and is fsynced once before it is published.
   */
  public static Connection openForBulkLoad(Path file) throws SQLException {
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement st = db.createStatement()) {
      st.execute("PRAGMA page_size = 8192");
      st.execute("PRAGMA journal_mode = OFF");
      st.execute("PRAGMA synchronous = OFF");
      st.execute("PRAGMA locking_mode = EXCLUSIVE");
      st.execute("PRAGMA temp_store = MEMORY");
      st.execute("PRAGMA threads = 2"); // CREATE INDEX sorts with a helper thread once the data outgrows the cache
      st.execute("PRAGMA cache_size = -524288"); // 512 MiB: index builds sort in it
    }
    db.setAutoCommit(false);
    return db;
  }

  /** Opens a published snapshot read-only: the server never mutates the record. */
  public static Connection openReadOnly(Path file) throws SQLException {
    Properties props = new Properties();
    props.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
    Connection db = DriverManager.getConnection("jdbc:sqlite:file:" + file.toAbsolutePath() + "?immutable=1", props);
    try (Statement st = db.createStatement()) {
      st.execute("PRAGMA query_only = ON");
      st.execute("PRAGMA cache_size = -65536");
      st.execute("PRAGMA mmap_size = 1073741824");
    }
    return db;
  }
}
