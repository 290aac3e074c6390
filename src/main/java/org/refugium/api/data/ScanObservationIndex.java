package org.refugium.api.data;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * The observation search without a Lucene index: every observation's filter fields in memory, each
 * query a scan. It serves snapshots built before the index existed and small ones, and states the
 * filters' meaning in plain Java (the reference the index-backed search is tested against). Refused
 * above {@link #MAX_ROWS}: at full scale a scan per request is not an answer.
 */
public final class ScanObservationIndex implements ObservationIndex {

  public static final long MAX_ROWS = 2_000_000;

  private record Row(long id, int taxon, int observer, double lat, double lng, String quality, LocalDate day,
      int photoCount, Set<String> licenses, Set<Integer> projects) {}

  private final List<Row> rows;
  private final TaxonCatalog taxa;

  private ScanObservationIndex(List<Row> rows, TaxonCatalog taxa) {
    this.rows = rows;
    this.taxa = taxa;
  }

  public static ScanObservationIndex load(Connection db, TaxonCatalog taxa) throws SQLException {
    Map<String, List<String>> licenses = new HashMap<>();
    Map<String, Integer> photoCounts = new HashMap<>();
    Map<String, Set<Integer>> projects = new HashMap<>();
    try (Statement st = db.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT count(*) FROM observations")) {
        if (rs.getLong(1) > MAX_ROWS) {
          throw new IllegalStateException("snapshot has " + rs.getLong(1) + " observations but no search index;"
              + " re-import it to build index/observations");
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT coalesce(observation_uuid, 'id:' || observation_id), license"
          + " FROM photos")) {
        while (rs.next()) {
          photoCounts.merge(rs.getString(1), 1, Integer::sum);
          if (rs.getString(2) != null) {
            licenses.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(rs.getString(2).toLowerCase(Locale.ROOT));
          }
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT observation_uuid, project_id FROM observations_projects")) {
        while (rs.next()) {
          projects.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getInt(2));
        }
      }
      List<Row> rows = new ArrayList<>();
      try (ResultSet rs = st.executeQuery("SELECT id, uuid, taxon_id, observer_id, latitude, longitude, quality_grade,"
          + " observed_on FROM observations ORDER BY id")) {
        while (rs.next()) {
          long id = rs.getLong(1);
          String key = rs.getString(2) != null ? rs.getString(2) : "id:" + id;
          int taxon = rs.getInt(3);
          taxon = rs.wasNull() ? -1 : taxon;
          int observer = rs.getInt(4);
          observer = rs.wasNull() ? -1 : observer;
          double lat = rs.getDouble(5);
          lat = rs.wasNull() ? Double.NaN : lat;
          double lng = rs.getDouble(6);
          lng = rs.wasNull() ? Double.NaN : lng;
          LocalDate day = parseDay(rs.getString(8));
          rows.add(new Row(id, taxon, observer, lat, lng, rs.getString(7), day, photoCounts.getOrDefault(key, 0),
              new HashSet<>(licenses.getOrDefault(key, List.of())),
              projects.getOrDefault(rs.getString(2), Set.of())));
        }
      }
      return new ScanObservationIndex(rows, taxa);
    }
  }

  private static LocalDate parseDay(String s) {
    try {
      return s == null ? null : LocalDate.parse(s);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  private List<Row> matching(ObservationFilter f) {
    Set<Integer> taxonSet = f.taxonIds() == null ? null : subtrees(f.taxonIds());
    Set<Integer> qSet = f.qTaxonIds() == null ? null : subtrees(f.qTaxonIds());
    Set<Integer> without = f.withoutTaxonIds() == null ? Set.of() : subtrees(f.withoutTaxonIds());
    List<Row> out = new ArrayList<>();
    for (Row r : rows) {
      if (matches(r, f, taxonSet, qSet, without)) {
        out.add(r);
      }
    }
    return out;
  }

  private Set<Integer> subtrees(List<Integer> roots) {
    Set<Integer> s = new HashSet<>();
    for (int t : roots) {
      s.addAll(taxa.selfAndDescendants(t));
      s.add(t); // an id missing from the tree still matches observations that carry it
    }
    return s;
  }

  private boolean matches(Row r, ObservationFilter f, Set<Integer> taxonSet, Set<Integer> qSet, Set<Integer> without) {
    if (taxonSet != null && !f.taxonIds().isEmpty() && !taxonSet.contains(r.taxon)) return false;
    if (qSet != null && !qSet.contains(r.taxon)) return false;
    if (without.contains(r.taxon)) return false;
    if (set(f.exactTaxonIds()) && !f.exactTaxonIds().contains(r.taxon)) return false;
    boolean known = taxa.contains(r.taxon);
    if (set(f.ranks()) && !(known && f.ranks().contains(taxa.rank(r.taxon)))) return false;
    if (f.hrankLevel() != null && !(known && taxa.rankLevel(r.taxon) <= f.hrankLevel())) return false;
    if (f.lrankLevel() != null && !(known && taxa.rankLevel(r.taxon) >= f.lrankLevel())) return false;
    if (set(f.userIds()) && !f.userIds().contains(r.observer)) return false;
    if (f.box() != null && !inBox(r, f.box())) return false;
    if (f.circle() != null && !(Double.isFinite(r.lat) && Geo.km(f.circle().lat(), f.circle().lng(), r.lat, r.lng)
        <= f.circle().radiusKm())) return false;
    if (f.d1() != null && (r.day == null || r.day.isBefore(f.d1()))) return false;
    if (f.d2() != null && (r.day == null || r.day.isAfter(f.d2()))) return false;
    if (f.observedOn() != null && !f.observedOn().equals(r.day)) return false;
    if (set(f.years()) && (r.day == null || !f.years().contains(r.day.getYear()))) return false;
    if (set(f.months()) && (r.day == null || !f.months().contains(r.day.getMonthValue()))) return false;
    if (set(f.days()) && (r.day == null || !f.days().contains(r.day.getDayOfMonth()))) return false;
    if (f.qualityGrades() != null && !f.qualityGrades().contains(r.quality)) return false;
    if (f.photos() != null && f.photos() != (r.photoCount > 0)) return false;
    if (f.photoLicenses() != null && r.licenses.stream().noneMatch(f.photoLicenses()::contains)) return false;
    if (set(f.projectIds()) && f.projectIds().stream().noneMatch(r.projects::contains)) return false;
    if (set(f.ids()) && !f.ids().contains(r.id)) return false;
    if (f.idAbove() != null && r.id <= f.idAbove()) return false;
    if (f.idBelow() != null && r.id >= f.idBelow()) return false;
    return true;
  }

  private static boolean set(List<?> l) {
    return l != null && !l.isEmpty();
  }

  private static boolean inBox(Row r, ObservationFilter.BoundingBox b) {
    if (!Double.isFinite(r.lat) || r.lat < b.swlat() || r.lat > b.nelat()) {
      return false;
    }
    return b.swlng() <= b.nelng() ? r.lng >= b.swlng() && r.lng <= b.nelng() : r.lng >= b.swlng() || r.lng <= b.nelng();
  }

  @Override
  public long count(ObservationFilter filter) {
    return matching(filter).size();
  }

  @Override
  public List<Long> search(ObservationFilter filter, ObservationSort sort, int offset, int limit) {
    List<Row> hits = matching(filter);
    Comparator<Row> byId = Comparator.comparingLong(Row::id);
    Comparator<Row> order = switch (sort.field()) {
      case ID -> byId;
      case OBSERVED_ON -> Comparator.comparing((Row r) -> r.day == null ? LocalDate.MIN : r.day).thenComparing(byId);
      case RANDOM -> byId;
    };
    if (sort.field() == ObservationSort.Field.RANDOM) {
      java.util.Collections.shuffle(hits, new Random(sort.seed()));
    } else {
      hits.sort(sort.ascending() ? order : order.reversed());
    }
    return hits.stream().skip(offset).limit(limit).map(Row::id).toList();
  }

  @Override
  public List<Count> taxonCounts(ObservationFilter filter) {
    Map<Integer, Long> counts = new HashMap<>();
    for (Row r : matching(filter)) {
      if (r.taxon >= 0) {
        counts.merge(r.taxon, 1L, Long::sum);
      }
    }
    return counts.entrySet().stream().map(e -> new Count(e.getKey(), e.getValue()))
        .sorted(Comparator.comparingLong(Count::count).reversed().thenComparingLong(Count::key)).toList();
  }

  @Override
  public List<ObserverCount> observers(ObservationFilter filter) {
    Map<Integer, long[]> counts = new HashMap<>();
    Map<Integer, Set<Integer>> species = new HashMap<>();
    for (Row r : matching(filter)) {
      counts.computeIfAbsent(r.observer, k -> new long[1])[0]++;
      int sp = speciesOf(r.taxon);
      if (sp >= 0) {
        species.computeIfAbsent(r.observer, k -> new HashSet<>()).add(sp);
      }
    }
    return counts.entrySet().stream()
        .map(e -> new ObserverCount(e.getKey(), e.getValue()[0], species.getOrDefault(e.getKey(), Set.of()).size()))
        .sorted(Comparator.comparingLong(ObserverCount::observations).reversed()
            .thenComparingInt(ObserverCount::userId))
        .toList();
  }

  private int speciesOf(int taxon) {
    return taxa.speciesOf(taxon);
  }


  @Override
  public Map<Integer, Long> countsByDay(ObservationFilter filter) {
    Map<Integer, Long> out = new TreeMap<>();
    for (Row r : matching(filter)) {
      if (r.day != null) {
        out.merge((int) r.day.toEpochDay(), 1L, Long::sum);
      }
    }
    return out;
  }

  @Override
  public Optional<ObservationFilter.BoundingBox> bounds(ObservationFilter filter) {
    double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
    boolean any = false;
    for (Row r : matching(filter)) {
      if (Double.isFinite(r.lat) && Double.isFinite(r.lng)) {
        any = true;
        b[0] = Math.min(b[0], r.lat);
        b[1] = Math.min(b[1], r.lng);
        b[2] = Math.max(b[2], r.lat);
        b[3] = Math.max(b[3], r.lng);
      }
    }
    return any ? Optional.of(new ObservationFilter.BoundingBox(b[0], b[1], b[2], b[3])) : Optional.empty();
  }

  @Override
  public List<GeoCell> geoCells(ObservationFilter filter, double cellDegrees) {
    Map<Long, long[]> cells = new HashMap<>();
    int columns = (int) Math.ceil(360 / cellDegrees) + 1;
    for (Row r : matching(filter)) {
      if (Double.isFinite(r.lat) && Double.isFinite(r.lng)) {
        long row = (long) Math.floor((r.lat + 90) / cellDegrees);
        long column = (long) Math.floor((r.lng + 180) / cellDegrees);
        cells.computeIfAbsent(row * columns + column, k -> new long[1])[0]++;
      }
    }
    List<GeoCell> out = new ArrayList<>(cells.size());
    cells.forEach((key, n) -> out.add(new GeoCell(key / columns * cellDegrees - 90, key % columns * cellDegrees - 180,
        n[0])));
    out.sort(Comparator.comparingDouble(GeoCell::swlat).thenComparingDouble(GeoCell::swlng));
    return out;
  }

  @Override
  public void close() {}

}
