package org.refugium.search;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.document.LatLonDocValuesField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedNumericDocValuesField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexOrDocValuesQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.apache.lucene.util.BytesRef;
import org.refugium.archive.TaxonTree;

/**
 * Turns the filters of /v1/observations into one Lucene query over {@link ObservationFields}. Every
 * filter is a non-scoring clause; values within one filter are ORed, filters are ANDed, as iNaturalist
 * does. Parsing request parameters is the API's job; this takes typed values.
 */
public final class ObservationQuery {

  private final BooleanQuery.Builder query = new BooleanQuery.Builder();
  private final TaxonTree tree;
  private boolean positive;
  private boolean any;
  /** The index's {@link ObservationFields#TAXON_DAY_PLACE} encoding; null where it has none (imported before it). */
  private TaxonDayPlace taxonDayPlace;
  // The taxon subtree, day range and box of the filter, kept until build() so that two or more of them can become
  // one TAXON_DAY_PLACE range; null when not constrained (or when constrained in a way only the own fields express).
  private int[] subtree;
  private int[] days;
  private double[] box;

  private ObservationQuery(TaxonTree tree) {
    this.tree = tree;
  }

  /** A builder over the snapshot's taxon tree (its nested-set numbers resolve "and descendants"). */
  public static ObservationQuery builder(TaxonTree tree) {
    return new ObservationQuery(tree);
  }

  /**
   * Lets {@link #build} answer two or more of taxon, dates and box with the one {@link ObservationFields#TAXON_DAY_PLACE}
   * range, in the encoding of the index searched ({@link ObservationSearcher#taxonDayPlace()}; null: the own fields).
   */
  public ObservationQuery withTaxonDayPlace(TaxonDayPlace encoding) {
    this.taxonDayPlace = encoding;
    return this;
  }

  /** Observations of these taxa or any of their descendants (taxon_id in the API). */
  public ObservationQuery taxa(Collection<Integer> ids) {
    if (subtree == null && ids.size() == 1 && tree.left(ids.iterator().next()) > 0) {
      int id = ids.iterator().next();
      subtree = new int[] {tree.left(id), tree.right(id)};
      return constrained();
    }
    return filter(subtrees(ids));
  }

  /**
   * Each taxon's subtree as a range of nested-set numbers; a taxon the tree lacks (observations of a
   * taxon missing from taxa.csv) matches its own observations exactly.
   */
  private Query subtrees(Collection<Integer> ids) {
    List<Query> clauses = new java.util.ArrayList<>();
    List<Integer> unnumbered = new java.util.ArrayList<>();
    for (int id : ids) {
      int left = tree.left(id);
      if (left > 0) {
        clauses.add(subtree(left, tree.right(id)));
      } else {
        unnumbered.add(id);
      }
    }
    if (!unnumbered.isEmpty()) {
      clauses.add(IntPoint.newSetQuery(ObservationFields.TAXON_ID, ints(unnumbered)));
    }
    if (clauses.size() == 1) {
      return clauses.get(0); // the usual case, one taxon: its range can lead or verify, whichever is cheaper
    }
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    clauses.forEach(c -> any.add(c, Occur.SHOULD));
    return clauses.isEmpty() ? new org.apache.lucene.search.MatchNoDocsQuery() : any.build();
  }

  private static Query subtree(int left, int right) {
    return indexOrDocValues(IntPoint.newRangeQuery(ObservationFields.TAXON_TREE, left, right),
        NumericDocValuesField.newSlowRangeQuery(ObservationFields.TAXON_TREE, left, right));
  }

  /** Observations identified exactly as one of these taxa, descendants excluded. */
  public ObservationQuery exactTaxa(Collection<Integer> ids) {
    return filter(indexOrDocValues(IntPoint.newSetQuery(ObservationFields.TAXON_ID, ints(ids)),
        NumericDocValuesField.newSlowSetQuery(ObservationFields.TAXON_ID, longs(ids))));
  }

  /** Not these taxa nor their descendants (without_taxon_id). */
  public ObservationQuery withoutTaxa(Collection<Integer> ids) {
    return exclude(subtrees(ids));
  }

  public ObservationQuery observers(Collection<Integer> ids) {
    return filter(IntPoint.newSetQuery(ObservationFields.OBSERVER_ID, ints(ids)));
  }

