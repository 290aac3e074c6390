package org.refugium.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

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
    try (Statement st = db.createStatement()) {
      st.execute("CREATE TABLE " + matchTable + " (load_key INTEGER PRIMARY KEY, row INTEGER NOT NULL)");
    }
    long pairs = 0;
    try (PairWriter out = new PairWriter(db, matchTable)) {
      for (int pass = 0; pass < passes; pass++) {
        Keys keys = stagedKeys(db, staged, pass, passes,
            (int) Math.min(stagedRows / passes + 1024, Integer.MAX_VALUE - 8));
        pairs += probeObservations(db, keys, pass, passes, out);
      }
    }
    return pairs;
  }

  private static Keys stagedKeys(Connection db, String staged, int pass, int passes, int expected) throws SQLException {
    Keys keys = new Keys(expected);
    long[] key = new long[2];
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT rowid, uuid FROM " + staged + " WHERE uuid IS NOT NULL")) {
      while (rs.next()) {
        if (parse(rs.getBytes(2), key) && partition(key, passes) == pass) {
          keys.add(key[0], key[1], rs.getLong(1));
        }
      }
    }
    keys.index();
    return keys;
  }

  /** Writes the pairs as they are found: in one pass they come in load-key order, so the inserts append. */
  private static long probeObservations(Connection db, Keys keys, int pass, int passes, PairWriter out)
      throws SQLException {
    long pairs = 0;
    long[] key = new long[2];
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, uuid FROM main.observations WHERE uuid IS NOT NULL ORDER BY id")) {
      while (rs.next()) {
        if (parse(rs.getBytes(2), key) && partition(key, passes) == pass) {
          long row = keys.find(key[0], key[1]);
          if (row != Keys.ABSENT) {
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

  /**
   * A canonical lowercase uuid's 128 bits into {@code key}; false for anything else (upper case, another length,
   * a non-hex character), which then matches nothing.
   */
  static boolean parse(byte[] text, long[] key) {
    if (text == null || text.length != 36) {
      return false;
    }
    long hi = 0;
    long lo = 0;
    int digits = 0;
    for (int i = 0; i < 36; i++) {
      int c = text[i];
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (c != '-') {
          return false;
        }
        continue;
      }
      int v;
      if (c >= '0' && c <= '9') {
        v = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        v = c - 'a' + 10;
      } else {
        return false;
      }
      if (digits++ < 16) {
        hi = hi << 4 | v;
      } else {
        lo = lo << 4 | v;
      }
    }
    key[0] = hi;
    key[1] = lo;
    return true;
  }

  private static int partition(long[] key, int passes) {
    return passes == 1 ? 0 : (int) Long.remainderUnsigned(mix(key[0], key[1]), passes);
  }

  /** A 64-bit mix of both halves (murmur3's finaliser): uuids v4 are random, but other versions are not. */
  static long mix(long hi, long lo) {
    long h = hi * 0x9E3779B97F4A7C15L ^ lo;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ h >>> 33;
  }

  /** The staged uuids of one pass and their rowids, with an open-addressing index over them. */
  private static final class Keys {
    static final long ABSENT = Long.MIN_VALUE;
    long[] his;
    long[] los;
    long[] rows;
    int size;
    int[] slots; // 1 + the key's position, 0 = empty
    int mask;

    Keys(int expected) {
      his = new long[Math.max(16, expected)];
      los = new long[his.length];
      rows = new long[his.length];
    }

    void add(long hi, long lo, long row) {
      if (size == his.length) {
        int grown = (int) Math.min((long) size * 3 / 2 + 16, Integer.MAX_VALUE - 8);
        his = Arrays.copyOf(his, grown);
        los = Arrays.copyOf(los, grown);
        rows = Arrays.copyOf(rows, grown);
      }
      his[size] = hi;
      los[size] = lo;
      rows[size] = row;
      size++;
    }

    /** At most half full: short probe sequences. A repeated key keeps its first row. */
    void index() {
      int capacity = Integer.highestOneBit(Math.max(16, size * 2 - 1)) << 1;
      slots = new int[capacity];
      mask = capacity - 1;
      for (int i = 0; i < size; i++) {
        int s = (int) mix(his[i], los[i]) & mask;
        while (slots[s] != 0) {
          int k = slots[s] - 1;
          if (his[k] == his[i] && los[k] == los[i]) {
            break;
          }
          s = (s + 1) & mask;
        }
        if (slots[s] == 0) {
          slots[s] = i + 1;
        }
      }
    }

    long find(long hi, long lo) {
      int s = (int) mix(hi, lo) & mask;
      int k;
      while ((k = slots[s]) != 0) {
        if (his[k - 1] == hi && los[k - 1] == lo) {
          return rows[k - 1];
        }
        s = (s + 1) & mask;
      }
      return ABSENT;
    }
  }
}
