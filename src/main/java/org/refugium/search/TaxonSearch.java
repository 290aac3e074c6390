package org.refugium.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * Taxon autocomplete over the taxa index, ranked as DESIGN asks: taxa with a name equal to the query
 * first, then taxa with a name whose words start with the typed words, each tier by observation count
 * (descending, so by its log too: the log is monotonic, and a tie-free sort key beats a float score);
 * a typo-tolerant pass only when neither tier found anything.
 */
public final class TaxonSearch implements Closeable {

  public enum Match { EXACT, PREFIX, FUZZY }

  /** A taxon found, with the name that matched (and its locale: "sci" for the scientific name). */
  public record Hit(int id, String name, String locale, long observationsCount, Match match) {}

  /** Candidates read per fuzzy pass: fuzzy terms match widely, so the best-observed few hundred are checked. */
  private static final int FUZZY_CANDIDATES = 500;
  private static final int MAX_WINDOW = 5_000;

  private static final Sort BY_OBSERVATIONS = new Sort(
      new SortField(TaxonFields.OBSERVATIONS_COUNT, SortField.Type.LONG, true),
      new SortField(TaxonFields.ID, SortField.Type.INT)); // INT: id is an IntPoint too

  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  /**
   * Stored documents parsed on first use, by doc id. Every autocomplete reads a few dozen candidates'
   * names, and decompressing a stored-fields block per candidate was ~40% of an autocomplete request's
   * CPU (profiled on the 10M snapshot). Only taxa ever returned as candidates are held; the index never changes.
   */
  private final TaxonDoc[] parsed;

  private record TaxonDoc(int id, long observationsCount, List<TaxonFields.Name> names) {}

  private TaxonSearch(DirectoryReader reader) {
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.parsed = new TaxonDoc[reader.maxDoc()];
  }

  public static TaxonSearch open(Path dir) throws IOException {
    return new TaxonSearch(DirectoryReader.open(FSDirectory.open(dir)));
  }

  public IndexSearcher searcher() {
    return searcher;
  }

  /** Up to {@code limit} taxa for what was typed; locale picks the name reported when several match. */
  public List<Hit> autocomplete(String q, String locale, int limit) throws IOException {
    List<String> words = NameAnalysis.words(q);
    if (words.isEmpty() || limit <= 0) {
      return List.of();
    }
    String key = String.join(" ", words);
    Map<Integer, Hit> hits = new LinkedHashMap<>();
    collect(new TermQuery(new Term(TaxonFields.NAME_EXACT, key)), limit, hits, limit, (names) ->
        best(names, locale, n -> NameAnalysis.exactKey(n.name()).equals(key) ? 0 : -1), Match.EXACT);
    if (hits.size() < limit) {
      BooleanQuery.Builder prefix = new BooleanQuery.Builder();
      for (String w : words) {
        prefix.add(new TermQuery(new Term(TaxonFields.NAMES, gram(w))), BooleanClause.Occur.FILTER);
      }
      collect(prefix.build(), limit * 4 + 20, hits, limit, (names) ->
          best(names, locale, n -> NameMatcher.prefixMatch(words, NameAnalysis.words(n.name())) ? 0 : -1),
          Match.PREFIX);
    }
    if (hits.isEmpty()) {
      return fuzzy(words, locale, limit);
    }
    return new ArrayList<>(hits.values());
  }

