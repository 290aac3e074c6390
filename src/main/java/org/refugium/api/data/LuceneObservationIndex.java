package org.refugium.api.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.MatchNoDocsQuery;
import org.apache.lucene.search.Query;
import org.refugium.search.IntCounts;
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
  public Hits page(ObservationFilter filter, ObservationSort sort, int offset, int limit) {
    if (sort.field() == ObservationSort.Field.RANDOM) {
      long total = count(filter);
      return new Hits(total, limit <= 0 || offset >= total ? List.of() : search(filter, sort, offset, limit));
    }
    Query q = query(filter);
    ObservationSearcher.Order order = switch (sort.field()) {
      case ID -> sort.ascending() ? ObservationSearcher.Order.ID_ASC : ObservationSearcher.Order.ID_DESC;
      default -> sort.ascending() ? ObservationSearcher.Order.OBSERVED_ON_ASC : ObservationSearcher.Order.OBSERVED_ON_DESC;
    };
    ObservationSearcher.Counted counted = io(() -> searcher.searchCounted(q, order, offset, limit));
    return new Hits(counted.total(), counted.ids());
  }

  @Override
  public List<Count> taxonCounts(ObservationFilter filter) {
    var counts = io(() -> searcher.speciesCounts(query(filter), Integer.MAX_VALUE, null));
    return counts.top().stream().map(c -> new Count(c.taxonId(), c.count())).toList();
  }

  /**
   * Primitive counts per hit (a family has ~500k): observations per observer in an int map, species per observer by
   * sorting (observer, species) pairs, 8 bytes a hit, instead of a boxed set per observer.
   */
  @Override
  public List<ObserverCount> observers(ObservationFilter filter) {
    IntCounts observations = new IntCounts();
    long[][] pairs = {new long[1024]};
    int[] paired = {0};
    io(() -> {
      searcher.forEachHit(query(filter), ObservationFields.OBSERVER_ID, ObservationFields.TAXON_ID, (user, taxon) -> {
        if (user == ObservationSearcher.MISSING) {
          return;
        }
        observations.add((int) user, 1);
        int sp = taxon == ObservationSearcher.MISSING ? -1 : taxa.speciesOf((int) taxon);
        if (sp >= 0) {
          if (paired[0] == pairs[0].length) {
            pairs[0] = Arrays.copyOf(pairs[0], paired[0] * 2);
          }
          pairs[0][paired[0]++] = (long) (int) user << 32 | sp;
        }
      });
      return null;
    });
    long[] sorted = pairs[0];
    Arrays.sort(sorted, 0, paired[0]);
    IntCounts species = new IntCounts();
    for (int i = 0; i < paired[0]; i++) {
      if (i == 0 || sorted[i] != sorted[i - 1]) {
        species.add((int) (sorted[i] >> 32), 1);
      }
    }
    List<ObserverCount> result = new ArrayList<>(observations.size());
    observations.forEach((user, n) -> result.add(new ObserverCount(user, n, species.get(user))));
    result.sort((a, b) -> a.observations() != b.observations() ? Long.compare(b.observations(), a.observations())
        : Integer.compare(a.userId(), b.userId()));
    return result;
  }

  @Override
  public Map<Integer, Long> countsByDay(ObservationFilter filter, DateField field) {
    IntCounts days = new IntCounts();
    String docValues = field == DateField.CREATED ? ObservationFields.CREATED_ON : ObservationFields.OBSERVED_ON;
    io(() -> {
      searcher.forEachHit(query(filter), docValues, docValues, (day, unused) -> {
        if (day != ObservationSearcher.MISSING) {
          days.add((int) day, 1);
        }
      });
      return null;
    });
    Map<Integer, Long> out = new HashMap<>(days.size() * 2);
    days.forEach(out::put); // a few thousand distinct days, boxed once each instead of once per hit
    return out;
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

  /**
   * The filter as one Lucene query; rank filters become the set of taxa of those ranks. A positive filter given as an
   * empty list or set matches nothing (verifiable=true&quality_grade=casual has no grade left): only null means "no
   * constraint" (ObservationFilter's contract).
   */
  Query query(ObservationFilter f) {
    if ((f.idAbove() != null && f.idAbove() == Long.MAX_VALUE) || (f.idBelow() != null && f.idBelow() == Long.MIN_VALUE)
        || leavesNothing(f)) {
      return new MatchNoDocsQuery();
    }
    ObservationQuery q = ObservationQuery.builder(taxa.tree()).withTaxonDayPlace(searcher.taxonDayPlace());
    if (f.taxonIds() != null) {
      q.taxa(f.taxonIds());
    }
    if (f.qTaxonIds() != null) {
      q.taxa(f.qTaxonIds());
    }
    if (f.exactTaxonIds() != null) {
      q.exactTaxa(f.exactTaxonIds());
    }
    if (ObservationFilter.set(f.withoutTaxonIds())) {
      q.withoutTaxa(f.withoutTaxonIds());
    }
    if (f.ranks() != null || f.hrankLevel() != null || f.lrankLevel() != null) {
      List<Integer> ofRank = taxa.idsWithRank(f.ranks(), f.hrankLevel(), f.lrankLevel());
      if (ofRank.isEmpty()) {
        return new MatchNoDocsQuery();
      }
      q.exactTaxa(ofRank);
    }
    if (f.userIds() != null) {
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
    if (f.years() != null) {
      q.years(f.years());
    }
    if (f.months() != null) {
      q.months(f.months());
    }
    if (f.days() != null) {
      q.days(f.days());
    }
    if (f.qualityGrades() != null) {
      q.qualityGrades(f.qualityGrades());
    }
    if (f.photos() != null) {
      q.hasPhotos(f.photos());
    }
    if (f.photoLicenses() != null) {
      q.photoLicenses(f.photoLicenses());
    }
    if (f.projectIds() != null) {
      q.projects(f.projectIds());
    }
    if (f.ids() != null) {
      q.filter(LongPoint.newSetQuery(ObservationFields.ID, f.ids().stream().mapToLong(Long::longValue).toArray()));
    }
    if (f.idAbove() != null) {
      q.idAbove(f.idAbove());
    }
    if (f.idBelow() != null) {
      q.idBelow(f.idBelow());
    }
    if (f.taxonNameIds() != null) {
      q.exactTaxa(f.taxonNameIds());
    }
    if (f.iconicTaxa() != null) {
      List<Integer> selected = new ArrayList<>();
      for (String name : f.iconicTaxa()) {
        if (!name.equals(IconicTaxa.UNKNOWN)) {
          selected.add(IconicTaxa.id(name));
        }
      }
      q.iconicTaxa(selected, f.iconicTaxa().contains(IconicTaxa.UNKNOWN), IconicTaxa.ids());
    }
    attributes(q, f.attributes());
    return q.build();
  }

  /** acc, geo, identified, taxon_is_active, photo_licensed, accuracy ranges, not_in_project, unobserved_by_user_id. */
  private void attributes(ObservationQuery q, ObservationFilter.Attributes a) {
    if (a.acc() != null) {
      q.hasAccuracy(a.acc());
    }
    if (a.geo() != null) {
      q.hasLocation(a.geo());
    }
    if (a.identified() != null) {
      q.hasTaxon(a.identified());
    }
    if (a.photoLicensed() != null) {
      q.hasPhotoLicense(a.photoLicensed());
    }
    if (a.accMin() != null || a.accMax() != null) {
      q.accuracy(a.accMin(), a.accMax(), a.accOrUnknown());
    }
    if (a.notInProjects() != null && !a.notInProjects().isEmpty()) {
      q.notInProjects(a.notInProjects());
    }
    if (a.notIds() != null && !a.notIds().isEmpty()) {
      q.notIds(a.notIds());
    }
    if (a.unobservedTaxonIds() != null && !a.unobservedTaxonIds().isEmpty()) {
      q.withoutExactTaxa(a.unobservedTaxonIds());
    }
    if (a.taxonIsActive() != null) {
      // iNaturalist's taxon.is_active term: observations without a taxon (or of one missing from taxa.csv) match
      // neither value
      q.hasTaxon(true);
      q.orphan(false);
      List<Integer> inactive = taxa.inactiveIds();
      if (a.taxonIsActive()) {
        if (!inactive.isEmpty()) {
          q.withoutExactTaxa(inactive);
        }
      } else {
        q.exactTaxa(inactive);
      }
    }
  }

  /** A positive filter with no value left: nothing can match (see {@link #query}). */
  private static boolean leavesNothing(ObservationFilter f) {
    return empty(f.taxonIds()) || empty(f.exactTaxonIds()) || empty(f.qTaxonIds()) || empty(f.ranks())
        || empty(f.userIds()) || empty(f.years()) || empty(f.months()) || empty(f.days())
        || (f.qualityGrades() != null && f.qualityGrades().isEmpty())
        || (f.photoLicenses() != null && f.photoLicenses().isEmpty()) || empty(f.projectIds()) || empty(f.ids())
        || empty(f.taxonNameIds()) || empty(f.iconicTaxa());
  }

  private static boolean empty(List<?> l) {
    return l != null && l.isEmpty();
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
