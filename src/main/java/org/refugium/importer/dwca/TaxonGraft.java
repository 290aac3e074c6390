package org.refugium.importer.dwca;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.refugium.archive.TaxonTree;

/**
 * Puts the DwC-A taxa (in {@code temp.dwca_taxa}) beside the tree already loaded.
 *
 * <p>The tree is the Open Data taxa.csv's: it has every rank and the inactive taxa observations still
 * point at. So a DwC-A taxon the tree already has is only compared (parent, name, rank) and the
 * differences counted; a taxon the tree lacks is added ("grafted") with its DwC-A parent, its rank
 * level from {@link RankLevels}, {@code active = 1} (the DwC-A lists active taxa only) and an ancestry
 * computed through its parents, in the DwC-A or in the tree. With no Open Data (a GBIF snapshot), every
 * DwC-A taxon is grafted, and a GBIF-made placeholder row (no parent, no ancestry) is replaced.
 */
final class TaxonGraft {

  /** A row of the tree proper; the other rows are placeholders made from a GBIF download. */
  private static final String TREE_ROW = "(t.parent_id IS NOT NULL OR t.ancestry IS NOT NULL OR t.id = "
      + TaxonTree.ROOT + ")";
  private static final int MAX_DEPTH = 200;

  record Outcome(long matched, long added, long replaced, long parentDiffers, long nameDiffers, long rankDiffers,
      long inactiveInTree, long treeActiveMissing, long detached) {}

  private final Connection db;
  private final BitSet treeRows = new BitSet();
  private final Map<Long, String> ancestryMemo = new HashMap<>();
  private int[] dwcaParent = new int[0];
  private long detached;

  TaxonGraft(Connection db) {
    this.db = db;
  }

  Outcome run() throws SQLException {
    long matched = count("SELECT count(*) FROM temp.dwca_taxa d JOIN taxa t ON t.id = d.id WHERE " + TREE_ROW);
    long parentDiffers = count("SELECT count(*) FROM temp.dwca_taxa d JOIN taxa t ON t.id = d.id WHERE " + TREE_ROW
        + " AND d.parent_id IS NOT t.parent_id");
    long nameDiffers = count("SELECT count(*) FROM temp.dwca_taxa d JOIN taxa t ON t.id = d.id WHERE " + TREE_ROW
        + " AND d.name IS NOT t.name");
    long rankDiffers = count("SELECT count(*) FROM temp.dwca_taxa d JOIN taxa t ON t.id = d.id WHERE " + TREE_ROW
        + " AND d.rank IS NOT t.rank");
    long inactive = count("SELECT count(*) FROM temp.dwca_taxa d JOIN taxa t ON t.id = d.id WHERE " + TREE_ROW
        + " AND t.active = 0");
    long treeActiveMissing = count("SELECT count(*) FROM taxa t WHERE " + TREE_ROW + " AND t.active = 1"
        + " AND NOT EXISTS (SELECT 1 FROM temp.dwca_taxa d WHERE d.id = t.id)");
    loadTree();
    long[] addedReplaced;
    try {
      addedReplaced = graft();
    } finally {
      if (ancestryQuery != null) {
        ancestryQuery.close();
      }
    }
    return new Outcome(matched, addedReplaced[0], addedReplaced[1], parentDiffers, nameDiffers, rankDiffers, inactive,
        treeActiveMissing, detached);
  }

