package org.refugium.importer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.refugium.archive.StableIds;

/**
 * Gives every observation its public id once all sources and enrichments are in (docs/ids.md): iNaturalist's
 * id where one is known ({@code inat_id}), else the stable id derived from the uuid ({@code stable_id}), else the
 * load key (a source with neither: none today). Rows are loaded under a dense load key (the source line) so
 * the bulk insert appends; here the table is rebuilt once in final id order, which keeps the primary key's
 * b-tree sequential (one sort instead of a random insert per row) and the index build's id-ordered scan cheap.
 *
 * <p>Ties on one final id are settled deterministically, not by file order: the rebuild inserts in (id, uuid,
 * load key) order and keeps the first, then each row that lost is, in uuid order, either
 * <ul>
 *   <li>a repeated uuid: rejected into the reject log (the first line of the uuid is kept), as before;
 *   <li>a second observation claiming the same iNaturalist id (an enrichment conflict): it keeps its stable id and
 *       loses the real one, counted in a manifest warning;
 *   <li>a stable-id collision (two uuids, one hash): it takes the next free id above, and that is its stable id.
 * </ul>
 */
public final class ObservationIds {

  /**
   * Fields an enrichment gives the observations, taken while the table is rebuilt here (one pass) instead of an
   * UPDATE of every matched row before it. {@code join} is joined to the loaded rows, aliased {@code l}
   * by its load key ({@code LEFT JOIN temp.x_match m ON m.load_key = l.id LEFT JOIN temp.x w ON w.rowid = m.row},
   * pairs that {@link UuidMatch} found by uuid; at most one row per observation); {@code columns} maps an observations
   * column to its expression, where {@code %s} stands for the value before this enrichment (the loaded row's, or
   * an earlier enrichment's). {@code dropAfter} are the staging tables to drop once the rebuild has read them.
   */
  public record Enrichment(String join, Map<String, String> columns, List<String> dropAfter) {
    public Enrichment {
      columns = Map.copyOf(columns);
      dropAfter = List.copyOf(dropAfter);
    }
  }

  private final Connection db;
  private final RejectLog rejects;
  private List<Enrichment> enrichments = List.of();
  private long duplicates;
  private long realIdConflicts;
  private long stableCollisions;

  public ObservationIds(Connection db, RejectLog rejects) {
    this.db = db;
    this.rejects = rejects;
  }

  /** Takes the enrichments' fields into the rebuilt table; a later one's value wins over an earlier one's. */
  public ObservationIds enrichedBy(List<Enrichment> e) {
    this.enrichments = List.copyOf(e);
    return this;
  }

  public void assign() throws SQLException, IOException {
    List<String> columns = new ArrayList<>();
    String createSql;
    try (Statement st = db.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT name FROM pragma_table_info('observations') ORDER BY cid")) {
        while (rs.next()) {
          columns.add(rs.getString(1));
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'observations'")) {
        createSql = rs.getString(1);
      }
      st.execute("ALTER TABLE observations RENAME TO observations_load");
      st.execute(createSql);
      // the rows as loaded, with the enrichment's fields where one is given: everything below reads this
      String source = "observations_load";
      if (!enrichments.isEmpty()) {
        List<String> select = new ArrayList<>();
        for (String c : columns) {
          String value = "l." + c;
          for (Enrichment e : enrichments) {
            String template = e.columns().get(c);
            if (template != null) {
              value = template.replace("%s", value);
            }
          }
          select.add(value + " AS " + c);
        }
        st.execute("CREATE TEMP VIEW observations_source AS SELECT " + String.join(", ", select)
            + " FROM observations_load l " + String.join(" ", enrichments.stream().map(Enrichment::join).toList()));
        source = "temp.observations_source";
      }
      List<String> rest = columns.stream().filter(c -> !c.equals("id") && !c.equals("source_line")).toList();
      String restList = String.join(", ", rest);
      st.execute("INSERT OR IGNORE INTO observations (id, source_line, " + restList + ") SELECT"
          + " coalesce(inat_id, stable_id, id), coalesce(source_line, id), " + restList
          + " FROM " + source + " ORDER BY 1, uuid, id");
      long loaded = count(st, "SELECT count(*) FROM observations_load");
      long kept = count(st, "SELECT count(*) FROM observations");
      if (kept < loaded) {
        settleLosers(rest, source);
      }
      if (!enrichments.isEmpty()) {
        st.execute("DROP VIEW temp.observations_source");
        for (Enrichment e : enrichments) {
          for (String table : e.dropAfter()) {
            st.execute("DROP TABLE " + table);
          }
        }
      }
      st.execute("DROP TABLE observations_load");
    }
    db.commit();
  }

