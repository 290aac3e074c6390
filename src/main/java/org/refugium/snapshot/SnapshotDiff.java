package org.refugium.snapshot;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.refugium.archive.SqliteFiles;

/**
 * What changed between two snapshots, from their records. Observations are matched by UUID (Open Data, web
 * export) or by iNaturalist id (GBIF alone), not by id, which changes when an observation gains its iNaturalist
 * id (docs/ids.md): those changes are reported. Taxa are matched by id.
 */
public final class SnapshotDiff {

  private SnapshotDiff() {}

  /** Counts by kind of change, in a fixed order, for printing. */
  public static Map<String, Long> compare(Path older, Path newer) throws SQLException {
    try (Connection db = SqliteFiles.openReadOnly(older.resolve(SnapshotLayout.DATABASE))) {
      try (Statement st = db.createStatement()) {
        st.execute("ATTACH DATABASE 'file:" + newer.resolve(SnapshotLayout.DATABASE).toAbsolutePath()
            .toString().replace("'", "''") + "?immutable=1' AS b");
      }
      Map<String, Long> changes = new LinkedHashMap<>();
      changes.put("observations added", count(db, """
          SELECT count(*) FROM b.observations n WHERE
            (n.uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM main.observations o WHERE o.uuid = n.uuid))
            OR (n.uuid IS NULL AND n.inat_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM main.observations o WHERE o.inat_id = n.inat_id))"""));
      changes.put("observations removed", count(db, """
          SELECT count(*) FROM main.observations o WHERE
            (o.uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM b.observations n WHERE n.uuid = o.uuid))
            OR (o.uuid IS NULL AND o.inat_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM b.observations n WHERE n.inat_id = o.inat_id))"""));
      changes.put("observations with a changed taxon", count(db, """
          SELECT count(*) FROM main.observations o JOIN b.observations n
            ON (o.uuid IS NOT NULL AND n.uuid = o.uuid)
          WHERE o.taxon_id IS NOT n.taxon_id""")
          + count(db, """
          SELECT count(*) FROM main.observations o JOIN b.observations n
            ON (o.uuid IS NULL AND o.inat_id IS NOT NULL AND n.inat_id = o.inat_id)
          WHERE o.taxon_id IS NOT n.taxon_id"""));
      changes.put("observations with a changed quality grade", count(db, """
          SELECT count(*) FROM main.observations o JOIN b.observations n
            ON (o.uuid IS NOT NULL AND n.uuid = o.uuid)
          WHERE o.quality_grade IS NOT n.quality_grade""")
          + count(db, """
          SELECT count(*) FROM main.observations o JOIN b.observations n
            ON (o.uuid IS NULL AND o.inat_id IS NOT NULL AND n.inat_id = o.inat_id)
          WHERE o.quality_grade IS NOT n.quality_grade"""));
      // ids (docs/ids.md): an observation that gained its iNaturalist id (stable → real; its old id still
      // resolves), and any other id change (a lost real id, a stable-id collision settled anew)
      changes.put("observations that gained their iNaturalist id", count(db, """
          SELECT count(*) FROM main.observations o JOIN b.observations n ON (o.uuid IS NOT NULL AND n.uuid = o.uuid)
          WHERE o.inat_id IS NULL AND n.inat_id IS NOT NULL"""));
      changes.put("observations with another id change", count(db, """
          SELECT count(*) FROM main.observations o JOIN b.observations n ON (o.uuid IS NOT NULL AND n.uuid = o.uuid)
          WHERE o.id <> n.id AND NOT (o.inat_id IS NULL AND n.inat_id IS NOT NULL)"""));
      changes.put("taxa added", count(db,
          "SELECT count(*) FROM b.taxa n WHERE NOT EXISTS (SELECT 1 FROM main.taxa o WHERE o.id = n.id)"));
      changes.put("taxa removed", count(db,
          "SELECT count(*) FROM main.taxa o WHERE NOT EXISTS (SELECT 1 FROM b.taxa n WHERE n.id = o.id)"));
      changes.put("taxa deactivated", count(db,
          "SELECT count(*) FROM main.taxa o JOIN b.taxa n ON n.id = o.id WHERE o.active = 1 AND n.active = 0"));
      changes.put("taxa reactivated", count(db,
          "SELECT count(*) FROM main.taxa o JOIN b.taxa n ON n.id = o.id WHERE o.active = 0 AND n.active = 1"));
      changes.put("taxa renamed or moved", count(db, "SELECT count(*) FROM main.taxa o JOIN b.taxa n ON n.id = o.id"
          + " WHERE o.name IS NOT n.name OR o.parent_id IS NOT n.parent_id"));
      return changes;
    }
  }

  private static long count(Connection db, String sql) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.getLong(1);
    }
  }
}
