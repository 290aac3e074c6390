package org.refugium.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.refugium.archive.TaxonTree;

/**
 * Each observer's observation and species counts, gathered during PostLoad's one scan of observations
 * and written to the observers table: user views read them directly instead of aggregating an
 * observer's (often ~100k) observations per request. Species are counted by sorting
 * (observer, species) pairs, which needs 8 bytes per identified observation and no per-observer sets.
 */
final class ObserverTotals {

  private final int[] speciesOfTaxon;
  private final Map<Long, long[]> observations = new HashMap<>();
  private long[] pairs = new long[1 << 16];
  private int pairCount;

  /** @param speciesOfTaxon each taxon's species ({@link TaxonTree#speciesOfEach}) */
  ObserverTotals(int[] speciesOfTaxon) {
    this.speciesOfTaxon = speciesOfTaxon;
  }

  void add(long observer, long taxon) {
    observations.computeIfAbsent(observer, k -> new long[1])[0]++;
    int species = taxon >= 0 && taxon < speciesOfTaxon.length ? speciesOfTaxon[(int) taxon] : -1;
    if (species >= 0 && observer >= 0 && observer <= Integer.MAX_VALUE) {
      if (pairCount == pairs.length) {
        pairs = Arrays.copyOf(pairs, pairs.length * 2);
      }
      pairs[pairCount++] = (observer << 32) | species;
    }
  }

  void write(Connection db) throws SQLException {
    Arrays.sort(pairs, 0, pairCount);
    Map<Long, Long> species = new HashMap<>();
    for (int i = 0; i < pairCount; i++) {
      if (i == 0 || pairs[i] != pairs[i - 1]) {
        species.merge(pairs[i] >>> 32, 1L, Long::sum);
      }
    }
    try (PreparedStatement update = db.prepareStatement(
        "UPDATE observers SET observations_count = ?, species_count = ? WHERE id = ?")) {
      int batched = 0;
      for (var e : observations.entrySet()) {
        update.setLong(1, e.getValue()[0]);
        update.setLong(2, species.getOrDefault(e.getKey(), 0L));
        update.setLong(3, e.getKey());
        update.addBatch();
        if (++batched % 10_000 == 0) {
          update.executeBatch();
        }
      }
      update.executeBatch();
    }
  }
}
