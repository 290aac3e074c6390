package org.refugium.importer;

import java.util.BitSet;

/**
 * Rejects a second row with the same integer key before it reaches SQLite (where it would abort the
 * whole batch). Ids in these tables are dense positive integers (observers ~3M, taxa ~1.6M, iNaturalist
 * observation ids ~300M), so a bit set is small; larger or negative ids fall back to a plain hash set.
 * One per import: the state of a {@link TableSpec}'s per-import mapping.
 */
public final class UniqueIds {

  private static final long BITSET_LIMIT = Integer.MAX_VALUE;
  private final BitSet dense = new BitSet();
  private final java.util.HashSet<Long> sparse = new java.util.HashSet<>();

  /** Rejects ({@code duplicate key: column = id}) an id already claimed in this import. */
  public void claim(long id, String column) throws RowRejectedException {
    boolean fresh;
    if (id >= 0 && id < BITSET_LIMIT) {
      fresh = !dense.get((int) id);
      dense.set((int) id);
    } else {
      fresh = sparse.add(id);
    }
    if (!fresh) {
      throw new RowRejectedException(RowRejectedException.DUPLICATE_KEY, column + " = " + id);
    }
  }
}
