package org.refugium.recognition.archive;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The photos of a snapshot with what the vector index stores beside each: the observation, its
 * taxon and ancestors, place, date, grade and observer. Only observations with a taxon (nothing to
 * learn from the others). Open Data photos join their observation by uuid, GBIF ones by id.
 */
public final class ArchivePhotos {

  private static final String COLUMNS = "SELECT p.photo_id, p.extension, o.id, o.uuid, o.taxon_id,"
      + " t.ancestry, o.latitude, o.longitude, o.observed_on, o.quality_grade, o.observer_id"
      + " FROM photos p JOIN observations o ON ";
  private static final String WHERE = " LEFT JOIN taxa t ON t.id = o.taxon_id"
      + " WHERE o.taxon_id IS NOT NULL";

  private final Connection db;

  public ArchivePhotos(Connection db) {
    this.db = db;
  }

  public long count() throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM photos p JOIN observations o ON "
            + "o.uuid = p.observation_uuid WHERE p.observation_id IS NULL AND o.taxon_id IS NOT NULL")) {
      long n = rs.getLong(1);
      try (ResultSet rs2 = st.executeQuery("SELECT count(*) FROM photos p JOIN observations o ON "
          + "o.id = p.observation_id WHERE o.taxon_id IS NOT NULL")) {
        return n + rs2.getLong(1);
      }
    }
  }

  /** Calls {@code each} for every photo, up to {@code limit} (0 = all). */
  public void forEach(long limit, Consumer<VectorFields.PhotoRecord> each) throws SQLException {
    long[] seen = {0};
    for (String join : new String[] {
        "o.uuid = p.observation_uuid" + WHERE + " AND p.observation_id IS NULL",
        "o.id = p.observation_id" + WHERE}) {
      String sql = COLUMNS + join + " ORDER BY p.photo_id" + (limit > 0 ? " LIMIT " + limit : "");
      try (PreparedStatement ps = db.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (limit > 0 && seen[0] >= limit) {
            return;
          }
          seen[0]++;
          each.accept(record(rs));
        }
      }
    }
  }

  private static VectorFields.PhotoRecord record(ResultSet rs) throws SQLException {
    int taxon = rs.getInt(5);
    String ancestry = rs.getString(6);
    int[] path;
    if (ancestry == null || ancestry.isBlank()) {
      path = new int[] {taxon};
    } else {
      int[] up = Arrays.stream(ancestry.split("/")).filter(s -> !s.isBlank())
          .mapToInt(Integer::parseInt).toArray();
      path = Arrays.copyOf(up, up.length + 1);
      path[up.length] = taxon;
    }
    double lat = rs.getDouble(7);
    Double latitude = rs.wasNull() ? null : lat;
    double lng = rs.getDouble(8);
    Double longitude = rs.wasNull() ? null : lng;
    return new VectorFields.PhotoRecord(rs.getLong(1), rs.getString(2), rs.getLong(3),
        rs.getString(4), taxon, path, latitude, longitude, rs.getString(9), rs.getString(10),
        rs.getLong(11));
  }
}
