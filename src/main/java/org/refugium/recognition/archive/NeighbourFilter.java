package org.refugium.recognition.archive;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LatLonPoint;
import org.apache.lucene.document.LongField;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.util.BytesRef;

/**
 * What archived photos may be neighbours: a clade, a box or circle, months (a season, which may
 * wrap past December), a date range, quality grades (research only by default: the archive's
 * identifications that the community agreed on) and an observation to leave out (the photo being
 * identified, when it is itself archived). Every part is a Lucene filter applied inside the HNSW
 * search ({@code KnnFloatVectorQuery} with a filter), so the k results all satisfy it.
 *
 * @param months 1..12; empty = any
 * @param grades empty = any
 */
public record NeighbourFilter(Integer taxonId, double[] box, double[] circle, Set<Integer> months,
    LocalDate from, LocalDate to, Set<String> grades, Long excludeObservation) {

  public static final Set<String> RESEARCH = Set.of("research");

  /** Research grade, anywhere, any time. */
  public static NeighbourFilter research() {
    return new NeighbourFilter(null, null, null, Set.of(), null, null, RESEARCH, null);
  }

  public NeighbourFilter withTaxon(Integer id) {
    return new NeighbourFilter(id, box, circle, months, from, to, grades, excludeObservation);
  }

  /** swlat, swlng, nelat, nelng. */
  public NeighbourFilter withBox(double swlat, double swlng, double nelat, double nelng) {
    return new NeighbourFilter(taxonId, new double[] {swlat, swlng, nelat, nelng}, circle, months,
        from, to, grades, excludeObservation);
  }

  public NeighbourFilter withCircle(double lat, double lng, double radiusKm) {
    return new NeighbourFilter(taxonId, box, new double[] {lat, lng, radiusKm}, months, from, to,
        grades, excludeObservation);
  }

  public NeighbourFilter withMonths(Set<Integer> m) {
    return new NeighbourFilter(taxonId, box, circle, m, from, to, grades, excludeObservation);
  }

  /** The month and {@code spread} months either side, wrapping (December's season has January). */
  public NeighbourFilter withSeason(int month, int spread) {
    Set<Integer> m = new TreeSet<>();
    for (int d = -spread; d <= spread; d++) {
      m.add(Math.floorMod(month - 1 + d, 12) + 1);
    }
    return withMonths(m);
  }

  public NeighbourFilter withDates(LocalDate start, LocalDate end) {
    return new NeighbourFilter(taxonId, box, circle, months, start, end, grades,
        excludeObservation);
  }

  public NeighbourFilter withGrades(Set<String> g) {
    return new NeighbourFilter(taxonId, box, circle, months, from, to, g, excludeObservation);
  }

  public NeighbourFilter excluding(Long observationId) {
    return new NeighbourFilter(taxonId, box, circle, months, from, to, grades, observationId);
  }

  /** The Lucene filter (MatchAllDocs when nothing restricts). */
  public Query toQuery() {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    boolean any = false;
    if (taxonId != null) {
      b.add(IntField.newExactQuery(VectorFields.TAXON_PATH, taxonId), BooleanClause.Occur.FILTER);
      any = true;
    }
    if (box != null) {
      b.add(LatLonPoint.newBoxQuery(VectorFields.LOCATION, box[0], box[2], box[1], box[3]),
          BooleanClause.Occur.FILTER);
      any = true;
    }
    if (circle != null) {
      b.add(LatLonPoint.newDistanceQuery(VectorFields.LOCATION, circle[0], circle[1],
          circle[2] * 1000), BooleanClause.Occur.FILTER);
      any = true;
    }
    if (months != null && !months.isEmpty() && months.size() < 12) {
      b.add(IntField.newSetQuery(VectorFields.MONTH,
          months.stream().mapToInt(Integer::intValue).toArray()), BooleanClause.Occur.FILTER);
      any = true;
    }
    if (from != null || to != null) {
      int lo = from == null ? Integer.MIN_VALUE : (int) from.toEpochDay();
      int hi = to == null ? Integer.MAX_VALUE : (int) to.toEpochDay();
      b.add(IntField.newRangeQuery(VectorFields.DAY, lo, hi), BooleanClause.Occur.FILTER);
      any = true;
    }
    if (grades != null && !grades.isEmpty()) {
      List<BytesRef> terms = grades.stream().map(BytesRef::new).toList();
      b.add(new TermInSetQuery(VectorFields.QUALITY, terms), BooleanClause.Occur.FILTER);
      any = true;
    }
    if (excludeObservation != null) {
      b.add(LongField.newExactQuery(VectorFields.OBSERVATION_ID, excludeObservation),
          BooleanClause.Occur.MUST_NOT);
    }
    if (!any) {
      b.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

}