  private void loadTree() throws SQLException {
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT t.id FROM taxa t WHERE " + TREE_ROW)) {
      while (rs.next()) {
        long id = rs.getLong(1);
        if (id >= 0 && id < Integer.MAX_VALUE) {
          treeRows.set((int) id);
        }
      }
    }
    int max = (int) count("SELECT coalesce(max(id), 0) FROM temp.dwca_taxa");
    dwcaParent = new int[max + 1];
    Arrays.fill(dwcaParent, Integer.MIN_VALUE); // absent
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, parent_id FROM temp.dwca_taxa")) {
      while (rs.next()) {
        int id = rs.getInt(1);
        long parent = rs.getLong(2);
        dwcaParent[id] = rs.wasNull() ? -1 : (int) parent;
      }
    }
  }

  /** Adds the DwC-A taxa the tree lacks; returns {added, replaced placeholders}. */
  private long[] graft() throws SQLException {
    BitSet existing = new BitSet();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM taxa")) {
      while (rs.next()) {
        existing.set(rs.getInt(1));
      }
    }
    long added = 0;
    long replaced = 0;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, parent_id, name, rank, rank_level FROM temp.dwca_taxa ORDER BY id");
        PreparedStatement upsert = db.prepareStatement("INSERT INTO taxa (id, parent_id, ancestry, rank, rank_level,"
            + " name, active) VALUES (?,?,?,?,?,?,1) ON CONFLICT(id) DO UPDATE SET parent_id = excluded.parent_id,"
            + " ancestry = excluded.ancestry, rank = excluded.rank, rank_level = excluded.rank_level,"
            + " name = excluded.name, active = 1")) {
      int pending = 0;
      while (rs.next()) {
        int id = rs.getInt(1);
        if (treeRows.get(id)) {
          continue;
        }
        long parent = rs.getLong(2);
        boolean root = rs.wasNull();
        upsert.setInt(1, id);
        if (root) {
          upsert.setNull(2, java.sql.Types.INTEGER);
          upsert.setNull(3, java.sql.Types.VARCHAR);
        } else {
          upsert.setLong(2, parent);
          String ancestry = pathThrough((int) parent, 0);
          if (id != TaxonTree.ROOT && !ancestry.startsWith(TaxonTree.ROOT + "/") && !ancestry.equals(
              Integer.toString(TaxonTree.ROOT))) {
            detached++;
          }
          upsert.setString(3, ancestry);
        }
        upsert.setString(4, rs.getString(4));
        upsert.setObject(5, rs.getObject(5));
        upsert.setString(6, rs.getString(3));
        upsert.addBatch();
        if (existing.get(id)) {
          replaced++;
        } else {
          added++;
        }
        if (++pending == 8192) {
          upsert.executeBatch();
          pending = 0;
        }
      }
      upsert.executeBatch();
    }
    return new long[] {added, replaced};
  }

  /** The ancestry of a child of {@code parent}: the parent's own ancestry, then the parent. */
  private String pathThrough(int parent, int depth) throws SQLException {
    String above = ancestryOf(parent, depth + 1);
    return above.isEmpty() ? Integer.toString(parent) : above + "/" + parent;
  }

  /** Ids from the root down to the parent of {@code id}; "" for a root or a taxon known to neither source. */
  private String ancestryOf(int id, int depth) throws SQLException {
    String memo = ancestryMemo.get((long) id);
    if (memo != null) {
      return memo;
    }
    String ancestry;
    if (depth > MAX_DEPTH) {
      ancestry = ""; // a cycle in the parents: cut it here
    } else if (treeRows.get(id)) {
      ancestry = treeAncestry(id);
    } else if (id < dwcaParent.length && dwcaParent[id] != Integer.MIN_VALUE) {
      ancestry = dwcaParent[id] < 0 ? "" : pathThrough(dwcaParent[id], depth);
    } else {
      ancestry = ""; // the chain leaves both sources here
    }
    ancestryMemo.put((long) id, ancestry);
    return ancestry;
  }

  private PreparedStatement ancestryQuery;

  private String treeAncestry(int id) throws SQLException {
    if (ancestryQuery == null) {
      ancestryQuery = db.prepareStatement("SELECT ancestry FROM taxa WHERE id = ?");
    }
    ancestryQuery.setInt(1, id);
    try (ResultSet rs = ancestryQuery.executeQuery()) {
      String a = rs.next() ? rs.getString(1) : null;
      return a == null ? "" : a;
    }
  }

  private long count(String sql) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