  /** swlat/swlng/nelat/nelng; a box whose west edge is east of its east edge crosses the antimeridian. */
  public ObservationQuery boundingBox(double swLat, double swLng, double neLat, double neLng) {
    if (box == null && swLng <= neLng) { // one that crosses the antimeridian is two boxes: the own field's query
      box = new double[] {swLat, swLng, neLat, neLng};
      return constrained();
    }
    return filter(box(swLat, swLng, neLat, neLng));
  }

  private static Query box(double swLat, double swLng, double neLat, double neLng) {
    return indexOrDocValues(LatLonPoint.newBoxQuery(ObservationFields.LOCATION, swLat, neLat, swLng, neLng),
        LatLonDocValuesField.newSlowBoxQuery(ObservationFields.LOCATION, swLat, neLat, swLng, neLng));
  }

  /** lat/lng/radius, radius in kilometres as the API takes it. */
  public ObservationQuery circle(double lat, double lng, double radiusKm) {
    return filter(indexOrDocValues(LatLonPoint.newDistanceQuery(ObservationFields.LOCATION, lat, lng, radiusKm * 1000),
        LatLonDocValuesField.newSlowDistanceQuery(ObservationFields.LOCATION, lat, lng, radiusKm * 1000)));
  }

  /** d1/d2 on observed_on, both inclusive; either may be null (open). */
  public ObservationQuery observedBetween(LocalDate d1, LocalDate d2) {
    if (d1 == null && d2 == null) {
      return this;
    }
    // an open start is the most distant day that is not TaxonDayPlace.NONE: undated observations never match
    int from = d1 == null ? TaxonDayPlace.NONE + 1 : (int) d1.toEpochDay();
    int to = d2 == null ? Integer.MAX_VALUE : (int) d2.toEpochDay();
    if (days == null) {
      days = new int[] {from, to};
      return constrained();
    }
    return filter(observedBetween(from, to));
  }

  private static Query observedBetween(int from, int to) {
    return indexOrDocValues(IntPoint.newRangeQuery(ObservationFields.OBSERVED_ON, from, to),
        NumericDocValuesField.newSlowRangeQuery(ObservationFields.OBSERVED_ON, from, to));
  }

  public ObservationQuery observedOn(LocalDate day) {
    return filter(IntPoint.newExactQuery(ObservationFields.OBSERVED_ON, (int) day.toEpochDay()));
  }

  public ObservationQuery years(Collection<Integer> years) {
    return filter(IntPoint.newSetQuery(ObservationFields.YEAR, ints(years)));
  }

  public ObservationQuery months(Collection<Integer> months) {
    return filter(IntPoint.newSetQuery(ObservationFields.MONTH, ints(months)));
  }

  public ObservationQuery days(Collection<Integer> days) {
    return filter(IntPoint.newSetQuery(ObservationFields.DAY, ints(days)));
  }

  /** research / needs_id / casual (verifiable=true is research + needs_id). */
  public ObservationQuery qualityGrades(Collection<String> grades) {
    return filter(terms(ObservationFields.QUALITY_GRADE, grades.stream().toList()));
  }

  /** photos=true / photos=false. */
  public ObservationQuery hasPhotos(boolean photos) {
    return filter(photosQuery(photos));
  }

  static Query photosQuery(boolean photos) {
    return photos ? IntPoint.newRangeQuery(ObservationFields.PHOTO_COUNT, 1, Integer.MAX_VALUE)
        : IntPoint.newExactQuery(ObservationFields.PHOTO_COUNT, 0);
  }

  /** At least one photo under one of these licenses (case-insensitive: CC-BY-NC or cc-by-nc). */
  public ObservationQuery photoLicenses(Collection<String> licenses) {
    return filter(terms(ObservationFields.PHOTO_LICENSES,
        licenses.stream().map(ObservationFields::license).toList()));
  }

  public ObservationQuery projects(Collection<Integer> ids) {
    return filter(IntPoint.newSetQuery(ObservationFields.PROJECT_IDS, ints(ids)));
  }

