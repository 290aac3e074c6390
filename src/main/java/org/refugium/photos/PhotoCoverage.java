package org.refugium.photos;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code photos status}: how much of a snapshot's photos the store holds, per size, from the journal joined with
 * the snapshot's photos table (the snapshot attached read-only, nothing is listed in the store).
 */
public final class PhotoCoverage {

  /** One size's line. */
  public record SizeLine(String size, long photos, long stored, long missing, long failed, long bytes) {
    public long notTried() {
      return photos - stored - missing - failed;
    }
  }

  /** A failure reason of one size and how many keys have it. */
  public record Reason(String size, String reason, long count) {}

  public record Report(long photos, List<SizeLine> sizes, List<Reason> failures) {}

  private PhotoCoverage() {}

  public static Report of(Path journalFile, Path snapshotDatabase) throws IOException {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + journalFile.toAbsolutePath())) {
      try (Statement st = db.createStatement()) {
        st.execute("CREATE TABLE IF NOT EXISTS fetched (photo_id INTEGER NOT NULL, size TEXT NOT NULL,"
            + " extension TEXT NOT NULL, state TEXT NOT NULL, bytes INTEGER, md5 TEXT, reason TEXT,"
            + " attempts INTEGER NOT NULL DEFAULT 0, updated TEXT, PRIMARY KEY (photo_id, size)) WITHOUT ROWID");
      }
      try (PreparedStatement attach = db.prepareStatement("ATTACH DATABASE ? AS snap")) {
        attach.setString(1, "file:" + snapshotDatabase.toAbsolutePath() + "?mode=ro&immutable=1");
        attach.execute();
      }
      long photos;
      try (Statement st = db.createStatement();
          ResultSet rs = st.executeQuery("SELECT count(DISTINCT photo_id) FROM snap.photos")) {
        photos = rs.next() ? rs.getLong(1) : 0;
      }
      Map<String, SizeLine> lines = new LinkedHashMap<>();
      for (String size : PhotoKey.SIZES) {
        lines.put(size, new SizeLine(size, photos, 0, 0, 0, 0));
      }
      String sql = "SELECT j.size, sum(j.state = 'DONE'), sum(j.state = 'MISSING'), sum(j.state = 'FAILED'),"
          + " sum(CASE WHEN j.state = 'DONE' THEN j.bytes ELSE 0 END)"
          + " FROM fetched j WHERE j.photo_id IN (SELECT photo_id FROM snap.photos) GROUP BY j.size";
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          String size = rs.getString(1);
          if (lines.containsKey(size)) {
            lines.put(size, new SizeLine(size, photos, rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)));
          }
        }
      }
      List<Reason> reasons = new ArrayList<>();
      String why = "SELECT j.size, j.reason, count(*) FROM fetched j WHERE j.state IN ('FAILED', 'MISSING')"
          + " AND j.photo_id IN (SELECT photo_id FROM snap.photos) GROUP BY j.size, j.reason ORDER BY 3 DESC, 1, 2";
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(why)) {
        while (rs.next()) {
          reasons.add(new Reason(rs.getString(1), rs.getString(2), rs.getLong(3)));
        }
      }
      return new Report(photos, List.copyOf(lines.values()), reasons);
    } catch (SQLException e) {
      throw new IOException("photo status: " + e.getMessage(), e);
    }
  }
}
