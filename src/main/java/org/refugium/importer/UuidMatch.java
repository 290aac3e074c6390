package org.refugium.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Pairs the rows of a staged enrichment table (a web export, a GBIF download's matched occurrences) with the loaded
 * observations of the same uuid: one hash join in Java, the staged uuids as 128-bit keys in an open-addressing table
 * probed by one sequential scan of the observations. The pairs go to a temp table keyed by the observation's load
 * key, {@code (load_key INTEGER PRIMARY KEY, row INTEGER)} where {@code row} is the staged row's rowid.
 *
 * <p>Why not SQL's join: the staged rows' uuid index was probed once per observation, twice (the match counts, then
 * the id-assigning rebuild that takes the fields), a B-tree descent with string comparisons each time; at 10M
 * observations and 6M web rows that was most of the join's cost (docs/benchmarks.md). Here the rebuild, which reads
 * the observations in load-key order, finds its pairs by integer key in the same order, and the staged row by
 * rowid.
 *
 * <p>Only canonical lowercase uuids match, as in SQL's string equality over the stored values (the staged uuids
 * are lowercased when staged; an observation's uuid is stored as its export wrote it). Staged rows beyond
 * {@link #ROWS_PER_PASS} are matched in several passes, each over one hash partition of the uuids, so the heap
 * stays bounded (24 bytes per staged row of a pass and 8–16 for its hash slot; the pairs are written as found).
 */
public final class UuidMatch {

  static final int ROWS_PER_PASS = 8_000_000;

  /** Pairs per INSERT statement: one step per 64 pairs rather than one per pair. */
  private static final int PAIRS_PER_INSERT = 64;

  private UuidMatch() {}

  /** The match table of a staged table, by convention: {@code temp.web_rows} → {@code temp.web_rows_match}. */
  public static String tableFor(String staged) {
    return staged + "_match";
  }

  /**
   * Creates {@code matchTable} and fills it with (observation load key, staged rowid) for every loaded observation
   * whose uuid a staged row carries. At most one staged row per uuid is expected (the stagers reject repeats); with
   * two, one of them is paired. Returns the number of pairs.
   */
  public static long build(Connection db, String staged, String matchTable) throws SQLException {
    return build(db, staged, matchTable, ROWS_PER_PASS);
  }

  static long build(Connection db, String staged, String matchTable, int rowsPerPass) throws SQLException {
    long stagedRows;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + staged + " WHERE uuid IS NOT NULL")) {
      stagedRows = rs.getLong(1);
    }
    int passes = (int) Math.max(1, (stagedRows + rowsPerPass - 1) / rowsPerPass);
    createTable(db, matchTable);
    long pairs = 0;
    try (PairWriter out = new PairWriter(db, matchTable)) {
      for (int pass = 0; pass < passes; pass++) {
        Key128Map keys = stagedKeys(db, staged, pass, passes,
            (int) Math.min(stagedRows / passes + 1024, Integer.MAX_VALUE - 8));
        pairs += probeObservations(db, keys, pass, passes, out);
      }
    }
    return pairs;
  }

  /**
   * As {@link #build(Connection, String, String)}, with the staged uuids already in memory (the web export keeps
   * them from its duplicate check): one pass over the observations, no scan of the staged rows.
   */
  public static long build(Connection db, Key128Map stagedKeys, String matchTable) throws SQLException {
    createTable(db, matchTable);
    try (PairWriter out = new PairWriter(db, matchTable)) {
      return probeObservations(db, stagedKeys, 0, 1, out);
    }
  }

  private static void createTable(Connection db, String matchTable) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute("CREATE TABLE " + matchTable + " (load_key INTEGER PRIMARY KEY, row INTEGER NOT NULL)");
    }
  }

  private static Key128Map stagedKeys(Connection db, String staged, int pass, int passes, int expected)
      throws SQLException {
    Key128Map keys = new Key128Map(expected);
    long[] key = new long[2];
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT rowid, uuid FROM " + staged + " WHERE uuid IS NOT NULL")) {
      while (rs.next()) {
        if (Key128Map.parseUuid(rs.getBytes(2), key) && partition(key, passes) == pass) {
          keys.putIfAbsent(key[0], key[1], rs.getLong(1));
        }
      }
    }
    return keys;
  }

  /** Writes the pairs as they are found: in one pass they come in load-key order, so the inserts append. */
  private static long probeObservations(Connection db, Key128Map keys, int pass, int passes, PairWriter out)
      throws SQLException {
    long pairs = 0;
    long[] key = new long[2];
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, uuid FROM main.observations WHERE uuid IS NOT NULL ORDER BY id")) {
      while (rs.next()) {
        if (Key128Map.parseUuid(rs.getBytes(2), key) && partition(key, passes) == pass) {
          long row = keys.get(key[0], key[1]);
          if (row != Key128Map.ABSENT) {
            out.add(rs.getLong(1), row);
            pairs++;
          }
        }
      }
    }
    return pairs;
  }

  /** Inserts pairs {@value #PAIRS_PER_INSERT} per statement, the remainder one by one on close. */
  private static final class PairWriter implements AutoCloseable {
    private final PreparedStatement many;
    private final PreparedStatement one;
    private final long[] buffer = new long[2 * PAIRS_PER_INSERT];
    private int buffered;

    PairWriter(Connection db, String matchTable) throws SQLException {
      StringBuilder sql = new StringBuilder("INSERT INTO " + matchTable + " VALUES (?,?)");
      sql.append(",(?,?)".repeat(PAIRS_PER_INSERT - 1));
      many = db.prepareStatement(sql.toString());
      one = db.prepareStatement("INSERT INTO " + matchTable + " VALUES (?,?)");
    }

    void add(long loadKey, long row) throws SQLException {
      buffer[2 * buffered] = loadKey;
      buffer[2 * buffered + 1] = row;
      if (++buffered == PAIRS_PER_INSERT) {
        for (int i = 0; i < buffer.length; i++) {
          many.setLong(i + 1, buffer[i]);
        }
        many.executeUpdate();
        buffered = 0;
      }
    }

    @Override
    public void close() throws SQLException {
      try (many; one) {
        for (int i = 0; i < buffered; i++) {
          one.setLong(1, buffer[2 * i]);
          one.setLong(2, buffer[2 * i + 1]);
          one.executeUpdate();
        }
      }
    }
  }

  private static int partition(long[] key, int passes) {
    return passes == 1 ? 0 : (int) Long.remainderUnsigned(Key128Map.mix(key[0], key[1]), passes);
  }
}
