package org.refugium.search;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * Reads the observations index of one published snapshot: counts, pages of ids in order (any depth:
 * no 10,000 window), species counts and date histograms. Opened once per snapshot and shared by all
 * requests (IndexSearcher is thread-safe; the snapshot never changes, so there is nothing to refresh).
 */
public final class ObservationSearcher implements Closeable {

  /** Ways to order a page; every one ends on id so that pages never overlap or skip. */
  public enum Order {
    ID_ASC(false, null), ID_DESC(true, null), OBSERVED_ON_ASC(false, ObservationFields.OBSERVED_ON),
    OBSERVED_ON_DESC(true, ObservationFields.OBSERVED_ON);

    private final Sort sort;

    Order(boolean reverse, String field) {
      SortField id = new SortField(ObservationFields.ID, SortField.Type.LONG, reverse);
      if (field == null) {
        sort = new Sort(id);
      } else {
        // INT: the sort reads the field's IntPoint too, to skip segments that cannot compete
        SortField primary = new SortField(field, SortField.Type.INT, reverse);
        primary.setMissingValue(reverse ? Integer.MIN_VALUE : Integer.MAX_VALUE); // undated observations last
        sort = new Sort(primary, id);
      }
    }

    Sort sort() {
      return sort;
    }
  }

  public record TaxonCount(int taxonId, long count) {}

  /** Species counts: how many distinct taxa were counted (total_results), and the top ones. */
  public record SpeciesCounts(int taxa, List<TaxonCount> top) {}

  /** Hits fetched per round while paging deep: memory stays bounded whatever the offset. */
  static final int PAGE = 10_000;

  /** PAGE, except in tests that walk many rounds over a small index. */
  int pageSize = PAGE;

  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final TaxonDayPlace taxonDayPlace;

  private ObservationSearcher(DirectoryReader reader) {
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.taxonDayPlace = taxonDayPlace(reader);
  }

