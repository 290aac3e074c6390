package org.refugium.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Writes and reads {@link ObservationSummary} rows of the snapshot's {@code taxon_summaries} table (schema.sql). */
public final class SummaryTable {

  private static final String COLUMNS = "taxon_id, observations, swlat, swlng, nelat, nelng, months, months_research,"
      + " first_year, years, cell_degrees, cells, observers";

  private SummaryTable() {}

  public static void write(Connection db, Map<Integer, ObservationSummary> summaries) throws SQLException {
    try (PreparedStatement insert = db.prepareStatement(
        "INSERT INTO taxon_summaries (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (var e : summaries.entrySet()) {
        ObservationSummary s = e.getValue();
        insert.setInt(1, e.getKey());
        insert.setLong(2, s.observations());
        ObservationSummary.Bounds b = s.bounds();
        if (b == null) {
          for (int i = 3; i <= 6; i++) {
            insert.setNull(i, java.sql.Types.REAL);
          }
        } else {
          insert.setDouble(3, b.swlat());
          insert.setDouble(4, b.swlng());
          insert.setDouble(5, b.nelat());
          insert.setDouble(6, b.nelng());
        }
        insert.setString(7, join(s.months(), String::valueOf));
        insert.setString(8, join(s.monthsResearch(), String::valueOf));
        insert.setInt(9, s.firstYear());
        insert.setString(10, join(s.years(), String::valueOf));
        insert.setDouble(11, s.cellDegrees());
        // Double.toString is the shortest text that parses back to the same double: the cells stay exact
        insert.setString(12, join(s.cells(), c -> c.swlat() + ":" + c.swlng() + ":" + c.count()));
        insert.setString(13, join(s.observers(), o -> o.userId() + ":" + o.observations() + ":" + o.species()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** The stored summary of a taxon; empty when it has none (a taxon below the import's threshold). */
  public static Optional<ObservationSummary> read(Connection db, int taxonId) throws SQLException {
    try (PreparedStatement select = db.prepareStatement("SELECT " + COLUMNS + " FROM taxon_summaries WHERE taxon_id = ?")) {
      select.setInt(1, taxonId);
      try (ResultSet rs = select.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        double swlat = rs.getDouble(3);
        ObservationSummary.Bounds bounds = rs.wasNull() ? null
            : new ObservationSummary.Bounds(swlat, rs.getDouble(4), rs.getDouble(5), rs.getDouble(6));
        List<ObservationSummary.Cell> cells = split(rs.getString(12), t -> {
          String[] p = t.split(":");
          return new ObservationSummary.Cell(Double.parseDouble(p[0]), Double.parseDouble(p[1]), Long.parseLong(p[2]));
        });
        List<ObservationSummary.Observer> observers = split(rs.getString(13), t -> {
          String[] p = t.split(":");
          return new ObservationSummary.Observer(Integer.parseInt(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]));
        });
        return Optional.of(new ObservationSummary(rs.getLong(2), bounds, split(rs.getString(7), Long::valueOf),
            split(rs.getString(8), Long::valueOf), rs.getInt(9), split(rs.getString(10), Long::valueOf),
            rs.getDouble(11), cells, observers));
      }
    }
  }

  /** Whether the snapshot has the table (snapshots of schema 1 do not: their pages count live). */
  public static boolean present(Connection db) throws SQLException {
    try (PreparedStatement st = db.prepareStatement(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'taxon_summaries'");
        ResultSet rs = st.executeQuery()) {
      return rs.next();
    }
  }

  private static <T> String join(List<T> values, Function<T, String> text) {
    StringBuilder sb = new StringBuilder();
    for (T v : values) {
      if (!sb.isEmpty()) {
        sb.append(' ');
      }
      sb.append(text.apply(v));
    }
    return sb.toString();
  }

  private static <T> List<T> split(String text, Function<String, T> parse) {
    List<T> out = new ArrayList<>();
    for (String t : text.split(" ")) {
      if (!t.isEmpty()) {
        out.add(parse.apply(t));
      }
    }
    return out;
  }
}
