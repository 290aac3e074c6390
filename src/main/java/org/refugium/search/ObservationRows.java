package org.refugium.search;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.TreeSet;
import org.refugium.archive.TaxonTree;
import org.refugium.search.ObservationFields.ObservationRow;

/**
 * Reads every observation with its photos' licences and its projects, in id order, without a JDBC round
 * trip or an index seek per row: {@link ObservationLinks} first gathers the uuid-keyed photos and project
 * links into arrays by id (merged index-only scans), then observations are scanned in id order (the
 * table's own: sequential) and joined to them in memory. Documents reach Lucene in id order, which keeps
 * id ranges compact. Rows without a uuid (GBIF: photos keyed by observation_id) get theirs from a
 * subquery SQLite answers from photos_observation_id. Measured alternatives: docs/search-index.md.
 */
final class ObservationRows {

  static final String OBSERVATIONS = "SELECT o.id, o.observer_id, o.latitude, o.longitude,"
      + " o.positional_accuracy, o.taxon_id, o.quality_grade, o.observed_on, o.flags,"
      + " CASE WHEN o.uuid IS NULL"
      + " THEN (SELECT group_concat(coalesce(license, '-'), ' ') FROM photos p WHERE p.observation_id = o.id) END,"
      + " o.created_at FROM observations o ORDER BY o.id";

  /** Receives the rows; may throw to stop the scan. */
  interface Sink {
    void accept(ObservationRow row) throws Exception;
  }

  private final Connection db;
  private final TaxonTree tree;
  private final ObservationLinks links;

  /** {@code links}: read from the same record beforehand ({@link ObservationLinks#read}); used up by one scan. */
  ObservationRows(Connection db, TaxonTree tree, ObservationLinks links) {
    this.db = db;
    this.tree = tree;
    this.links = links;
  }

  void forEach(Sink sink) throws Exception {
    try (Statement st = db.createStatement(); ResultSet obs = st.executeQuery(OBSERVATIONS)) {
      while (obs.next()) {
        long id = obs.getLong(1);
        String byId = obs.getString(10);
        if (byId != null) { // no uuid, photos linked by id: "licence licence …", a missing licence written "-"
          TreeSet<String> licenses = new TreeSet<>();
          String[] photos = byId.split(" ");
          for (String license : photos) {
            if (!license.equals("-")) {
              licenses.add(license);
            }
          }
          sink.accept(row(obs, photos.length, List.copyOf(licenses), links.projects(id)));
        } else {
          sink.accept(row(obs, links.photoCount(id), links.licenses(id), links.projects(id)));
        }
      }
    }
  }

  /** The observation columns (1..9, 11) with its photos and projects. */
  private ObservationRow row(ResultSet obs, int photoCount, List<String> licenses, int[] projectIds)
      throws SQLException {
    Integer taxon = TaxonIndexer.intOrNull(obs, 6);
    int treeLeft = taxon == null ? 0 : tree.left(taxon); // 0 for an orphan: its own id still finds it
    return new ObservationRow(obs.getLong(1), TaxonIndexer.intOrNull(obs, 2), TaxonIndexer.doubleOrNull(obs, 3),
        TaxonIndexer.doubleOrNull(obs, 4), TaxonIndexer.intOrNull(obs, 5), taxon, treeLeft,
        obs.getString(7), obs.getString(8), (obs.getInt(9) & 1) != 0, photoCount, licenses, projectIds,
        obs.getString(11));
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
