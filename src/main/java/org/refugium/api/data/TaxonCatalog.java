package org.refugium.api.data;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.refugium.archive.TaxonTree;

/**
 * Every taxon row in memory, loaded once per served snapshot: taxon views are on nearly every response
 * (observations embed their taxon and its ancestors), and at full scale (~1.6M taxa, ids below 2M) the
 * arrays take about 200 MB, against a SQLite round trip per taxon per response otherwise.
 * Children are kept as one sorted array with offsets per parent (CSR), built from the parent links.
 */
public final class TaxonCatalog {

  private final TaxonTree tree;
  private final String[] name;
  private final String[] rank;
  private final boolean[] active;
  private final int[] iconic;
  private final long[] observations;
  private final int[] species;
  private final int[] childStart;
  private final int[] children;
  /** Lazily: {@link #inactiveIds()} (a benign race: two threads may both compute the same list). */
  private volatile List<Integer> inactive;

  private TaxonCatalog(TaxonTree tree, String[] name, String[] rank, boolean[] active, int[] iconic,
      long[] observations, int[] species, int[] childStart, int[] children) {
    this.tree = tree;
    this.name = name;
    this.rank = rank;
    this.active = active;
    this.iconic = iconic;
    this.observations = observations;
    this.species = species;
    this.childStart = childStart;
    this.children = children;
  }

  public static TaxonCatalog load(Connection db) throws SQLException {
    TaxonTree tree = TaxonTree.load(db);
    int size = tree.maxId() + 1;
    String[] name = new String[size];
    String[] rank = new String[size];
    boolean[] active = new boolean[size];
    int[] iconic = new int[size];
    long[] observations = new long[size];
    int[] species = new int[size];
    Map<String, String> ranks = new HashMap<>(); // ~40 distinct rank strings: share them
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, name, rank, active, iconic_taxon_id, observations_count,"
            + " species_count FROM taxa WHERE id >= 0")) {
      while (rs.next()) {
        int id = rs.getInt(1);
        name[id] = rs.getString(2);
        String r = rs.getString(3);
        rank[id] = r == null ? null : ranks.computeIfAbsent(r, k -> k);
        active[id] = rs.getInt(4) != 0;
        int ic = rs.getInt(5);
        iconic[id] = rs.wasNull() ? -1 : ic;
        observations[id] = rs.getLong(6);
        species[id] = rs.getInt(7);
      }
    }
    int[] childStart = new int[size + 1];
    for (int id = 0; id < size; id++) {
      int p = tree.parentOf(id);
      if (tree.contains(id) && p >= 0 && p < size) {
        childStart[p + 1]++;
      }
    }
    for (int i = 0; i < size; i++) {
      childStart[i + 1] += childStart[i];
    }
    int[] children = new int[childStart[size]];
    int[] fill = Arrays.copyOf(childStart, size);
    for (int id = 0; id < size; id++) { // ascending ids, so each parent's children come out sorted
      int p = tree.parentOf(id);
      if (tree.contains(id) && p >= 0 && p < size) {
        children[fill[p]++] = id;
      }
    }
    return new TaxonCatalog(tree, name, rank, active, iconic, observations, species, childStart, children);
  }

  public boolean contains(long id) {
    return tree.contains(id);
  }

  public int size() {
    return tree.size();
  }

  public TaxonTree tree() {
    return tree;
  }

  public String name(int id) {
    return name[id];
  }

  public String rank(int id) {
    return rank[id];
  }

  public float rankLevel(int id) {
    return tree.rankLevel(id);
  }

  public boolean active(int id) {
    return active[id];
  }

  /** Parent id, or -1 for the root and for a parent missing from the tree. */
  public int parent(int id) {
    int p = tree.parentOf(id);
    return tree.contains(p) ? p : -1;
  }

  public int iconic(int id) {
    return iconic[id];
  }

  public long observationsCount(int id) {
    return observations[id];
  }

  public int speciesCount(int id) {
    return species[id];
  }

  public int[] children(int id) {
    return Arrays.copyOfRange(children, childStart[id], childStart[id + 1]);
  }

  /** The root first, down to the taxon itself. */
  public int[] selfAndAncestorsFromRoot(int id) {
    int[] path = TaxonTree.pathBuffer();
    int n = tree.selfAndAncestors(id, path);
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = path[n - 1 - i];
    }
    return out;
  }

  /** The taxon and every taxon below it (depth-first). At full scale Life has 1.6M: callers bound their use. */
  public List<Integer> selfAndDescendants(int id) {
    List<Integer> out = new ArrayList<>();
    if (!contains(id)) {
      return out;
    }
    int[] stack = new int[64];
    int top = 0;
    stack[top++] = id;
    while (top > 0) {
      int t = stack[--top];
      out.add(t);
      for (int i = childStart[t]; i < childStart[t + 1]; i++) {
        if (top == stack.length) {
          stack = Arrays.copyOf(stack, top * 2);
        }
        stack[top++] = children[i];
      }
    }
    return out;
  }

  /**
   * The species at or above a taxon (itself when it is a species), or -1 above species rank. Per-observation
   * work (an observer's species count reads it for every observation): one array lookup, the table built
   * on first use (one walk up the tree per taxon; 4 bytes per id, ~8 MB at full scale).
   */
  public int speciesOf(int taxon) {
    if (!contains(taxon)) {
      return -1;
    }
    int[] table = speciesTable;
    if (table == null) {
      table = buildSpeciesTable();
      speciesTable = table; // a race only builds the same table twice
    }
    return table[taxon];
  }

  private volatile int[] speciesTable;

  private int[] buildSpeciesTable() {
    return tree.speciesOfEach();
  }

  /**
   * Taxa whose rank is one of {@code ranks} (when given) and whose rank level lies within
   * [lrankLevel, hrankLevel] (each when given): the rank, hrank and lrank filters of /observations.
   */
  public List<Integer> idsWithRank(List<String> ranks, Float hrankLevel, Float lrankLevel) {
    List<Integer> out = new ArrayList<>();
    for (int id = 0; id <= maxId(); id++) {
      if (!contains(id)) {
        continue;
      }
      float level = rankLevel(id);
      if ((ranks == null || ranks.isEmpty() || ranks.contains(rank(id)))
          && (hrankLevel == null || level <= hrankLevel) && (lrankLevel == null || level >= lrankLevel)) {
        out.add(id);
      }
    }
    return out;
  }

  /** Inactive taxa (taxon_is_active), computed once: a few percent of the catalog. */
  public List<Integer> inactiveIds() {
    List<Integer> out = inactive;
    if (out == null) {
      List<Integer> ids = new ArrayList<>();
      for (int id = 0; id <= maxId(); id++) {
        if (contains(id) && !active[id]) {
          ids.add(id);
        }
      }
      out = List.copyOf(ids);
      inactive = out;
    }
    return out;
  }

  /** Ids of all taxa, ascending (for scans over the catalog in the fallback search). */
  public int maxId() {
    return tree.maxId();
  }
}
