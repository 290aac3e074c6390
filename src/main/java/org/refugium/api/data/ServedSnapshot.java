package org.refugium.api.data;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.refugium.snapshot.SnapshotLayout;
import org.refugium.search.ObservationSummary;
import org.refugium.search.SummaryTable;

/**
 * One published snapshot opened for serving: read-only SQLite connections, the taxon catalog in memory,
 * and the search side. Reference-counted so a later switch of CURRENT can swap in a new snapshot while
 * requests on the old one finish: the holder drops its own reference, the last request to release closes.
 */
public final class ServedSnapshot implements AutoCloseable {

  private final String name;
  private final Path directory;
  private final ReadPool pool;
  private final TaxonCatalog taxa;
  private final ObservationIndex observations;
  private final TaxonIndex taxonIndex;
  private final boolean hasSummaries;
  private final Caches caches = new Caches();
  /** 1 for the holder's own reference, +1 per request in flight; 0 = closed. */
  private final AtomicInteger references = new AtomicInteger(1);

  private ServedSnapshot(String name, Path directory, ReadPool pool, TaxonCatalog taxa,
      ObservationIndex observations, TaxonIndex taxonIndex, boolean hasSummaries) {
    this.name = name;
    this.hasSummaries = hasSummaries;
    this.directory = directory;
    this.pool = pool;
    this.taxa = taxa;
    this.observations = observations;
    this.taxonIndex = taxonIndex;
  }

  /** Opens {@code directory} with {@code connections} pooled SQLite connections. */
  public static ServedSnapshot open(String name, Path directory, int connections) throws SQLException, IOException {
    ReadPool pool = new ReadPool(directory.resolve(SnapshotLayout.DATABASE), connections);
    try {
      TaxonCatalog taxa = pool.with(TaxonCatalog::load);
      SearchBackends.Backends search = SearchBackends.open(directory, taxa);
      boolean hasSummaries = pool.with(SummaryTable::present);
      return new ServedSnapshot(name, directory, pool, taxa, search.observations(), search.taxa(), hasSummaries);
    } catch (RuntimeException | IOException e) {
      pool.close();
      throw e;
    }
  }

  public String name() {
    return name;
  }

  public Path directory() {
    return directory;
  }

  public ReadPool db() {
    return pool;
  }

  public TaxonCatalog taxa() {
    return taxa;
  }

  public ObservationIndex observations() {
    return observations;
  }

  public TaxonIndex taxonIndex() {
    return taxonIndex;
  }

  /**
   * The taxon page's summary of a taxon's observations (descendants included): the row the import stored for a taxon
   * with many observations, else counted live over the index (a few milliseconds below the import's threshold).
   */
  public ObservationSummary taxonSummary(int taxonId) {
    if (hasSummaries) {
      Optional<ObservationSummary> stored = pool.with(db -> SummaryTable.read(db, taxonId));
      if (stored.isPresent()) {
        return stored.get();
      }
    }
    return observations.summary(ObservationFilter.all().withTaxonIds(List.of(taxonId)));
  }

  public Caches caches() {
    return caches;
  }

  /** Takes a reference for one request; false when the snapshot is already closed. */
  boolean retain() {
    while (true) {
      int n = references.get();
      if (n == 0) {
        return false;
      }
      if (references.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** Gives back one reference (a request's, or the holder's own); the last one closes the files. */
  @Override
  public void close() {
    if (references.decrementAndGet() == 0) {
      try {
        observations.close();
        taxonIndex.close();
      } catch (IOException ignored) {
        // read-only index files: nothing to lose
      }
      pool.close();
    }
  }
}
