package org.refugium.api.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Picks the search implementation for a snapshot. Until the Lucene indexes are wired in, the in-memory
 * scans serve (fine for sample-sized snapshots, refused on large ones).
 */
final class SearchBackends {

  record Backends(ObservationIndex observations, TaxonIndex taxa) {}

  private SearchBackends() {}

  static Backends open(Path snapshot, ReadPool pool, TaxonCatalog taxa) throws IOException {
    ObservationIndex observations = pool.with(db -> ScanObservationIndex.load(db, taxa));
    TaxonIndex names = pool.with(db -> ScanTaxonIndex.load(db, taxa));
    return new Backends(observations, names);
  }
}
