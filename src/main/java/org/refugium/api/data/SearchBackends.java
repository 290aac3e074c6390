package org.refugium.api.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.refugium.search.SearchIndexes;
import org.refugium.snapshot.SnapshotVerifier;

/**
 * Picks the search implementation for a snapshot: its Lucene indexes, which every import writes. A
 * snapshot without them (none published by this version) falls back to the in-memory scans, which
 * refuse large snapshots.
 */
final class SearchBackends {

  record Backends(ObservationIndex observations, TaxonIndex taxa) {}

  private SearchBackends() {}

  static Backends open(Path snapshot, ReadPool pool, TaxonCatalog taxa) throws IOException {
    Path index = snapshot.resolve(SnapshotVerifier.INDEX_DIR);
    Path observations = index.resolve(SearchIndexes.OBSERVATIONS);
    Path names = index.resolve(SearchIndexes.TAXA);
    if (Files.isDirectory(observations) && Files.isDirectory(names)) {
      return new Backends(LuceneObservationIndex.open(observations, taxa), LuceneTaxonIndex.open(names));
    }
    return new Backends(pool.with(db -> ScanObservationIndex.load(db, taxa)), pool.with(db -> ScanTaxonIndex.load(db, taxa)));
  }
}
