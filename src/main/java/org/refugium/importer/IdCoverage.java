package org.refugium.importer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

/**
 * The manifest's account of ids: how many observations carry iNaturalist's own id (from any source), by quality
 * grade, and how many a GBIF id. Counts go in "counts" ({@code ids.real.research} …), a readable line in the
 * warnings.
 */
final class IdCoverage {

  private IdCoverage() {}

  static void addTo(Connection db, Map<String, Long> counts, List<String> warnings) throws SQLException {
    StringBuilder line = new StringBuilder("ids: observations with iNaturalist's own id, by quality grade:");
    long total = 0;
    long real = 0;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(quality_grade, '-'),"
        + " count(*), count(inat_id), count(gbif_id) FROM observations GROUP BY 1 ORDER BY 1")) {
      while (rs.next()) {
        String grade = rs.getString(1);
        long n = rs.getLong(2);
        long withReal = rs.getLong(3);
        counts.put("ids.observations." + grade, n);
        counts.put("ids.real." + grade, withReal);
        counts.put("ids.gbif." + grade, rs.getLong(4));
        line.append(String.format(java.util.Locale.ROOT, " %s %d of %d (%.1f%%);", grade, withReal, n,
            n == 0 ? 0.0 : 100.0 * withReal / n));
        total += n;
        real += withReal;
      }
    }
    counts.put("ids.real", real);
    line.append(" the others are known by their stable id (docs/ids.md)");
    if (total > 0) {
      warnings.add(line.toString());
    }
  }
}
