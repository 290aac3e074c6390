package org.refugium.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The autocomplete of the best-known Python peer (pyinaturalist-convert's fts.py), rebuilt over the same
 * names in a scratch SQLite file: an FTS5 table (name indexed; taxon id, rank, count rank, language
 * unindexed) with prefix indexes 2, 3, 4; count_rank = 2.5 × the z-score of ln(observations); a query
 * {@code name MATCH 'typed*'} for scientific names and the asked language, ordered by bm25 rank − count_rank.
 * It never touches the snapshot (attached read-only while copying the names).
 */
final class Fts5Autocomplete implements AutoCloseable {

  private static final double COUNT_RANK_FACTOR = 2.5;

  private final Connection db;
  private final PreparedStatement query;

  private Fts5Autocomplete(Connection db) throws Exception {
    this.db = db;
    this.query = db.prepareStatement("SELECT taxon_id, name, rank - count_rank AS combined FROM taxon_fts"
        + " WHERE name MATCH ? AND (language_code IS NULL OR language_code = ?) ORDER BY combined LIMIT ?");
  }

  static Fts5Autocomplete build(Path snapshot, Path scratch) throws Exception {
    Files.deleteIfExists(scratch);
    Connection db = DriverManager.getConnection("jdbc:sqlite:" + scratch);
    long t0 = System.nanoTime();
    try (Statement st = db.createStatement()) {
      st.execute("PRAGMA journal_mode=OFF");
      st.execute("PRAGMA synchronous=OFF");
      st.execute("ATTACH DATABASE 'file:" + snapshot.resolve("mirror.sqlite") + "?mode=ro' AS m");
      st.execute("CREATE VIRTUAL TABLE taxon_fts USING fts5(name, taxon_id UNINDEXED, taxon_rank UNINDEXED,"
          + " count_rank UNINDEXED, language_code UNINDEXED, prefix='2 3 4')");
      // z-score of ln(count), ln(0) taken as 0, as fts.py's normalize(); computed here: no math functions needed
      double[] stats = lnStats(st);
      db.setAutoCommit(false);
      insertNames(db, stats);
      db.commit();
      db.setAutoCommit(true);
      st.execute("INSERT INTO taxon_fts(taxon_fts) VALUES('optimize')");
      st.execute("DETACH DATABASE m");
    }
    System.err.printf("bench: FTS5 table built in %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9, scratch);
    return new Fts5Autocomplete(db);
  }

  private static double[] lnStats(Statement st) throws Exception {
    double sum = 0;
    double sq = 0;
    long n = 0;
    try (ResultSet rs = st.executeQuery("SELECT observations_count FROM m.taxa")) {
      while (rs.next()) {
        long c = rs.getLong(1);
        double v = c > 0 ? Math.log(c) : 0;
        sum += v;
        sq += v * v;
        n++;
      }
    }
    double mean = sum / n;
    return new double[] {mean, Math.sqrt(Math.max(1e-12, sq / n - mean * mean))};
  }

  private static void insertNames(Connection db, double[] stats) throws Exception {
    try (PreparedStatement ins = db.prepareStatement(
        "INSERT INTO taxon_fts (name, taxon_id, taxon_rank, count_rank, language_code) VALUES (?, ?, ?, ?, ?)");
         Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("SELECT t.name, t.id, t.rank, t.observations_count, NULL FROM m.taxa t"
             + " UNION ALL SELECT n.name, n.taxon_id, t.rank, t.observations_count, n.locale FROM m.taxon_names n"
             + " JOIN m.taxa t ON t.id = n.taxon_id")) {
      int batch = 0;
      while (rs.next()) {
        long c = rs.getLong(4);
        ins.setString(1, rs.getString(1));
        ins.setInt(2, rs.getInt(2));
        ins.setString(3, rs.getString(3));
        ins.setDouble(4, COUNT_RANK_FACTOR * ((c > 0 ? Math.log(c) : 0) - stats[0]) / stats[1]);
        ins.setString(5, rs.getString(5));
        ins.addBatch();
        if (++batch % 10_000 == 0) {
          ins.executeBatch();
        }
      }
      ins.executeBatch();
    }
  }

  /** Taxon ids for what was typed: every word a term, the last one a prefix (fts.py appends '*'). */
  List<Integer> search(String q, String language, int limit) throws Exception {
    StringBuilder match = new StringBuilder();
    String[] words = q.trim().split("\\s+");
    for (int i = 0; i < words.length; i++) {
      // quoted, so FTS5 syntax characters in names cannot break the query (fts.py pastes q in raw)
      match.append(i > 0 ? " " : "").append('"').append(words[i].replace("\"", "\"\"")).append('"');
    }
    match.append('*');
    query.setString(1, match.toString());
    query.setString(2, language);
    query.setInt(3, limit);
    List<Integer> ids = new ArrayList<>();
    try (ResultSet rs = query.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getInt(1));
      }
    }
    return ids;
  }

  @Override
  public void close() throws Exception {
    query.close();
    db.close();
  }
}