  /**
   * Taxa with one name (scientific or common, any language) that holds every word of {@code text} as a whole word, any
   * case and folding, most observed first, up to {@code limit}: iNaturalist's taxon_name (a match on the names with
   * operator "and"). No prefixes, no typo tolerance.
   */
  public List<Integer> withNameWords(String text, int limit) throws IOException {
    List<String> words = NameAnalysis.words(text);
    if (words.isEmpty() || limit <= 0) {
      return List.of();
    }
    BooleanQuery.Builder all = new BooleanQuery.Builder();
    for (String w : words) {
      all.add(new TermQuery(new Term(TaxonFields.NAMES_WORDS, w)), BooleanClause.Occur.FILTER);
    }
    TopFieldDocs top = searcher.search(all.build(), limit, BY_OBSERVATIONS);
    StoredFields stored = searcher.storedFields();
    List<Integer> out = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      TaxonDoc doc = parsed(stored, sd.doc);
      // the words may come from different names of the taxon: one name must hold them all
      for (TaxonFields.Name n : doc.names()) {
        if (new java.util.HashSet<>(NameAnalysis.words(n.name())).containsAll(words)) {
          out.add(doc.id());
          break;
        }
      }
    }
    return out;
  }

  private List<Hit> fuzzy(List<String> words, String locale, int limit) throws IOException {
    BooleanQuery.Builder query = new BooleanQuery.Builder();
    for (String w : words) {
      int edits = NameMatcher.allowedEdits(w);
      Term term = new Term(TaxonFields.NAMES, gram(w));
      query.add(edits == 0 ? new TermQuery(term) : new FuzzyQuery(term, edits, 1), BooleanClause.Occur.FILTER);
    }
    TopFieldDocs top = searcher.search(query.build(), FUZZY_CANDIDATES, BY_OBSERVATIONS);
    StoredFields stored = searcher.storedFields();
    List<Scored> scored = new ArrayList<>();
    for (ScoreDoc sd : top.scoreDocs) {
      TaxonDoc doc = parsed(stored, sd.doc);
      Scored s = best(doc.names(), locale, n -> NameMatcher.fuzzyDistance(words, NameAnalysis.words(n.name())));
      if (s != null) {
        scored.add(new Scored(s.name(), s.cost(), s.preference(), doc));
      }
    }
    // fewest edits first; the candidates came in observation order and the sort is stable
    scored.sort(Comparator.comparingInt(Scored::cost));
    List<Hit> out = new ArrayList<>();
    for (Scored s : scored.subList(0, Math.min(limit, scored.size()))) {
      out.add(hit(s.doc(), s.name(), Match.FUZZY));
    }
    return out;
  }

  private interface Chooser {
    Scored choose(List<TaxonFields.Name> names);
  }

  private interface Cost {
    int of(TaxonFields.Name name);
  }

  private record Scored(TaxonFields.Name name, int cost, int preference, TaxonDoc doc) {}

  /** Runs a tier: hits in observation order, each checked by the chooser, until limit taxa are in. */
  private void collect(Query query, int window, Map<Integer, Hit> hits, int limit, Chooser chooser, Match match)
      throws IOException {
    StoredFields stored = searcher.storedFields();
    int from = 0;
    while (hits.size() < limit) {
      TopFieldDocs top = searcher.search(query, window, BY_OBSERVATIONS);
      for (int i = from; i < top.scoreDocs.length && hits.size() < limit; i++) {
        TaxonDoc doc = parsed(stored, top.scoreDocs[i].doc);
        int id = doc.id();
        if (hits.containsKey(id)) {
          continue;
        }
        Scored s = chooser.choose(doc.names());
        if (s != null) {
          hits.put(id, hit(doc, s.name(), match));
        }
      }
      if (top.scoreDocs.length < window || window >= MAX_WINDOW) {
        return;
      }
      from = window; // the words were found across different names of the same taxa: look further
      window = Math.min(window * 4, MAX_WINDOW);
    }
  }

  /** The name with the lowest cost (negative: no match), preferring the asked locale, then the scientific name. */
  private static Scored best(List<TaxonFields.Name> names, String locale, Cost cost) {
    Scored best = null;
    for (TaxonFields.Name n : names) {
      int c = cost.of(n);
      if (c < 0) {
        continue;
      }
      int preference = n.locale().equalsIgnoreCase(locale == null ? "" : locale) ? 0
          : TaxonFields.SCIENTIFIC.equals(n.locale()) ? 1 : 2;
      if (best == null || c < best.cost() || c == best.cost() && preference < best.preference()) {
        best = new Scored(n, c, preference, null);
      }
    }
    return best;
  }

  /** Racy on purpose: two threads may parse the same document; either result is the same immutable value. */
  private TaxonDoc parsed(StoredFields stored, int docId) throws IOException {
    TaxonDoc d = parsed[docId];
    if (d == null) {
      Document doc = stored.document(docId);
      d = new TaxonDoc(doc.getField(TaxonFields.ID).numericValue().intValue(),
          doc.getField(TaxonFields.OBSERVATIONS_COUNT).numericValue().longValue(), List.copyOf(names(doc)));
      parsed[docId] = d;
    }
    return d;
  }

  private static List<TaxonFields.Name> names(Document doc) {
    List<TaxonFields.Name> names = new ArrayList<>();
    for (IndexableField f : doc.getFields(TaxonFields.STORED_NAMES)) {
      String v = f.stringValue();
      int tab = v.indexOf('\t');
      names.add(new TaxonFields.Name(v.substring(0, tab), v.substring(tab + 1)));
    }
    return names;
  }

  private static Hit hit(TaxonDoc doc, TaxonFields.Name name, Match match) {
    return new Hit(doc.id(), name.name(), name.locale(), doc.observationsCount(), match);
  }

  /** A typed word as an indexed term: grams stop at MAX_GRAM characters. */
  private static String gram(String word) {
    return word.length() <= NameAnalysis.MAX_GRAM ? word : word.substring(0, NameAnalysis.MAX_GRAM);
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
