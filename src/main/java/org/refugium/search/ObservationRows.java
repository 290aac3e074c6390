package org.refugium.search;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.refugium.archive.TaxonTree;
import org.refugium.search.ObservationFields.ObservationRow;

/**
 * Reads every observation with its photos' licenses and its projects, without a JDBC round trip per
 * row. Two ways, measured against each other in docs/search-index.md:
 * <ul>
 * <li>{@link Join#IN_SQLITE} (used): observations scanned in id order (the table's own order: sequential),
 *     photos and projects gathered by correlated subqueries that SQLite answers from its indexes in C,
 *     one result row per observation. Documents reach Lucene in id order, which keeps id ranges compact.
 * <li>{@link Join#MERGE_BY_UUID}: observations, photos and observations_projects each read once in
 *     observation_uuid order through their indexes and merged in step. Reading observations in uuid order
 *     costs a random table access per row (the uuid index does not cover the columns), which made it slower.
 * </ul>
 */
final class ObservationRows {

  enum Join { IN_SQLITE, MERGE_BY_UUID }

  /** Photos as "count licence licence ...", a missing licence written "-": one subquery per observation. */
  static final String IN_SQLITE = "SELECT o.id, o.uuid, o.observer_id, o.latitude, o.longitude,"
      + " o.positional_accuracy, o.taxon_id, o.quality_grade, o.observed_on, o.flags,"
      + " CASE WHEN o.uuid IS NULL"
      + " THEN (SELECT group_concat(coalesce(license, '-'), ' ') FROM photos p WHERE p.observation_id = o.id)"
      + " ELSE (SELECT group_concat(coalesce(license, '-'), ' ') FROM photos p WHERE p.observation_uuid = o.uuid) END,"
      + " (SELECT group_concat(project_id, ' ') FROM observations_projects j WHERE j.observation_uuid = o.uuid)"
      + " FROM observations o ORDER BY o.id";

  private static final String COLUMNS = "SELECT id, uuid, observer_id, latitude, longitude, positional_accuracy,"
      + " taxon_id, quality_grade, observed_on, flags FROM observations ";
  static final String BY_UUID = COLUMNS + "INDEXED BY observations_uuid WHERE uuid IS NOT NULL ORDER BY uuid";
  static final String WITHOUT_UUID = COLUMNS + "WHERE uuid IS NULL ORDER BY id";
  static final String PHOTOS_BY_UUID = "SELECT observation_uuid, license FROM photos INDEXED BY photos_observation"
      + " WHERE observation_uuid IS NOT NULL ORDER BY observation_uuid, position";
  static final String PHOTOS_BY_ID = "SELECT observation_id, license FROM photos INDEXED BY photos_observation_id"
      + " WHERE observation_id IS NOT NULL AND observation_uuid IS NULL ORDER BY observation_id";
  static final String PROJECTS_BY_UUID = "SELECT observation_uuid, project_id FROM observations_projects"
      + " INDEXED BY observations_projects_observation ORDER BY observation_uuid";

  /** Receives the rows; may throw to stop the scan. */
  interface Sink {
    void accept(ObservationRow row) throws Exception;
  }

  private final Connection db;
  private final TaxonTree tree;
  private final Join join;

  ObservationRows(Connection db, TaxonTree tree, Join join) {
    this.db = db;
    this.tree = tree;
    this.join = join;
  }

  void forEach(Sink sink) throws Exception {
    if (join == Join.IN_SQLITE) {
      joinedInSqlite(sink);
    } else {
      mergedByUuid(sink);
    }
  }

  private void joinedInSqlite(Sink sink) throws Exception {
    try (Statement st = db.createStatement(); ResultSet obs = st.executeQuery(IN_SQLITE)) {
      List<String> licenses = new ArrayList<>(4);
      while (obs.next()) {
        licenses.clear();
        int photoCount = 0;
        String photos = obs.getString(11);
        if (photos != null) {
          for (String license : photos.split(" ")) {
            photoCount++;
            if (!license.equals("-")) {
              licenses.add(license);
            }
          }
        }
        String projects = obs.getString(12);
        int[] projectIds = projects == null ? new int[0]
            : java.util.Arrays.stream(projects.split(" ")).mapToInt(Integer::parseInt).toArray();
        sink.accept(row(obs, photoCount, List.copyOf(licenses), projectIds));
      }
    }
  }

