package org.refugium.api.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.refugium.search.TaxonSearch;

/** {@link TaxonIndex} over the snapshot's Lucene taxa index (exact, prefix, then typo-tolerant). */
final class LuceneTaxonIndex implements TaxonIndex {

  private final TaxonSearch search;

  private LuceneTaxonIndex(TaxonSearch search) {
    this.search = search;
  }

  static LuceneTaxonIndex open(Path dir) throws IOException {
    return new LuceneTaxonIndex(TaxonSearch.open(dir));
  }

  @Override
  public List<Match> autocomplete(String q, String locale, int limit) {
    try {
      String language = locale == null ? null : locale.split("[-_]")[0].toLowerCase(java.util.Locale.ROOT);
      return search.autocomplete(q, language, limit).stream().map(h -> new Match(h.id(), h.name())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<Integer> withNameWords(String text, int limit) {
    try {
      return search.withNameWords(text, limit);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    search.close();
  }
}
