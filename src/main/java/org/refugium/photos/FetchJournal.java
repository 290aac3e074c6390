package org.refugium.photos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@code photos fetch} has done, in a small SQLite file: one row per stored key with its state (done,
 * missing = the source answered 404, failed = the reason), size in bytes and MD5. A fetch skips done keys and
 * known 404s, so a killed run resumes where it stopped; {@code photos verify} re-checks stored files against it.
 *
 * <p>Rows are committed in small batches (every 200 ms or 500 rows), not one transaction per photo: a kill -9
 * loses at most the last batch, and a photo stored but not yet journaled is found by the next run's stat of the
 * store and adopted after its bytes are checked, never downloaded again.
 */
public final class FetchJournal implements AutoCloseable {

  /** File name of the journal inside a directory store. */
  public static final String FILE_NAME = ".refugium-fetch.sqlite";

  public enum State { DONE, MISSING, FAILED }

  /** One key's row. */
  public record Entry(State state, long bytes, String md5, String reason, int attempts) {}

  private final Connection writer;
  private final Connection reader;
  private final PreparedStatement upsert;
  private final PreparedStatement select;
  private int pending;
  private long lastCommit = System.nanoTime();

  private FetchJournal(Connection writer, Connection reader) throws SQLException {
    this.writer = writer;
    this.reader = reader;
    this.upsert = writer.prepareStatement("INSERT INTO fetched(photo_id, size, extension, state, bytes, md5, reason,"
        + " attempts, updated) VALUES (?,?,?,?,?,?,?,?,?) ON CONFLICT(photo_id, size) DO UPDATE SET"
        + " extension=excluded.extension, state=excluded.state, bytes=excluded.bytes, md5=excluded.md5,"
        + " reason=excluded.reason, attempts=fetched.attempts+excluded.attempts, updated=excluded.updated");
    this.select = reader.prepareStatement(
        "SELECT state, bytes, md5, reason, attempts FROM fetched WHERE photo_id = ? AND size = ?");
  }

  /** Where the journal of a store lives: inside a directory store, under the data directory for a bucket. */
  public static Path location(PhotoStore store, Path dataDir) {
    if (store instanceof DirectoryPhotoStore dir) {
      return dir.root().resolve(FILE_NAME);
    }
    String name = store.describe().replaceFirst("^s3://", "").replaceAll("[^A-Za-z0-9._-]+", "_");
    return dataDir.resolve("photo-journals").resolve(name + ".sqlite");
  }

  public static FetchJournal open(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    try {
      Connection w = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = w.createStatement()) {
        st.execute("PRAGMA journal_mode = WAL");
        st.execute("PRAGMA synchronous = NORMAL");
        st.execute("PRAGMA busy_timeout = 10000");
        st.execute("CREATE TABLE IF NOT EXISTS fetched (photo_id INTEGER NOT NULL, size TEXT NOT NULL,"
            + " extension TEXT NOT NULL, state TEXT NOT NULL, bytes INTEGER, md5 TEXT, reason TEXT,"
            + " attempts INTEGER NOT NULL DEFAULT 0, updated TEXT, PRIMARY KEY (photo_id, size)) WITHOUT ROWID");
      }
      w.setAutoCommit(false);
      Connection r = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement st = r.createStatement()) {
        st.execute("PRAGMA busy_timeout = 10000");
      }
      return new FetchJournal(w, r);
    } catch (SQLException e) {
      throw new IOException("cannot open the fetch journal " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** The key's row, or empty when no run has tried it. */
  public synchronized Optional<Entry> get(PhotoKey key) throws IOException {
    try {
      select.setLong(1, key.photoId());
      select.setString(2, key.size());
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        return Optional.of(new Entry(State.valueOf(rs.getString(1)), rs.getLong(2), rs.getString(3),
            rs.getString(4), rs.getInt(5)));
      }
    } catch (SQLException e) {
      throw new IOException("fetch journal: " + e.getMessage(), e);
    }
  }

  public void done(PhotoKey key, long bytes, String md5, int attempts) throws IOException {
    write(key, State.DONE, bytes, md5, null, attempts);
  }

  public void missing(PhotoKey key, int attempts) throws IOException {
    write(key, State.MISSING, 0, null, "not in the source (HTTP 404)", attempts);
  }

  public void failed(PhotoKey key, String reason, int attempts) throws IOException {
    write(key, State.FAILED, 0, null, reason, attempts);
  }

  private synchronized void write(PhotoKey key, State state, long bytes, String md5, String reason, int attempts)
      throws IOException {
    try {
      upsert.setLong(1, key.photoId());
      upsert.setString(2, key.size());
      upsert.setString(3, key.extension());
      upsert.setString(4, state.name());
      upsert.setLong(5, bytes);
      upsert.setString(6, md5);
      upsert.setString(7, reason);
      upsert.setInt(8, attempts);
      upsert.setString(9, Instant.now().toString());
      upsert.executeUpdate();
      pending++;
      if (pending >= 500 || System.nanoTime() - lastCommit > 200_000_000L) {
        commit();
      }
    } catch (SQLException e) {
      throw new IOException("fetch journal: " + e.getMessage(), e);
    }
  }

  /** Makes every row written so far durable. */
  public synchronized void commit() throws IOException {
    try {
      writer.commit();
    } catch (SQLException e) {
      // after SQLITE_FULL (or IOERR) SQLite has rolled the transaction back itself: there is nothing to commit,
      // the batch's rows are lost, and the next run finds their photos in the store and adopts them
      if (e.getMessage() == null || !e.getMessage().contains("no transaction is active")) {
        throw new IOException("fetch journal: " + e.getMessage(), e);
      }
    } finally {
      pending = 0;
      lastCommit = System.nanoTime();
    }
  }

  /** The connection that reads (status and verify query it directly, attaching the snapshot). */
  public Connection reader() {
    return reader;
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      commit();
    } finally {
      try {
        upsert.close();
        select.close();
        writer.close();
        reader.close();
      } catch (SQLException e) {
        throw new IOException("fetch journal: " + e.getMessage(), e);
      }
    }
  }
}
