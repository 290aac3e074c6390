package org.refugium.archive;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;

/**
 * The taxon tree in memory, as dense arrays indexed by taxon id (iNaturalist taxon ids are small
 * integers: ~1.6M taxa, ids below 2M in 2026), for the import's derivations and for index building:
 * walking ancestors there is the hot loop, and array lookups keep it a few nanoseconds a step.
 */
public final class TaxonTree {

  /** iNaturalist's iconic taxa: the groups its site colours and filters by. */
  public static final int[] ICONIC_TAXA = {
      48460, 1, 47126, 3, 20978, 26036, 40151, 47178, 47115, 47119, 47158, 47170, 48222, 47686};

  public static final int ROOT = 48460;

  private static final int ABSENT = -2;
  private static final int NO_PARENT = -1;

  private final int[] parent;
  private final float[] rankLevel;
  private final int count;

  private TaxonTree(int[] parent, float[] rankLevel, int count) {
    this.parent = parent;
    this.rankLevel = rankLevel;
    this.count = count;
  }

  public static TaxonTree load(Connection db) throws SQLException {
    int max;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM taxa")) {
      max = rs.getInt(1);
    }
    int[] parent = new int[max + 1];
    float[] rankLevel = new float[max + 1];
    Arrays.fill(parent, ABSENT);
    int count = 0;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, parent_id, rank_level FROM taxa")) {
      while (rs.next()) {
        int id = rs.getInt(1);
        if (id < 0) {
          continue;
        }
        long p = rs.getLong(2);
        parent[id] = rs.wasNull() ? NO_PARENT : (int) p;
        rankLevel[id] = rs.getFloat(3);
        count++;
      }
    }
    return new TaxonTree(parent, rankLevel, count);
  }

  public int size() {
    return count;
  }

  /** Largest id the tree can hold (ids beyond it are not in the tree). */
  public int maxId() {
    return parent.length - 1;
  }

  public boolean contains(long id) {
    return id >= 0 && id < parent.length && parent[(int) id] != ABSENT;
  }

  public int parentOf(int id) {
    return contains(id) ? parent[id] : NO_PARENT;
  }

  public float rankLevel(int id) {
    return contains(id) ? rankLevel[id] : Float.NaN;
  }

  /**
   * The taxon and its ancestors, the taxon first, into {@code out}; returns how many. The walk stops at
   * a parent missing from taxa.csv and at a cycle (bounded by depth), so broken trees cannot hang it.
   */
  public int selfAndAncestors(int id, int[] out) {
    int n = 0;
    int current = id;
    while (current >= 0 && contains(current) && n < out.length) {
      out[n++] = current;
      current = parent[current];
    }
    return n;
  }

  /** The nearest iconic taxon at or above {@code id}, or -1. */
  public int iconicTaxon(int id, int[] scratch) {
    int n = selfAndAncestors(id, scratch);
    for (int i = 0; i < n; i++) {
      if (isIconic(scratch[i])) {
        return scratch[i];
      }
    }
    return -1;
  }

  public static boolean isIconic(int id) {
    for (int t : ICONIC_TAXA) {
      if (t == id) {
        return true;
      }
    }
    return false;
  }

  /** Deepest possible path: iNaturalist's tree is about 30 levels deep; 256 leaves room for odd data. */
  public static int[] pathBuffer() {
    return new int[256];
  }
}
