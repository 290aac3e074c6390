package org.refugium.importer.gbif;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * After occurrence.txt and multimedia.txt are in: turns the gbifID that {@link GbifMultimedia}
 * left in {@code photos.observation_id} into the observation's iNaturalist id, drops the photos whose
 * occurrence was not imported (another dataset, or rejected), copies the observer, and numbers each
 * observation's photos in file order (position 0 first, as iNaturalist lists them).
 */
final class PhotoLinks {

  private static final String LOAD_INDEX = "gbif_load_observations_gbif_id";

  private PhotoLinks() {}

  /** The largest photos rowid before the load: rows after it are this download's. */
  static long lastRowid(Connection db) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(rowid), 0) FROM photos")) {
      return rs.getLong(1);
    }
  }

  /** Links the photos inserted after {@code afterRowid}; returns how many were dropped as unmatched. */
  static long link(Connection db, long afterRowid) throws SQLException {
    try (Statement st = db.createStatement()) {
      // Dropped again below: the snapshot's own indexes come from schema-indexes.sql after the load.
      st.execute("CREATE INDEX " + LOAD_INDEX + " ON observations(gbif_id)");
    }
    long dropped;
    try {
      update(db, "UPDATE photos SET observation_id = (SELECT o.id FROM observations o"
          + " WHERE o.gbif_id = photos.observation_id) WHERE rowid > ?", afterRowid);
      dropped = update(db, "DELETE FROM photos WHERE rowid > ? AND observation_id IS NULL", afterRowid);
      update(db, "UPDATE photos SET observer_id = (SELECT o.observer_id FROM observations o"
          + " WHERE o.id = photos.observation_id) WHERE rowid > ?", afterRowid);
      update(db, "UPDATE photos SET position = r.pos FROM (SELECT rowid AS rid, row_number() OVER"
          + " (PARTITION BY observation_id ORDER BY rowid) - 1 AS pos FROM photos WHERE rowid > ?) AS r"
          + " WHERE photos.rowid = r.rid", afterRowid);
    } finally {
      try (Statement st = db.createStatement()) {
        st.execute("DROP INDEX IF EXISTS " + LOAD_INDEX);
      }
    }
    return dropped;
  }

  private static long update(Connection db, String sql, long afterRowid) throws SQLException {
    try (PreparedStatement st = db.prepareStatement(sql)) {
      st.setLong(1, afterRowid);
      return st.executeUpdate();
    }
  }
}
