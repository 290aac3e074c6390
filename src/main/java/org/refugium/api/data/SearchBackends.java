package org.refugium.api.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.refugium.search.SearchIndexes;
import org.refugium.snapshot.SnapshotLayout;

/** Opens a snapshot's search: its Lucene indexes, which every import writes and verifies. */
final class SearchBackends {

  record Backends(ObservationIndex observations, TaxonIndex taxa) {}

  private SearchBackends() {}

  static Backends open(Path snapshot, TaxonCatalog taxa) throws IOException {
    Path index = snapshot.resolve(SnapshotLayout.INDEX_DIR);
    Path observations = index.resolve(SearchIndexes.OBSERVATIONS);
    Path names = index.resolve(SearchIndexes.TAXA);
    if (!Files.isDirectory(observations) || !Files.isDirectory(names)) {
      throw new IOException("snapshot " + snapshot + " has no search index (" + index + "): re-import it");
    }
    return new Backends(LuceneObservationIndex.open(observations, taxa), LuceneTaxonIndex.open(names));
  }
}