  /** The importer writes the encoding into the commit data with the field: no commit data, no field. */
  private static TaxonDayPlace taxonDayPlace(DirectoryReader reader) {
    try {
      return TaxonDayPlace.fromCommit(reader.getIndexCommit().getUserData());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static ObservationSearcher open(Path dir) throws IOException {
    ObservationSearcher searcher = new ObservationSearcher(DirectoryReader.open(FSDirectory.open(dir)));
    searcher.warm();
    return searcher;
  }

  /**
   * Puts the filter that every taxon page uses, photos=true (its photo grid), in the query cache. It is a points
   * range over nearly every document (photo_count has no doc values to check a few candidates with), so until Lucene
   * caches it, after its second use, each use reads the whole index's photo counts: 150 ms on 10M observations,
   * paid by the first taxon pages after a start or a snapshot switch. Two passes here, once per snapshot, instead.
   */
  private void warm() throws IOException {
    Query photos = ObservationQuery.photosQuery(true);
    for (int use = 0; use < 2; use++) {
      forEachLeaf(photos, (leaf, docs) -> {
        while (docs.nextDoc() != DocIdSetIterator.NO_MORE_DOCS) {
          // only the scorer matters: building it is what caches the filter's documents
        }
      });
    }
  }

  /** The index's {@link ObservationFields#TAXON_DAY_PLACE} encoding; null for snapshots imported before it. */
  public TaxonDayPlace taxonDayPlace() {
    return taxonDayPlace;
  }

  public IndexSearcher searcher() {
    return searcher;
  }

  public long count(Query query) throws IOException {
    return searcher.count(query);
  }

  /** The number of hits and one page of their ids. */
  public record Counted(long total, List<Long> ids) {}

  /**
   * {@link #count} and {@link #search} in one pass over the hits where counting would need a pass of its
   * own: a filtered query (taxon + box + dates) cost two, the count and the sorted page, ~60% of an
   * /observations request's CPU on 10M observations. When the index can count without visiting the hits
   * (one term, one point range, everything) the count is taken that way and the page search may skip.
   */
  public Counted searchCounted(Query query, Order order, long offset, int limit) throws IOException {
    long cheap = countWithoutVisiting(query);
    if (cheap >= 0 || limit <= 0 || offset + limit > pageSize) { // deep pages walk in rounds anyway
      long total = cheap >= 0 ? cheap : searcher.count(query);
      return new Counted(total, limit <= 0 || offset >= total ? List.of() : search(query, order, offset, limit));
    }
    TopFieldDocs top = searcher.search(query,
        new TopFieldCollectorManager(order.sort(), (int) (offset + limit), null, Integer.MAX_VALUE));
    List<Long> ids = new ArrayList<>(limit);
    for (int i = (int) offset; i < top.scoreDocs.length; i++) {
      FieldDoc fd = (FieldDoc) top.scoreDocs[i];
      ids.add((Long) fd.fields[fd.fields.length - 1]); // the id: every order ends on it
    }
    return new Counted(top.totalHits.value(), ids);
  }

  /** The hit count when every segment knows it from its index structures alone, else -1. */
  private long countWithoutVisiting(Query query) throws IOException {
    Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    long total = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      int n = weight.count(leaf);
      if (n < 0) {
        return -1;
      }
      total += n;
    }
    return total;
  }

  /**
   * Ids of the hits from {@code offset} on, at most {@code limit}, in order. Deep offsets walk with
   * searchAfter in rounds of {@value #PAGE}; a client paging by id_above (pyinaturalist) never needs to.
   */
  public List<Long> search(Query query, Order order, long offset, int limit) throws IOException {
    if (order == Order.ID_DESC && offset + limit <= pageSize) {
      return newest(query, (int) offset, limit);
    }
    List<Long> ids = new ArrayList<>(Math.max(0, Math.min(limit, PAGE)));
    long skip = offset;
    FieldDoc after = null;
    while (ids.size() < limit) {
      int want = (int) Math.min(pageSize, skip + limit - ids.size());
      TopFieldDocs top = after == null ? searcher.search(query, want, order.sort(), false)
          : searcher.searchAfter(after, query, want, order.sort(), false);
      int n = top.scoreDocs.length;
      for (int i = (int) Math.min(skip, n); i < n && ids.size() < limit; i++) {
        FieldDoc fd = (FieldDoc) top.scoreDocs[i];
        ids.add((Long) fd.fields[fd.fields.length - 1]); // the id: every order ends on it
      }
      skip = Math.max(0, skip - n);
      if (n < want) {
        break;
      }
      after = (FieldDoc) top.scoreDocs[n - 1];
    }
    return ids;
  }

  /**
   * The first page newest first (id descending: the API's and the pages' default order) without visiting the older
   * hits. Lucene skips documents that cannot compete by the id's points only once the best hits are behind it, and
   * segments hold ids in ascending order, so a descending sort scanned nearly every hit of the first segment (the
   * home page: 350 ms over 10M observations). Instead this searches the highest ids first, in a window that grows
   * 16-fold until it holds offset+limit hits: every hit outside the window has a lower id than every hit inside it,
   * so the page is the one the plain sort finds.
   */
  private List<Long> newest(Query query, int offset, int limit) throws IOException {
    int want = offset + limit;
    byte[] lowest = PointValues.getMinPackedValue(reader, ObservationFields.ID);
    if (lowest == null || want == 0) {
      return List.of();
    }
    long min = LongPoint.decodeDimension(lowest, 0);
    long max = LongPoint.decodeDimension(PointValues.getMaxPackedValue(reader, ObservationFields.ID), 0);
    double span = (double) max - min + 1;
    // enough ids for 4 times the page if every document matched; a filter that matches few grows it
    long window = (long) Math.max(want, Math.min(span, 4.0 * want * span / Math.max(1, reader.maxDoc())));
    while (true) {
      boolean whole = window >= span;
      Query windowed = whole ? query : new BooleanQuery.Builder().add(query, BooleanClause.Occur.FILTER)
          .add(LongPoint.newRangeQuery(ObservationFields.ID, max - window + 1, max), BooleanClause.Occur.FILTER).build();
      TopFieldDocs top = searcher.search(windowed, want, Order.ID_DESC.sort(), false);
      if (whole || top.scoreDocs.length >= want) {
        List<Long> ids = new ArrayList<>(limit);
        for (int i = offset; i < top.scoreDocs.length; i++) {
          FieldDoc fd = (FieldDoc) top.scoreDocs[i];
          ids.add((Long) fd.fields[0]);
        }
        return ids;
      }
      window = (long) Math.min(span, window * 16.0);
    }
  }

  /**
   * Observations per taxon among the hits, most observed first, ties by taxon id. With a tree (as
   * /observations/species_counts), a taxon that is an ancestor of another counted taxon is left out.
   */
  public SpeciesCounts speciesCounts(Query query, int limit, org.refugium.archive.TaxonTree leavesIn)
      throws IOException {
    IntCounts counts = new IntCounts();
    forEachLeaf(query, (leaf, docs) -> {
      NumericDocValues taxon = DocValues.getNumeric(leaf.reader(), ObservationFields.TAXON_ID);
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (taxon.advanceExact(doc)) {
          counts.add((int) taxon.longValue(), 1);
        }
      }
    });
    IntCounts ancestors = new IntCounts();
    if (leavesIn != null) {
      int[] path = org.refugium.archive.TaxonTree.pathBuffer();
      counts.forEach((id, n) -> {
        int depth = leavesIn.selfAndAncestors(id, path);
        for (int i = 1; i < depth; i++) {
          ancestors.add(path[i], 1);
        }
      });
    }
    List<TaxonCount> all = new ArrayList<>();
    counts.forEach((id, n) -> {
      if (!ancestors.contains(id)) {
        all.add(new TaxonCount(id, n));
      }
    });
    all.sort(Comparator.comparingLong(TaxonCount::count).reversed().thenComparingInt(TaxonCount::taxonId));
    return new SpeciesCounts(all.size(), List.copyOf(all.subList(0, Math.min(Math.max(limit, 0), all.size()))));
  }