  /**
   * Positional accuracy in metres within [min, max] (either null: open); {@code orUnknown} also lets observations
   * without an accuracy match (acc_below_or_unknown).
   */
  public ObservationQuery accuracy(Integer min, Integer max, boolean orUnknown) {
    int lo = min == null ? Integer.MIN_VALUE : min;
    int hi = max == null ? Integer.MAX_VALUE : max;
    Query range = indexOrDocValues(IntPoint.newRangeQuery(ObservationFields.POSITIONAL_ACCURACY, lo, hi),
        NumericDocValuesField.newSlowRangeQuery(ObservationFields.POSITIONAL_ACCURACY, lo, hi));
    if (!orUnknown) {
      return filter(range);
    }
    BooleanQuery.Builder either = new BooleanQuery.Builder();
    either.add(range, Occur.SHOULD);
    either.add(absent(ObservationFields.POSITIONAL_ACCURACY), Occur.SHOULD);
    return filter(either.build());
  }

  /** acc: a positional accuracy given (true) or not (false). */
  public ObservationQuery hasAccuracy(boolean present) {
    return present(new FieldExistsQuery(ObservationFields.POSITIONAL_ACCURACY), present);
  }

  /** geo: coordinates (true) or none (false). */
  public ObservationQuery hasLocation(boolean present) {
    return present(new FieldExistsQuery(ObservationFields.LOCATION), present);
  }

  /** identified: a taxon (true) or none (false). */
  public ObservationQuery hasTaxon(boolean present) {
    return present(new FieldExistsQuery(ObservationFields.TAXON_ID), present);
  }

  /** photo_licensed: at least one photo with a license (true) or none (false). */
  public ObservationQuery hasPhotoLicense(boolean present) {
    return present(new TermRangeQuery(ObservationFields.PHOTO_LICENSES, null, null, true, true), present);
  }

  /** not_in_project: in none of these projects. */
  public ObservationQuery notInProjects(Collection<Integer> ids) {
    return exclude(IntPoint.newSetQuery(ObservationFields.PROJECT_IDS, ints(ids)));
  }

  /** not_id: none of these observation ids. */
  public ObservationQuery notIds(Collection<Long> ids) {
    return exclude(LongPoint.newSetQuery(ObservationFields.ID, ids.stream().mapToLong(Long::longValue).toArray()));
  }

  /** Not identified exactly as one of these taxa (descendants still match): unobserved_by_user_id. */
  public ObservationQuery withoutExactTaxa(Collection<Integer> ids) {
    return exclude(IntPoint.newSetQuery(ObservationFields.TAXON_ID, ints(ids)));
  }

  /**
   * iconic_taxa: observations whose taxon's iconic taxon (its nearest iconic ancestor) is one of {@code selected};
   * {@code unknown} adds those with none (no taxon, or outside every iconic taxon). An iconic taxon's own subtree
   * minus the subtrees of the iconic taxa nested in it (Animalia minus Aves, Insecta ...) is exactly that set.
   */
  public ObservationQuery iconicTaxa(Collection<Integer> selected, boolean unknown, Collection<Integer> allIconic) {
    BooleanQuery.Builder any = new BooleanQuery.Builder();
    int clauses = 0;
    for (int x : selected) {
      int left = tree.left(x);
      if (left <= 0) {
        continue; // not in this snapshot's tree: nothing of it
      }
      int right = tree.right(x);
      BooleanQuery.Builder own = new BooleanQuery.Builder();
      own.add(subtree(left, right), Occur.FILTER);
      for (int y : allIconic) {
        int l = tree.left(y);
        if (y != x && l > left && l <= right) {
          own.add(subtree(l, tree.right(y)), Occur.MUST_NOT);
        }
      }
      any.add(own.build(), Occur.SHOULD);
      clauses++;
    }
    if (unknown) {
      BooleanQuery.Builder none = new BooleanQuery.Builder();
      none.add(new MatchAllDocsQuery(), Occur.FILTER);
      for (int y : allIconic) {
        if (tree.left(y) > 0) {
          none.add(subtree(tree.left(y), tree.right(y)), Occur.MUST_NOT);
        }
      }
      any.add(none.build(), Occur.SHOULD);
      clauses++;
    }
    return filter(clauses == 0 ? new MatchNoDocsQuery() : any.build());
  }

  private ObservationQuery present(Query exists, boolean present) {
    return present ? filter(exists) : exclude(exists);
  }

