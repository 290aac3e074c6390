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
  /** Nested-set interval per taxon (0 = not numbered: not reachable from a root, e.g. in a cycle). */
  private int[] left;
  private int[] right;

  private TaxonTree(int[] parent, float[] rankLevel, int count, int[] left, int[] right) {
    this.parent = parent;
    this.rankLevel = rankLevel;
    this.count = count;
    this.left = left;
    this.right = right;
  }

  /**
   * The largest taxon id the tree takes. Why a bound: the arrays are indexed by id (16 bytes per id up to the
   * largest), so one row with id 2,000,000,000 would ask for 32 GB; iNaturalist's ids are about 1.6 million, and
   * this leaves room for decades at the present rate (800 MB at the bound). The loaders reject rows above it.
   */
  public static final long MAX_TAXON_ID = 50_000_000;

  public static TaxonTree load(Connection db) throws SQLException {
    long largest;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM taxa")) {
      largest = rs.getLong(1);
    }
    if (largest > MAX_TAXON_ID) {
      throw new IllegalArgumentException("taxa: taxon id " + largest + " is above the largest this node takes ("
          + MAX_TAXON_ID + "); iNaturalist's taxon ids are about 1.6 million");
    }
    int max = (int) largest;
    int[] parent = new int[max + 1];
    float[] rankLevel = new float[max + 1];
    int[] left = new int[max + 1];
    int[] right = new int[max + 1];
    Arrays.fill(parent, ABSENT);
    int count = 0;
    boolean numbered = true;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, parent_id, rank_level, tree_left, tree_right FROM taxa")) {
      while (rs.next()) {
        int id = rs.getInt(1);
        if (id < 0) {
          continue;
        }
        long p = rs.getLong(2);
        parent[id] = rs.wasNull() ? NO_PARENT : (int) p;
        rankLevel[id] = rs.getFloat(3);
        left[id] = rs.getInt(4);
        right[id] = rs.getInt(5);
        numbered &= !rs.wasNull();
        count++;
      }
    }
    TaxonTree tree = new TaxonTree(parent, rankLevel, count, left, right);
    if (!numbered) {
      tree.numberNestedSets(); // a record written before PostLoad numbered it (during the import itself)
    }
    return tree;
  }

  /**
   * Numbers the tree as nested sets: a depth-first pre-order walk from each root (taxa without a parent
   * in the tree, in id order), children in id order, so the numbering is a pure function of the taxa.
   */
  public void numberNestedSets() {
    int size = parent.length;
    int[] childStart = new int[size + 1];
    for (int id = 0; id < size; id++) {
      if (parent[id] != ABSENT && contains(parent[id])) {
        childStart[parent[id] + 1]++;
      }
    }
    for (int i = 0; i < size; i++) {
      childStart[i + 1] += childStart[i];
    }
    int[] children = new int[childStart[size]];
    int[] fill = Arrays.copyOf(childStart, size);
    for (int id = 0; id < size; id++) { // ascending ids: each child list comes out sorted
      if (parent[id] != ABSENT && contains(parent[id])) {
        children[fill[parent[id]]++] = id;
      }
    }
    left = new int[size];
    right = new int[size];
    int[] stack = new int[64];
    int[] next = new int[64]; // per stack level: index of the next child to visit
    int counter = 0;
    for (int root = 0; root < size; root++) {
      if (parent[root] == ABSENT || contains(parent[root])) {
        continue; // absent, or not a root
      }
      int top = 0;
      stack[0] = root;
      next[0] = childStart[root];
      left[root] = ++counter;
      while (top >= 0) {
        int t = stack[top];
        if (next[top] < childStart[t + 1]) {
          int child = children[next[top]++];
          if (left[child] != 0) {
            continue; // already numbered: never loop on a malformed tree
          }
          if (++top == stack.length) {
            stack = Arrays.copyOf(stack, top * 2);
            next = Arrays.copyOf(next, top * 2);
          }
          stack[top] = child;
          next[top] = childStart[child];
          left[child] = ++counter;
        } else {
          right[t] = counter;
          top--;
        }
      }
    }
  }

  /** Pre-order number of the taxon (0 when not numbered). */
  public int left(int id) {
    return contains(id) ? left[id] : 0;
  }

  /** Largest pre-order number in the taxon's subtree: descendants have left in [left, right]. */
  public int right(int id) {
    return contains(id) ? right[id] : 0;
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

  /** rank_level of species in iNaturalist's taxonomy. */
  public static final float SPECIES_RANK_LEVEL = 10f;

  /**
   * Each taxon's species, by id: the taxon or its nearest ancestor of rank level 10; -1 when none (or no taxon).
   * The one definition of "the species of a taxon": the importer's counts and the server's use this table.
   */
  public int[] speciesOfEach() {
    int[] species = new int[maxId() + 1];
    int[] path = pathBuffer();
    for (int id = 0; id < species.length; id++) {
      species[id] = -1;
      int n = selfAndAncestors(id, path);
      for (int i = 0; i < n; i++) {
        if (rankLevel(path[i]) == SPECIES_RANK_LEVEL) {
          species[id] = path[i];
          break;
        }
      }
    }
    return species;
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