  /** Hits per interval of observed_on; undated observations are not counted. */
  public Map<String, Long> histogram(Query query, Histogram interval) throws IOException {
    IntCounts perDay = new IntCounts();
    forEachLeaf(query, (leaf, docs) -> {
      NumericDocValues day = DocValues.getNumeric(leaf.reader(), ObservationFields.OBSERVED_ON);
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (day.advanceExact(doc)) {
          perDay.add((int) day.longValue(), 1);
        }
      }
    });
    return interval.bucket(perDay);
  }

  /**
   * The summary a taxon page shows of the hits ({@link ObservationSummary}), in two passes over their doc values:
   * the second counts the map's cells, whose size follows the first pass's bounds and total.
   *
   * @param speciesOf a taxon id to its species, -1 when it has none (for the top observers' species counts)
   */
  public ObservationSummary summary(Query query, java.util.function.IntUnaryOperator speciesOf) throws IOException {
    SummaryBuilder summary = new SummaryBuilder();
    BytesRef research = new BytesRef("research");
    forEachLeaf(query, (leaf, docs) -> {
      NumericDocValues observer = DocValues.getNumeric(leaf.reader(), ObservationFields.OBSERVER_ID);
      NumericDocValues day = DocValues.getNumeric(leaf.reader(), ObservationFields.OBSERVED_ON);
      SortedDocValues grade = DocValues.getSorted(leaf.reader(), ObservationFields.QUALITY_GRADE);
      SortedNumericDocValues location = DocValues.getSortedNumeric(leaf.reader(), ObservationFields.LOCATION);
      int researchOrd = grade.lookupTerm(research); // negative when no document of the segment is research grade
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        int year = 0;
        int month = 0;
        if (day.advanceExact(doc)) {
          LocalDate d = LocalDate.ofEpochDay(day.longValue());
          year = d.getYear();
          month = d.getMonthValue();
        }
        boolean isResearch = researchOrd >= 0 && grade.advanceExact(doc) && grade.ordValue() == researchOrd;
        boolean located = location.advanceExact(doc);
        long latLng = located ? location.nextValue() : 0;
        summary.count(observer.advanceExact(doc) ? (int) observer.longValue() : SummaryBuilder.NO_OBSERVER, year, month,
            isResearch, located, (int) (latLng >> 32), (int) latLng);
      }
    });
    summary.startPlacing();
    forEachLeaf(query, (leaf, docs) -> {
      NumericDocValues observer = DocValues.getNumeric(leaf.reader(), ObservationFields.OBSERVER_ID);
      NumericDocValues taxon = DocValues.getNumeric(leaf.reader(), ObservationFields.TAXON_ID);
      SortedNumericDocValues location = DocValues.getSortedNumeric(leaf.reader(), ObservationFields.LOCATION);
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        boolean located = location.advanceExact(doc);
        long latLng = located ? location.nextValue() : 0;
        summary.place(observer.advanceExact(doc) ? (int) observer.longValue() : SummaryBuilder.NO_OBSERVER,
            taxon.advanceExact(doc) ? speciesOf.applyAsInt((int) taxon.longValue()) : -1, located, (int) (latLng >> 32),
            (int) latLng);
      }
    });
    return summary.build();
  }

  /** Receives two doc values of each hit; a value the document lacks arrives as {@link #MISSING}. */
  public interface PairConsumer {
    void accept(long a, long b);
  }

  public static final long MISSING = Long.MIN_VALUE;

  /**
   * Streams two numeric doc values of every hit, in index order: the primitive behind per-observer and
   * per-day aggregations, which the API shapes. Costs a doc-values read per hit, no stored fields.
   */
  public void forEachHit(Query query, String fieldA, String fieldB, PairConsumer consumer) throws IOException {
    forEachLeaf(query, (leaf, docs) -> {
      NumericDocValues a = DocValues.getNumeric(leaf.reader(), fieldA);
      NumericDocValues b = DocValues.getNumeric(leaf.reader(), fieldB);
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        long va = a.advanceExact(doc) ? a.longValue() : MISSING;
        long vb = b.advanceExact(doc) ? b.longValue() : MISSING;
        consumer.accept(va, vb);
      }
    });
  }

  /** Receives the coordinates of each hit that has some. */
  public interface LocationConsumer {
    void accept(double lat, double lng);
  }

  /** Streams the coordinates of every hit with a location, from doc values (maps, bounds). */
  public void forEachLocation(Query query, LocationConsumer consumer) throws IOException {
    forEachLeaf(query, (leaf, docs) -> {
      SortedNumericDocValues location = DocValues.getSortedNumeric(leaf.reader(), ObservationFields.LOCATION);
      for (int doc = docs.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = docs.nextDoc()) {
        if (location.advanceExact(doc)) {
          long encoded = location.nextValue();
          consumer.accept(org.apache.lucene.geo.GeoEncodingUtils.decodeLatitude((int) (encoded >> 32)),
              org.apache.lucene.geo.GeoEncodingUtils.decodeLongitude((int) encoded));
        }
      }
    });
  }

  /** The box around the hits' coordinates as {minLat, minLng, maxLat, maxLng}; null when none has any. */
  public double[] bounds(Query query) throws IOException {
    double[] box = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    forEachLocation(query, (lat, lng) -> {
      box[0] = Math.min(box[0], lat);
      box[1] = Math.min(box[1], lng);
      box[2] = Math.max(box[2], lat);
      box[3] = Math.max(box[3], lng);
    });
    return box[0] == Double.POSITIVE_INFINITY ? null : box;
  }

  /**
   * A page in a random order that is stable for one seed: hits sorted by a hash of (id, seed), so the
   * same seed pages consistently and every hit is as likely to come first.
   */
  public List<Long> searchRandom(Query query, long seed, long offset, int limit) throws IOException {
    long keep = offset + limit; // only the first offset+limit keys in hash order matter: a bounded max-heap
    java.util.PriorityQueue<long[]> heap = new java.util.PriorityQueue<>(
        (x, y) -> Long.compare(y[0], x[0]));
    forEachHit(query, ObservationFields.ID, ObservationFields.ID, (id, unused) -> {
      long key = mix(id ^ seed);
      if (heap.size() < keep) {
        heap.add(new long[] {key, id});
      } else if (key < heap.peek()[0]) {
        heap.poll();
        heap.add(new long[] {key, id});
      }
    });
    List<long[]> ordered = new ArrayList<>(heap);
    ordered.sort(Comparator.comparingLong(k -> k[0]));
    List<Long> ids = new ArrayList<>();
    for (long i = offset; i < ordered.size() && ids.size() < limit; i++) {
      ids.add(ordered.get((int) i)[1]);
    }
    return ids;
  }

  /** SplitMix64's finaliser: a cheap, well-spread 64-bit hash. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private interface LeafVisitor {
    void visit(LeafReaderContext leaf, DocIdSetIterator docs) throws IOException;
  }

  /** Visits the live matching docs of each segment in doc order, without scoring or collecting top hits. */
  private void forEachLeaf(Query query, LeafVisitor visitor) throws IOException {
    Weight weight = searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : reader.leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      DocIdSetIterator docs = scorer.iterator();
      Bits live = leaf.reader().getLiveDocs();
      visitor.visit(leaf, live == null ? docs : new LiveDocs(docs, live));
    }
  }

  /** Skips deleted documents (a snapshot's index has none, but a reader must not assume it). */
  private static final class LiveDocs extends DocIdSetIterator {
    private final DocIdSetIterator in;
    private final Bits live;

    LiveDocs(DocIdSetIterator in, Bits live) {
      this.in = in;
      this.live = live;
    }

    @Override
    public int docID() {
      return in.docID();
    }

    @Override
    public int nextDoc() throws IOException {
      int d = in.nextDoc();
      while (d != NO_MORE_DOCS && !live.get(d)) {
        d = in.nextDoc();
      }
      return d;
    }

    @Override
    public int advance(int target) throws IOException {
      int d = in.advance(target);
      while (d != NO_MORE_DOCS && !live.get(d)) {
        d = in.nextDoc();
      }
      return d;
    }

    @Override
    public long cost() {
      return in.cost();
    }
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
