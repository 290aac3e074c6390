package org.refugium.api.data;

import java.io.Closeable;
import java.util.List;

/** Taxon name search: scientific and vernacular names, all languages. */
public interface TaxonIndex extends Closeable {

  /** A taxon that matched, and the name it matched on (iNaturalist's matched_term). */
  record Match(int taxonId, String matchedTerm) {}

  /**
   * Autocomplete: names starting with {@code q} (any word of the name), exact matches first, then by
   * observation count; the matched term prefers {@code locale}'s names.
   */
  List<Match> autocomplete(String q, String locale, int limit);

  /** Taxa with a name holding every word of {@code text} as a whole word (taxon_name), most observed first. */
  List<Integer> withNameWords(String text, int limit);
}