  private void mergedByUuid(Sink sink) throws Exception {
    try (Statement o = db.createStatement(); Statement p = db.createStatement(); Statement j = db.createStatement();
        ResultSet obs = o.executeQuery(BY_UUID);
        ResultSet photos = p.executeQuery(PHOTOS_BY_UUID);
        ResultSet projects = j.executeQuery(PROJECTS_BY_UUID)) {
      Children photoSide = new Children(photos, false);
      Children projectSide = new Children(projects, false);
      String previous = null;
      while (obs.next()) {
        String uuid = obs.getString(2);
        if (previous != null && compareBinary(previous, uuid) > 0) {
          throw new IllegalStateException("observations came out of uuid order at " + uuid);
        }
        previous = uuid;
        sink.accept(row(obs, photoSide, projectSide, uuid, 0));
      }
    }
    try (Statement o = db.createStatement(); Statement p = db.createStatement();
        ResultSet obs = o.executeQuery(WITHOUT_UUID);
        ResultSet photos = p.executeQuery(PHOTOS_BY_ID)) {
      Children photoSide = new Children(photos, true);
      while (obs.next()) {
        sink.accept(row(obs, photoSide, null, null, obs.getLong(1)));
      }
    }
  }

  private ObservationRow row(ResultSet obs, Children photoSide, Children projectSide, String uuid, long id)
      throws SQLException {
    List<String> licenses = new ArrayList<>(2);
    int photoCount = photoSide.collect(uuid, id, licenses);
    List<String> projectValues = new ArrayList<>(0);
    if (projectSide != null) {
      projectSide.collect(uuid, id, projectValues);
    }
    int[] projectIds = new int[projectValues.size()];
    for (int i = 0; i < projectIds.length; i++) {
      projectIds[i] = Integer.parseInt(projectValues.get(i));
    }
    return row(obs, photoCount, licenses, projectIds);
  }

  /** The observation columns (1..10 of both queries) with its photos and projects. */
  private ObservationRow row(ResultSet obs, int photoCount, List<String> licenses, int[] projectIds)
      throws SQLException {
    Integer taxon = TaxonIndexer.intOrNull(obs, 7);
    int treeLeft = taxon == null ? 0 : tree.left(taxon); // 0 for an orphan: its own id still finds it
    return new ObservationRow(obs.getLong(1), obs.getString(2), TaxonIndexer.intOrNull(obs, 3),
        TaxonIndexer.doubleOrNull(obs, 4), TaxonIndexer.doubleOrNull(obs, 5), TaxonIndexer.intOrNull(obs, 6), taxon,
        treeLeft, obs.getString(8), obs.getString(9), (obs.getInt(10) & 1) != 0, photoCount, licenses, projectIds);
  }

  /** A child table read in the parent's key order; each parent takes the rows of its key. */
  private static final class Children {
    private final ResultSet rs;
    private final boolean byId;
    private boolean more;

    Children(ResultSet rs, boolean byId) throws SQLException {
      this.rs = rs;
      this.byId = byId;
      this.more = rs.next();
    }

    /** Adds the non-null values of the rows keyed {@code uuid} (or {@code id}) to out; returns how many rows. */
    int collect(String uuid, long id, List<String> out) throws SQLException {
      int rows = 0;
      while (more) {
        int c = byId ? Long.compare(rs.getLong(1), id) : compareBinary(rs.getString(1), uuid);
        if (c > 0) {
          break;
        }
        if (c == 0) {
          rows++;
          String value = rs.getString(2);
          if (value != null) {
            out.add(value);
          }
        } // c < 0: a child whose observation is not in the record (rejected or never exported): skipped
        more = rs.next();
      }
      return rows;
    }
  }

  /**
   * SQLite's BINARY collation order (UTF-8 bytes, i.e. code points). String.compareTo compares UTF-16
   * units, which differs only where a surrogate meets U+E000..U+FFFF; a merge join must not disagree.
   */
  static int compareBinary(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        boolean sx = Character.isSurrogate(x);
        boolean sy = Character.isSurrogate(y);
        if (sx != sy) {
          return sx ? 1 : -1;
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }
}
