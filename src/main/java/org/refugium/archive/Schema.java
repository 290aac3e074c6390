package org.refugium.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** The SQLite schema of a snapshot, kept in {@code schema.sql} and {@code schema-indexes.sql} beside this class. */
public final class Schema {

  /** Bumped whenever a table or column changes meaning; recorded in the manifest and the meta table. */
  public static final int VERSION = 3;

  private Schema() {}

  /** Creates the tables (no indexes: those come after the bulk load). */
  public static void createTables(Connection db) throws SQLException {
    execute(db, "schema.sql");
  }

  /** Creates the secondary indexes once the data is in. */
  public static void createIndexes(Connection db) throws SQLException {
    execute(db, "schema-indexes.sql");
  }

  private static void execute(Connection db, String resource) throws SQLException {
    try (Statement st = db.createStatement()) {
      for (String sql : statements(resource)) {
        st.execute(sql);
      }
    }
  }

  static String[] statements(String resource) {
    try (InputStream in = Schema.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing schema resource " + resource);
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      StringBuilder withoutComments = new StringBuilder();
      for (String line : text.split("\n")) {
        int comment = line.indexOf("--");
        withoutComments.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
      }
      return java.util.Arrays.stream(withoutComments.toString().split(";"))
          .map(String::strip)
          .filter(s -> !s.isEmpty())
          .toArray(String[]::new);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
