package org.refugium.api.data;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.refugium.api.ApiException;
import org.refugium.archive.SqliteFiles;

/**
 * A fixed set of read-only SQLite connections. A JDBC connection to SQLite must not be used by two
 * threads at once, and opening one per request costs a schema read; a pool the size of the useful
 * parallelism (cores, a few more for requests waiting on I/O) keeps each connection's page cache warm.
 */
public final class ReadPool implements AutoCloseable {

  /** How long a request waits for a free connection before it gets a 503 rather than piling up. */
  private static final long WAIT_SECONDS = 30;

  private final BlockingQueue<Connection> free;
  private final List<Connection> all = new ArrayList<>();

  public ReadPool(Path database, int size) throws SQLException {
    free = new ArrayBlockingQueue<>(size);
    try {
      for (int i = 0; i < size; i++) {
        Connection c = SqliteFiles.openReadOnly(database);
        all.add(c);
        free.add(c);
      }
    } catch (SQLException e) {
      close();
      throw e;
    }
  }

  public interface Work<T> {
    T run(Connection db) throws SQLException;
  }

  public <T> T with(Work<T> work) {
    Connection db;
    try {
      db = free.poll(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(503, "interrupted while waiting for the database");
    }
    if (db == null) {
      throw new ApiException(503, "the server is busy: no database connection free");
    }
    try {
      return work.run(db);
    } catch (SQLException e) {
      throw new IllegalStateException("query failed", e);
    } finally {
      free.add(db);
    }
  }

  public int size() {
    return all.size();
  }

  @Override
  public void close() {
    for (Connection c : all) {
      try {
        c.close();
      } catch (SQLException ignored) {
        // closing a read-only connection: nothing to lose
      }
    }
  }
}
