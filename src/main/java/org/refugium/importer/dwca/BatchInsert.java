package org.refugium.importer.dwca;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One prepared insert fed row by row and executed in batches (one transaction: the bulk load's). */
final class BatchInsert implements AutoCloseable {

  private static final int BATCH_ROWS = 8192;

  private final PreparedStatement insert;
  private int pending;
  private long rows;

  BatchInsert(Connection db, String sql) throws SQLException {
    this.insert = db.prepareStatement(sql);
  }

  void add(Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      insert.setObject(i + 1, values[i]);
    }
    insert.addBatch();
    rows++;
    if (++pending == BATCH_ROWS) {
      flush();
    }
  }

  void flush() throws SQLException {
    if (pending > 0) {
      insert.executeBatch();
      pending = 0;
    }
  }

  long rows() {
    return rows;
  }

  @Override
  public void close() throws SQLException {
    try {
      flush();
    } finally {
      insert.close();
    }
  }
}
