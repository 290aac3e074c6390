package org.refugium.api.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.refugium.search.ObservationFields;
import org.refugium.search.ObservationQuery;
import org.refugium.search.ObservationSummary;
import org.refugium.search.ObservationSearcher;

/** {@link ObservationIndex} over the snapshot's Lucene observations index: what serves at every scale. */
final class LuceneObservationIndex implements ObservationIndex {

  private final ObservationSearcher searcher;
  private final TaxonCatalog taxa;

  private LuceneObservationIndex(ObservationSearcher searcher, TaxonCatalog taxa) {
    this.searcher = searcher;
    this.taxa = taxa;
  }

  static LuceneObservationIndex open(Path dir, TaxonCatalog taxa) throws IOException {
    return new LuceneObservationIndex(ObservationSearcher.open(dir), taxa);
  }

  @Override
  public long count(ObservationFilter filter) {
    return io(() -> searcher.count(query(filter)));
  }

  @Override
  public List<Long> search(ObservationFilter filter, ObservationSort sort, int offset, int limit) {
    Query q = query(filter);
    return io(() -> switch (sort.field()) {
      case RANDOM -> searcher.searchRandom(q, sort.seed(), offset, limit);
      case ID -> searcher.search(q, sort.ascending() ? ObservationSearcher.Order.ID_ASC
          : ObservationSearcher.Order.ID_DESC, offset, limit);
      case OBSERVED_ON -> searcher.search(q, sort.ascending() ? ObservationSearcher.Order.OBSERVED_ON_ASC
          : ObservationSearcher.Order.OBSERVED_ON_DESC, offset, limit);
    });
  }

  @Override
  public List<Count> taxonCounts(ObservationFilter filter) {
    var counts = io(() -> searcher.speciesCounts(query(filter), Integer.MAX_VALUE, null));
    return counts.top().stream().map(c -> new Count(c.taxonId(), c.count())).toList();
  }

  @Override
  public List<ObserverCount> observers(ObservationFilter filter) {
    Map<Integer, long[]> observations = new HashMap<>();
    Map<Integer, Set<Integer>> species = new HashMap<>();
    io(() -> {
      searcher.forEachHit(query(filter), ObservationFields.OBSERVER_ID, ObservationFields.TAXON_ID, (user, taxon) -> {
        if (user == ObservationSearcher.MISSING) {
          return;
        }
        observations.computeIfAbsent((int) user, k -> new long[1])[0]++;
        int sp = taxon == ObservationSearcher.MISSING ? -1 : taxa.speciesOf((int) taxon);
        if (sp >= 0) {
          species.computeIfAbsent((int) user, k -> new HashSet<>()).add(sp);
        }
      });
      return null;
    });
    List<ObserverCount> result = new ArrayList<>();
    observations.forEach((user, n) -> result.add(
        new ObserverCount(user, n[0], species.getOrDefault(user, Set.of()).size())));
    result.sort((a, b) -> a.observations() != b.observations() ? Long.compare(b.observations(), a.observations())
        : Integer.compare(a.userId(), b.userId()));
    return result;
  }

  @Override
  public Map<Integer, Long> countsByDay(ObservationFilter filter) {
    Map<Integer, Long> days = new HashMap<>();
    io(() -> {
      searcher.forEachHit(query(filter), ObservationFields.OBSERVED_ON, ObservationFields.OBSERVED_ON, (day, unused) -> {
        if (day != ObservationSearcher.MISSING) {
          days.merge((int) day, 1L, Long::sum);
        }
      });
      return null;
    });
    return days;
  }

  @Override
  public Optional<ObservationFilter.BoundingBox> bounds(ObservationFilter filter) {
    double[] b = io(() -> searcher.bounds(query(filter)));
    return b == null ? Optional.empty() : Optional.of(new ObservationFilter.BoundingBox(b[0], b[1], b[2], b[3]));
  }

  @Override
  public ObservationSummary summary(ObservationFilter filter) {
    return io(() -> searcher.summary(query(filter), taxa::speciesOf));
  }

  /** The filter as one Lucene query; rank filters become the set of taxa of those ranks. */
  Query query(ObservationFilter f) {
    if ((f.idAbove() != null && f.idAbove() == Long.MAX_VALUE) || (f.idBelow() != null && f.idBelow() == Long.MIN_VALUE)
        || (f.qTaxonIds() != null && f.qTaxonIds().isEmpty())) {
      return new MatchNoDocsQuery();
    }
    ObservationQuery q = ObservationQuery.builder(taxa.tree());
    if (ObservationFilter.set(f.taxonIds())) {
      q.taxa(f.taxonIds());
    }
    if (f.qTaxonIds() != null) {
      q.taxa(f.qTaxonIds());
    }
    if (ObservationFilter.set(f.exactTaxonIds())) {
      q.exactTaxa(f.exactTaxonIds());
    }
    if (ObservationFilter.set(f.withoutTaxonIds())) {
      q.withoutTaxa(f.withoutTaxonIds());
    }
    if (ObservationFilter.set(f.ranks()) || f.hrankLevel() != null || f.lrankLevel() != null) {
      List<Integer> ofRank = taxa.idsWithRank(f.ranks(), f.hrankLevel(), f.lrankLevel());
      if (ofRank.isEmpty()) {
        return new MatchNoDocsQuery();
      }
      q.exactTaxa(ofRank);
    }
    if (ObservationFilter.set(f.userIds())) {
      q.observers(f.userIds());
    }
    if (f.box() != null) {
      q.boundingBox(f.box().swlat(), f.box().swlng(), f.box().nelat(), f.box().nelng());
    }
    if (f.circle() != null) {
      q.circle(f.circle().lat(), f.circle().lng(), f.circle().radiusKm());
    }
    q.observedBetween(f.d1(), f.d2());
    if (f.observedOn() != null) {
      q.observedOn(f.observedOn());
    }
    if (ObservationFilter.set(f.years())) {
      q.years(f.years());
    }
    if (ObservationFilter.set(f.months())) {
      q.months(f.months());
    }
    if (ObservationFilter.set(f.days())) {
      q.days(f.days());
    }
    if (f.qualityGrades() != null && !f.qualityGrades().isEmpty()) {
      q.qualityGrades(f.qualityGrades());
    }
    if (f.photos() != null) {
      q.hasPhotos(f.photos());
    }
    if (f.photoLicenses() != null && !f.photoLicenses().isEmpty()) {
      q.photoLicenses(f.photoLicenses());
    }
    if (ObservationFilter.set(f.projectIds())) {
      q.projects(f.projectIds());
    }
    if (ObservationFilter.set(f.ids())) {
      q.filter(LongPoint.newSetQuery(ObservationFields.ID, f.ids().stream().mapToLong(Long::longValue).toArray()));
    }
    if (f.idAbove() != null) {
      q.idAbove(f.idAbove());
    }
    if (f.idBelow() != null) {
      q.idBelow(f.idBelow());
    }
    return q.build();
  }

  private interface IoCall<T> {
    T call() throws IOException;
  }

  private static <T> T io(IoCall<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    searcher.close();
  }
}
