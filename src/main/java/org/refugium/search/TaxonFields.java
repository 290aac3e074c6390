package org.refugium.search;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.DoublePoint;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;

/**
 * The schema of the taxa index, in one place: field names and the document of one taxon. One document
 * per taxon; names are searched, ids come back, the API reads the rest from SQLite.
 */
public final class TaxonFields {

  /** Taxon id: IntPoint (lookup), stored, NumericDocValues (sort, fast read-back). */
  public static final String ID = "id";
  /** Scientific name, stored as given. */
  public static final String NAME = "name";
  /** rank (StringField, stored) and rank_level (DoublePoint, stored). */
  public static final String RANK = "rank";
  public static final String RANK_LEVEL = "rank_level";
  /** Parent id: IntPoint, stored. */
  public static final String PARENT_ID = "parent_id";
  /** "true"/"false": StringField, stored. */
  public static final String ACTIVE = "active";
  /** Every ancestor id, the taxon itself excluded: multi-valued IntPoint, for "taxa under X". */
  public static final String ANCESTOR_IDS = "ancestor_ids";
  /** Nearest iconic taxon: IntPoint, stored. */
  public static final String ICONIC_TAXON_ID = "iconic_taxon_id";
  /** Observations including descendants: NumericDocValues (ranking key), stored. */
  public static final String OBSERVATIONS_COUNT = "observations_count";
  /** Every name in every language, analyzed with edge n-grams: one term lookup per typed word. */
  public static final String NAMES = "names";
  /** Every name's whole folded words (no n-grams): for callers that want word, not prefix, matches. */
  public static final String NAMES_WORDS = "names_words";
  /** Every name's exact key (folded words joined by a space): StringField, for the "exact first" tier. */
  public static final String NAME_EXACT = "name_exact";
  /** Prefix of the per-locale name fields (name_sci, name_en, name_ru...), analyzed like {@link #NAMES}. */
  public static final String NAME_IN = "name_";
  /** Every name with its locale, stored as "locale\tname", to tell which name matched. */
  public static final String STORED_NAMES = "stored_names";

  /** Locale of the scientific name, as taxon_names uses it. */
  public static final String SCIENTIFIC = "sci";

  private TaxonFields() {}

  /** The field of one locale's names: "ru" → name_ru; odd characters are dropped so any locale is a field name. */
  public static String nameField(String locale) {
    return NAME_IN + locale.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "");
  }

  /** One vernacular (or scientific) name with its locale. */
  public record Name(String locale, String name) {}

  /** A row of taxa joined with its names. */
  public record TaxonRow(int id, Integer parentId, String rank, Double rankLevel, String name, boolean active,
      Integer iconicTaxonId, long observationsCount, int[] ancestorIds, List<Name> names) {}

  public static Document document(TaxonRow t) {
    Document d = new Document();
    d.add(new IntPoint(ID, t.id()));
    d.add(new StoredField(ID, t.id()));
    d.add(new NumericDocValuesField(ID, t.id()));
    d.add(new StoredField(NAME, t.name()));
    if (t.rank() != null) {
      d.add(new StringField(RANK, t.rank(), Field.Store.YES));
    }
    if (t.rankLevel() != null) {
      d.add(new DoublePoint(RANK_LEVEL, t.rankLevel()));
      d.add(new StoredField(RANK_LEVEL, t.rankLevel()));
    }
    if (t.parentId() != null) {
      d.add(new IntPoint(PARENT_ID, t.parentId()));
      d.add(new StoredField(PARENT_ID, t.parentId()));
    }
    d.add(new StringField(ACTIVE, Boolean.toString(t.active()), Field.Store.YES));
    for (int a : t.ancestorIds()) {
      d.add(new IntPoint(ANCESTOR_IDS, a));
    }
    if (t.iconicTaxonId() != null) {
      d.add(new IntPoint(ICONIC_TAXON_ID, t.iconicTaxonId()));
      d.add(new StoredField(ICONIC_TAXON_ID, t.iconicTaxonId()));
    }
    d.add(new NumericDocValuesField(OBSERVATIONS_COUNT, t.observationsCount()));
    d.add(new StoredField(OBSERVATIONS_COUNT, t.observationsCount()));
    Set<String> keys = new HashSet<>();
    addName(d, new Name(SCIENTIFIC, t.name()), keys);
    for (Name n : t.names()) {
      if (SCIENTIFIC.equals(n.locale()) && n.name().equals(t.name())) {
        continue; // taxon_names may repeat the scientific name; once is enough
      }
      addName(d, n, keys);
    }
    return d;
  }

  private static void addName(Document d, Name n, Set<String> exactKeys) {
    d.add(new TextField(NAMES, n.name(), Field.Store.NO));
    d.add(new TextField(NAMES_WORDS, n.name(), Field.Store.NO));
    d.add(new TextField(nameField(n.locale()), n.name(), Field.Store.NO));
    String key = NameAnalysis.exactKey(n.name());
    if (!key.isEmpty() && exactKeys.add(key)) {
      d.add(new StringField(NAME_EXACT, key, Field.Store.NO));
    }
    d.add(new StoredField(STORED_NAMES, n.locale() + "\t" + n.name()));
  }
}