  private static Query absent(String field) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(new MatchAllDocsQuery(), Occur.FILTER);
    b.add(new FieldExistsQuery(field), Occur.MUST_NOT);
    return b.build();
  }

  /** id &gt; above (exclusive, as the API's id_above). */
  public ObservationQuery idAbove(long above) {
    return filter(indexOrDocValues(LongPoint.newRangeQuery(ObservationFields.ID, Math.addExact(above, 1), Long.MAX_VALUE),
        NumericDocValuesField.newSlowRangeQuery(ObservationFields.ID, Math.addExact(above, 1), Long.MAX_VALUE)));
  }

  /** id &lt; below (exclusive, as the API's id_below). */
  public ObservationQuery idBelow(long below) {
    return filter(indexOrDocValues(LongPoint.newRangeQuery(ObservationFields.ID, Long.MIN_VALUE, Math.subtractExact(below, 1)),
        NumericDocValuesField.newSlowRangeQuery(ObservationFields.ID, Long.MIN_VALUE, Math.subtractExact(below, 1))));
  }

  /** orphan=true: only observations whose taxon is missing from taxa.csv; false: none of them. */
  public ObservationQuery orphan(boolean orphan) {
    Query q = new TermQuery(new Term(ObservationFields.ORPHAN, ObservationFields.TRUE));
    return orphan ? filter(q) : exclude(q);
  }

  /** Any other clause the API needs, as a filter. */
  public ObservationQuery filter(Query q) {
    query.add(q, Occur.FILTER);
    return constrained();
  }

  private ObservationQuery constrained() {
    positive = true;
    any = true;
    return this;
  }

  public ObservationQuery exclude(Query q) {
    query.add(q, Occur.MUST_NOT);
    any = true;
    return this;
  }

  /** The query; all observations when no filter was given. */
  public Query build() {
    if (!any) {
      return new MatchAllDocsQuery();
    }
    addTaxonDayPlace();
    if (!positive) {
      query.add(new MatchAllDocsQuery(), Occur.FILTER); // a query of only exclusions matches nothing in Lucene
    }
    return query.build();
  }

  /**
   * The kept taxon, dates and box as clauses: one TAXON_DAY_PLACE range for all of them when two or more are set,
   * else each on its own field. The range is the points side of an IndexOrDocValuesQuery whose doc-values side checks
   * the own fields, so a more selective clause (an observer, a project) can still lead.
   */
  private void addTaxonDayPlace() {
    int set = (subtree != null ? 1 : 0) + (days != null ? 1 : 0) + (box != null ? 1 : 0);
    Query range = taxonDayPlace == null || set < 2 ? null : taxonDayPlace.range(subtree, days, box);
    if (range == null) {
      if (subtree != null) {
        query.add(subtree(subtree[0], subtree[1]), Occur.FILTER);
      }
      if (days != null) {
        query.add(observedBetween(days[0], days[1]), Occur.FILTER);
      }
      if (box != null) {
        query.add(box(box[0], box[1], box[2], box[3]), Occur.FILTER);
      }
      return;
    }
    BooleanQuery.Builder docValues = new BooleanQuery.Builder();
    if (subtree != null) {
      docValues.add(NumericDocValuesField.newSlowRangeQuery(ObservationFields.TAXON_TREE, subtree[0], subtree[1]),
          Occur.FILTER);
    }
    if (days != null) {
      docValues.add(NumericDocValuesField.newSlowRangeQuery(ObservationFields.OBSERVED_ON, days[0], days[1]),
          Occur.FILTER);
    }
    if (box != null) {
      docValues.add(LatLonDocValuesField.newSlowBoxQuery(ObservationFields.LOCATION, box[0], box[2], box[1], box[3]),
          Occur.FILTER);
    }
    query.add(indexOrDocValues(range, docValues.build()), Occur.FILTER);
  }

  /**
   * Points, or doc values when another clause leads. A point query alone materialises every match (a
   * three-year date range or a wide box: millions of documents) before the conjunction starts; with the
   * doc-values side Lucene can lead with the cheapest clause (usually the taxon) and only check the others
   * on its candidates. Measured on 10M observations: docs/benchmarks.md, API.
   */
  private static Query indexOrDocValues(Query points, Query docValues) {
    return new IndexOrDocValuesQuery(points, docValues);
  }

  private static long[] longs(Collection<Integer> ids) {
    return ids.stream().mapToLong(Integer::longValue).toArray();
  }

  private static Query terms(String field, List<String> values) {
    return new TermInSetQuery(field, values.stream().map(BytesRef::new).toList());
  }

  private static int[] ints(Collection<Integer> ids) {
    return ids.stream().mapToInt(Integer::intValue).toArray();
  }
}