  private void settleLosers(List<String> rest, String source) throws SQLException, IOException {
    // Losers are the load rows whose final id is held by another load row (told apart by the load key).
    record Loser(long loadKey, String uuid, Long inatId, Long stableId) {}
    List<Loser> losers = new ArrayList<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT l.id, l.uuid, l.inat_id,"
        + " l.stable_id FROM " + source + " l WHERE NOT EXISTS (SELECT 1 FROM observations n"
        + " WHERE n.id = coalesce(l.inat_id, l.stable_id, l.id) AND n.source_line = coalesce(l.source_line, l.id))"
        + " ORDER BY l.uuid, l.id")) {
      while (rs.next()) {
        losers.add(new Loser(rs.getLong(1), rs.getString(2), longOrNull(rs, 3), longOrNull(rs, 4)));
      }
    }
    String restList = String.join(", ", rest);
    String selectList = String.join(", ", rest.stream().map(c -> c.equals("inat_id") || c.equals("stable_id") ? "?" : c)
        .toList());
    // a repeated uuid has the same final id as its first row (same stable id, same enrichment): the holder tells
    try (PreparedStatement holder = db.prepareStatement("SELECT uuid, source_line FROM observations WHERE id = ?");
        PreparedStatement taken = db.prepareStatement("SELECT 1 FROM observations WHERE id = ?");
        PreparedStatement insert = db.prepareStatement("INSERT INTO observations (id, source_line, " + restList
            + ") SELECT ?, coalesce(source_line, id), " + selectList + " FROM " + source + " WHERE id = ?")) {
      for (Loser l : losers) {
        if (l.uuid() != null) {
          holder.setLong(1, l.inatId() != null ? l.inatId() : l.stableId() != null ? l.stableId() : l.loadKey());
          try (ResultSet rs = holder.executeQuery()) {
            if (rs.next() && l.uuid().equals(rs.getString(1))) {
              duplicates++;
              rejects.reject("observations.csv", l.loadKey(), new RowRejectedException(
                  RowRejectedException.DUPLICATE_KEY, "observation_uuid " + l.uuid() + " first seen at line "
                  + rs.getLong(2)), l.uuid());
              continue;
            }
          }
        }
        Long inat = l.inatId();
        if (inat != null && isTaken(taken, inat)) {
          realIdConflicts++;
          inat = null;
        }
        Long stable = l.stableId();
        long id;
        if (inat != null) {
          id = inat;
        } else if (stable != null) {
          long probe = stable;
          while (isTaken(taken, probe)) {
            probe = StableIds.next(probe);
          }
          if (probe != stable) {
            stableCollisions++;
          }
          stable = probe;
          id = probe;
        } else {
          throw new IllegalStateException("observation " + l.loadKey() + " has neither an iNaturalist id nor a uuid"
              + " and collides on its load key");
        }
        insert.setLong(1, id);
        // parameters of the rest list: inat_id and stable_id were replaced by '?' in column order
        int p = 2;
        for (String c : rest) {
          if (c.equals("inat_id")) {
            setLongOrNull(insert, p++, inat);
          } else if (c.equals("stable_id")) {
            setLongOrNull(insert, p++, stable);
          }
        }
        insert.setLong(p, l.loadKey());
        insert.executeUpdate();
      }
    }
  }

  private static boolean isTaken(PreparedStatement taken, long id) throws SQLException {
    taken.setLong(1, id);
    try (ResultSet rs = taken.executeQuery()) {
      return rs.next();
    }
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.getLong(1);
    }
  }

  private static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static void setLongOrNull(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, java.sql.Types.INTEGER);
    } else {
      ps.setLong(index, value);
    }
  }

  /** Rows whose uuid repeated an earlier row's: rejected (the first line kept). */
  public long duplicates() {
    return duplicates;
  }

  /** Observations that an enrichment gave an iNaturalist id another observation already holds: kept under their stable id. */
  public long realIdConflicts() {
    return realIdConflicts;
  }

  /** Observations whose derived id was taken by a lower uuid and that moved to the next free one. */
  public long stableCollisions() {
    return stableCollisions;
  }
}
