package org.refugium.api.data;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads of the record by key (the lookups SQLite has indexes for): observations by id or uuid with
 * their photos and projects, observers, taxon names. Everything that filters or counts observations
 * goes through the search side instead.
 */
public final class Records {

  /** SQLite's default limit on host parameters is 32766; batches stay far below it. */
  private static final int BATCH = 500;

  private Records() {}

  /** Observations by id, in the order of {@code ids}; unknown ids are skipped. */
  public static List<ObservationRow> observationsById(Connection db, List<Long> ids) throws SQLException {
    return observations(db, "o.id", new ArrayList<>(ids));
  }

  /**
   * The current ids of observations asked for by an old stable id: one that has since gained its real id (the
   * index holds only those rows). Unknown ones are skipped.
   */
  public static List<Long> idsByStableId(Connection db, List<Long> stableIds) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (PreparedStatement ps = db.prepareStatement(
        "SELECT id FROM observations WHERE stable_id = ? AND stable_id <> id")) {
      for (Long s : stableIds) {
        ps.setLong(1, s);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            out.add(rs.getLong(1));
          }
        }
      }
    }
    return out;
  }

  public static List<ObservationRow> observationsByUuid(Connection db, List<String> uuids) throws SQLException {
    return observations(db, "o.uuid", new ArrayList<>(uuids));
  }

  private static List<ObservationRow> observations(Connection db, String key, List<Object> keys) throws SQLException {
    Map<Object, ObservationRow> found = new HashMap<>();
    for (int from = 0; from < keys.size(); from += BATCH) {
      List<Object> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
      String sql = "SELECT o.id, o.uuid, o.inat_id, o.observer_id, u.login, u.name, o.latitude, o.longitude,"
          + " o.positional_accuracy, o.taxon_id, o.quality_grade, o.observed_on, o.gbif_id, o.stable_id, o.created_at,"
          + " o.updated_at, o.time_observed_at, o.time_zone, o.place_guess, o.place_country, o.place_region,"
          + " o.description, o.license FROM observations o"
          + " LEFT JOIN observers u ON u.id = o.observer_id WHERE " + key + " IN (" + marks(batch.size()) + ")";
      List<ObservationRow> rows = new ArrayList<>();
      try (PreparedStatement ps = db.prepareStatement(sql)) {
        bind(ps, batch);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rows.add(new ObservationRow(rs.getLong(1), rs.getString(2), longOrNull(rs, 3), intOrNull(rs, 4),
                rs.getString(5), rs.getString(6), doubleOrNull(rs, 7), doubleOrNull(rs, 8), intOrNull(rs, 9),
                intOrNull(rs, 10), rs.getString(11), rs.getString(12), new ArrayList<>(), new ArrayList<>(),
                new ObservationRow.Details(longOrNull(rs, 13), longOrNull(rs, 14), rs.getString(15), rs.getString(16),
                    rs.getString(17), rs.getString(18), rs.getString(19), rs.getString(20), rs.getString(21),
                    rs.getString(22), rs.getString(23))));
          }
        }
      }
      attachPhotos(db, rows);
      attachProjects(db, rows);
      for (ObservationRow r : rows) {
        found.put(key.equals("o.id") ? (Object) r.id() : r.uuid(), r);
      }
    }
    List<ObservationRow> ordered = new ArrayList<>();
    for (Object k : keys) {
      ObservationRow r = found.get(k);
      if (r != null) {
        ordered.add(r);
      }
    }
    return ordered;
  }

  /**
   * What one observation brings into one answer at most. iNaturalist's own observations carry a handful of photos
   * and projects; a crafted export can give one observation thousands, which would make one API answer hundreds of
   * MB and the observation page run out of memory. The snapshot keeps every row; answers show the first ones
   * (by position), and the CSV's photo_count says how many were shown.
   */
  public static final int MAX_PHOTOS_PER_OBSERVATION = 100;

  public static final int MAX_PROJECTS_PER_OBSERVATION = 200;

  /** Photos join by observation uuid (Open Data) or by observation id (sources without uuids). */
  private static void attachPhotos(Connection db, List<ObservationRow> rows) throws SQLException {
    Map<String, ObservationRow> byUuid = new LinkedHashMap<>();
    Map<Long, ObservationRow> byId = new LinkedHashMap<>();
    for (ObservationRow r : rows) {
      if (r.uuid() != null) {
        byUuid.put(r.uuid(), r);
      } else {
        byId.put(r.id(), r);
      }
    }
    String select = "SELECT p.photo_id, p.uuid, coalesce(p.observation_uuid, p.observation_id), p.extension, p.license,"
        + " p.width, p.height, p.position, u.login, u.name FROM photos p LEFT JOIN observers u ON u.id = p.observer_id";
    if (!byUuid.isEmpty()) {
      readPhotos(db, select + " WHERE p.observation_uuid IN (" + marks(byUuid.size()) + ") ORDER BY p.position, p.photo_id",
          new ArrayList<>(byUuid.keySet()), k -> byUuid.get(k));
    }
    if (!byId.isEmpty()) {
      readPhotos(db, select + " WHERE p.observation_id IN (" + marks(byId.size()) + ") ORDER BY p.position, p.photo_id",
          new ArrayList<>(byId.keySet()), k -> byId.get(Long.parseLong(k)));
    }
  }

  private static void readPhotos(Connection db, String sql, List<Object> keys,
      java.util.function.Function<String, ObservationRow> owner) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      bind(ps, keys);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          PhotoRow p = new PhotoRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
              intOrNull(rs, 6), intOrNull(rs, 7), rs.getInt(8), rs.getString(9), rs.getString(10));
          ObservationRow o = owner.apply(p.observationKey());
          if (o != null && o.photos().size() < MAX_PHOTOS_PER_OBSERVATION) {
            o.photos().add(p);
          }
        }
      }
    }
  }

  private static void attachProjects(Connection db, List<ObservationRow> rows) throws SQLException {
    Map<String, ObservationRow> byUuid = new LinkedHashMap<>();
    for (ObservationRow r : rows) {
      if (r.uuid() != null) {
        byUuid.put(r.uuid(), r);
      }
    }
    if (byUuid.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = db.prepareStatement("SELECT observation_uuid, project_id FROM observations_projects"
        + " WHERE observation_uuid IN (" + marks(byUuid.size()) + ") ORDER BY project_id")) {
      bind(ps, new ArrayList<>(byUuid.keySet()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          List<Integer> projects = byUuid.get(rs.getString(1)).projectIds();
          if (projects.size() < MAX_PROJECTS_PER_OBSERVATION) {
            projects.add(rs.getInt(2));
          }
        }
      }
    }
  }

  public record Observer(int id, String login, String name) {}

  public static Optional<Observer> observerById(Connection db, long id) throws SQLException {
    return observer(db, "SELECT id, login, name FROM observers WHERE id = ?", id);
  }

  public static Optional<Observer> observerByLogin(Connection db, String login) throws SQLException {
    return observer(db, "SELECT id, login, name FROM observers WHERE login = ? COLLATE NOCASE", login);
  }

  public static Map<Integer, Observer> observers(Connection db, Collection<Integer> ids) throws SQLException {
    Map<Integer, Observer> out = new HashMap<>();
    List<Object> keys = new ArrayList<>(ids);
    for (int from = 0; from < keys.size(); from += BATCH) {
      List<Object> batch = keys.subList(from, Math.min(keys.size(), from + BATCH));
      try (PreparedStatement ps = db.prepareStatement("SELECT id, login, name FROM observers WHERE id IN ("
          + marks(batch.size()) + ")")) {
        bind(ps, batch);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.put(rs.getInt(1), new Observer(rs.getInt(1), rs.getString(2), rs.getString(3)));
          }
        }
      }
    }
    return out;
  }

  private static Optional<Observer> observer(Connection db, String sql, Object key) throws SQLException {
    try (PreparedStatement ps = db.prepareStatement(sql)) {
      ps.setObject(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(new Observer(rs.getInt(1), rs.getString(2), rs.getString(3))) : Optional.empty();
      }
    }
  }

  public record TaxonName(int taxonId, String name, String locale, int position) {}

  /** Names of the taxa, in {@code locales} only (all locales when null), by taxon then locale then position. */
  public static List<TaxonName> taxonNames(Connection db, Collection<Integer> taxa, List<String> locales)
      throws SQLException {
    List<TaxonName> out = new ArrayList<>();
    List<Object> keys = new ArrayList<>(taxa);
    for (int from = 0; from < keys.size(); from += BATCH) {
      List<Object> batch = new ArrayList<>(keys.subList(from, Math.min(keys.size(), from + BATCH)));
      String sql = "SELECT taxon_id, name, locale, position FROM taxon_names WHERE taxon_id IN (" + marks(batch.size())
          + ")" + (locales == null ? "" : " AND locale IN (" + marks(locales.size()) + ")")
          + " ORDER BY taxon_id, locale, position";
      if (locales != null) {
        batch.addAll(locales);
      }
      try (PreparedStatement ps = db.prepareStatement(sql)) {
        bind(ps, batch);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new TaxonName(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
          }
        }
      }
    }
    return out;
  }

  private static String marks(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  private static void bind(PreparedStatement ps, List<Object> values) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      ps.setObject(i + 1, values.get(i));
    }
  }

  private static Integer intOrNull(ResultSet rs, int column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static Long longOrNull(ResultSet rs, int column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static Double doubleOrNull(ResultSet rs, int column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }
}
