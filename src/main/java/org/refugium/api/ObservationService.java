package org.refugium.api;

import java.util.ArrayList;
import org.refugium.archive.StableIds;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationIndex;
import org.refugium.api.data.ObservationRow;
import org.refugium.api.data.Records;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.TaxonCatalog;
import org.refugium.api.data.TaxonIndex;
import org.refugium.api.view.ObservationView;
import org.refugium.api.view.Page;
import org.refugium.api.view.TaxonView;
import org.refugium.api.view.UserView;
import org.refugium.search.ObservationSummary;

/** The observation endpoints: the index finds and counts, SQLite supplies the rows, the views shape them. */
public final class ObservationService {

  /** How many taxa a q may stand for: the best name matches, each with its subtree. */
  private static final int Q_TAXA = 500;
  /** How many taxa a taxon_name may stand for, as iNaturalist's search for it. */
  private static final int TAXON_NAME_TAXA = 2000;

  private final ServedSnapshot snapshot;
  private final ApiConfig config;

  public ObservationService(ServedSnapshot snapshot, ApiConfig config) {
    this.snapshot = snapshot;
    this.config = config;
  }

  private ObservationViews views(String locale) {
    TaxonViews taxa = new TaxonViews(snapshot, config, locale);
    return new ObservationViews(taxa, new PhotoViews(config), new UserViews(snapshot));
  }

  /** Logins to ids and q to taxa; an unknown login or a q matching nothing matches no observation. */
  public ObservationFilter resolve(ObservationParams p) {
    ObservationFilter f = p.filter();
    if (!p.userLogins().isEmpty()) {
      List<Integer> ids = f.userIds() == null ? new ArrayList<>() : new ArrayList<>(f.userIds());
      for (String login : p.userLogins()) {
        ids.add(snapshot.db().with(db -> Records.observerByLogin(db, login)).map(Records.Observer::id).orElse(-1));
      }
      f = f.withUserIds(ids);
    }
    if (p.q() != null) {
      List<Integer> taxa = snapshot.taxonIndex().autocomplete(p.q(), p.locale(), Q_TAXA).stream()
          .map(TaxonIndex.Match::taxonId).toList();
      f = f.withQTaxonIds(taxa);
    }
    if (p.taxonName() != null) {
      // iNaturalist: active taxa with a name holding every word, at most 2,000, each exactly (no descendants)
      TaxonCatalog catalog = snapshot.taxa();
      List<Integer> named = snapshot.taxonIndex().withNameWords(p.taxonName(), TAXON_NAME_TAXA).stream()
          .filter(t -> catalog.contains(t) && catalog.active(t)).toList();
      f = f.withTaxonNameIds(named);
    }
    if (p.unobservedByUserId() != null) {
      // iNaturalist: leave out the taxa this user has observed, exactly (without_direct_taxon_id)
      ObservationFilter byUser = ObservationFilter.all().withUserIds(List.of(p.unobservedByUserId()));
      List<Integer> seen = snapshot.observations().taxonCounts(byUser).stream().map(c -> (int) c.key()).toList();
      f = f.withAttributes(f.attributes().withUnobservedTaxonIds(seen));
    }
    return f;
  }

  public Object search(ObservationParams p) {
    ObservationFilter f = resolve(p);
    ObservationIndex.Hits hits = hits(f, p);
    long total = hits.total();
    List<Long> ids = hits.ids();
    List<?> results;
    if (p.onlyId()) {
      results = ids.stream().map(id -> Map.of("id", id)).toList();
    } else {
      results = byIdsInOrder(ids, p.locale());
    }
    if (!p.returnBounds()) {
      return Page.of(total, p.page(), p.perPage(), results);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("total_results", total);
    body.put("page", p.page());
    body.put("per_page", p.perPage());
    body.put("total_bounds", snapshot.observations().bounds(f).map(b -> Map.of("swlat", b.swlat(), "swlng", b.swlng(),
        "nelat", b.nelat(), "nelng", b.nelng())).orElse(null));
    body.put("results", results);
    return body;
  }

  /** One page of matching observations as views, with the total (the web pages' search). */
  public Page<List<ObservationView>> page(ObservationParams p) {
    ObservationIndex.Hits hits = hits(resolve(p), p);
    return Page.of(hits.total(), p.page(), p.perPage(), byIdsInOrder(hits.ids(), p.locale()));
  }

  /** The total and the requested page of ids, in one pass where the index can. */
  private ObservationIndex.Hits hits(ObservationFilter f, ObservationParams p) {
    return snapshot.observations().page(f, p.sort(), (int) Math.min(p.offset(), Integer.MAX_VALUE), p.perPage());
  }

  /**
   * One page of matching observations as views, without the total: a taxon page's photo grid has no pager, and
   * counting Life's photographed observations is a pass over nearly every document.
   */
  public List<ObservationView> list(ObservationParams p) {
    List<Long> ids = p.perPage() == 0 ? List.of() : snapshot.observations().search(resolve(p), p.sort(),
        (int) Math.min(p.offset(), Integer.MAX_VALUE), p.perPage());
    return byIdsInOrder(ids, p.locale());
  }

  /** Views of observations by id, in the order given (unknown ids skipped). */
  public List<ObservationView> byIdsInOrder(List<Long> ids, String locale) {
    List<ObservationRow> rows = snapshot.db().with(db -> Records.observationsById(db, ids));
    return views(locale).views(rows);
  }

  /** /v1/observations/{ids}: integer ids and uuids mixed; unknown ones are simply absent. */
  public Page<List<ObservationView>> lookup(List<String> keys, String locale) {
    List<Long> ids = new ArrayList<>();
    List<String> uuids = new ArrayList<>();
    for (String k : keys) {
      if (k.chars().allMatch(Character::isDigit) && k.length() <= 18) {
        ids.add(Long.parseLong(k));
      } else if (k.matches("[0-9a-fA-F-]{36}")) {
        uuids.add(k.toLowerCase(java.util.Locale.ROOT));
      } else {
        throw ApiException.invalid("observation ids are integers or UUIDs, not " + k);
      }
    }
    List<ObservationRow> rows = new ArrayList<>(snapshot.db().with(db -> Records.observationsById(db, ids)));
    // An old stable id of an observation that has since gained its iNaturalist id still resolves (docs/ids.md).
    java.util.Set<Long> found = new java.util.HashSet<>();
    rows.forEach(r -> found.add(r.id()));
    List<Long> formerIds = ids.stream().filter(i -> !found.contains(i) && StableIds.isStable(i)).toList();
    if (!formerIds.isEmpty()) {
      List<Long> current = snapshot.db().with(db -> Records.idsByStableId(db, formerIds));
      current.removeIf(found::contains);
      rows.addAll(snapshot.db().with(db -> Records.observationsById(db, current)));
    }
    rows.addAll(snapshot.db().with(db -> Records.observationsByUuid(db, uuids)));
    return Page.lookup(views(locale).views(rows));
  }

  public record SpeciesCount(long count, TaxonView taxon) {}

  /** A taxon of the matching observations and how many of them (with include_ancestors: of its subtree). */
  public record TaxonCount(int taxonId, long count) {}

  /**
   * Leaf taxa only, as iNaturalist: a taxon counts unless another matching observation is of one of its
   * descendants. include_ancestors adds every ancestor, counted over its subtree.
   */
  public Page<List<SpeciesCount>> speciesCounts(ObservationParams p, boolean includeAncestors) {
    List<TaxonCount> rows = speciesCountRows(p, includeAncestors, false);
    List<TaxonCount> page = slice(rows, p);
    // One views() call for the page: names come in one batched SQLite read, not one query per taxon
    // (up to 500 per page; docs/benchmarks.md, API).
    Map<Integer, TaxonView> views = new HashMap<>();
    for (TaxonView v : new TaxonViews(snapshot, config, p.locale()).views(page.stream().map(TaxonCount::taxonId)
        .toList())) {
      views.put((int) v.id, v);
    }
    List<SpeciesCount> results = new ArrayList<>();
    for (TaxonCount e : page) {
      results.add(new SpeciesCount(e.count(), views.get(e.taxonId())));
    }
    return Page.of(rows.size(), p.page(), p.perPage(), results);
  }

  /**
   * Every row of {@link #speciesCounts} (not a page): most observed first (ties by id), or by scientific name when
   * {@code byName} (the search page's species view and its CSV).
   */
  public List<TaxonCount> speciesCountRows(ObservationParams p, boolean includeAncestors, boolean byName) {
    TaxonCatalog taxa = snapshot.taxa();
    List<ObservationIndex.Count> own = snapshot.observations().taxonCounts(resolve(p));
    Map<Integer, Long> subtree = new HashMap<>();
    Set<Integer> hasObservedDescendant = new HashSet<>();
    for (ObservationIndex.Count c : own) {
      int t = (int) c.key();
      if (!taxa.contains(t)) {
        continue; // observations of taxa missing from taxa.csv have no taxon to show
      }
      int[] path = taxa.selfAndAncestorsFromRoot(t);
      for (int i = 0; i < path.length; i++) {
        subtree.merge(path[i], c.count(), Long::sum);
        if (i < path.length - 1) {
          hasObservedDescendant.add(path[i]);
        }
      }
    }
    List<TaxonCount> rows = new ArrayList<>();
    if (includeAncestors) {
      subtree.forEach((t, n) -> rows.add(new TaxonCount(t, n)));
    } else {
      for (ObservationIndex.Count c : own) {
        int t = (int) c.key();
        if (taxa.contains(t) && !hasObservedDescendant.contains(t)) {
          rows.add(new TaxonCount(t, c.count()));
        }
      }
    }
    java.util.Comparator<TaxonCount> order = byName
        ? java.util.Comparator.comparing((TaxonCount r) -> String.valueOf(taxa.name(r.taxonId())))
        : java.util.Comparator.comparingLong(TaxonCount::count).reversed();
    rows.sort(order.thenComparingInt(TaxonCount::taxonId));
    return rows;
  }

  public record ObserverResult(int userId, long observationCount, long speciesCount, UserView user) {}

  public Page<List<ObserverResult>> observers(ObservationParams p, boolean bySpecies) {
    List<ObservationIndex.ObserverCount> all = observerCounts(p, bySpecies);
    List<ObservationSummary.Observer> page = slice(all, p).stream()
        .map(c -> new ObservationSummary.Observer(c.userId(), c.observations(), c.species())).toList();
    return Page.of(all.size(), p.page(), p.perPage(), observerResults(page));
  }

  /** Every observer of the matching observations: most observations first, or most species when {@code bySpecies}. */
  public List<ObservationIndex.ObserverCount> observerCounts(ObservationParams p, boolean bySpecies) {
    List<ObservationIndex.ObserverCount> all = new ArrayList<>(snapshot.observations().observers(resolve(p)));
    if (bySpecies) {
      all.sort(java.util.Comparator.comparingLong(ObservationIndex.ObserverCount::species).reversed()
          .thenComparingInt(ObservationIndex.ObserverCount::userId));
    }
    return all;
  }

  /** Observer counts with their users (one batched read): a page of /observations/observers, or a taxon summary's. */
  public List<ObserverResult> observerResults(List<ObservationSummary.Observer> counts) {
    Map<Integer, Records.Observer> users = snapshot.db().with(db -> Records.observers(db,
        counts.stream().map(ObservationSummary.Observer::userId).toList()));
    UserViews views = new UserViews(snapshot);
    List<ObserverResult> results = new ArrayList<>();
    for (ObservationSummary.Observer c : counts) {
      Records.Observer o = users.getOrDefault(c.userId(), new Records.Observer(c.userId(), null, null));
      results.add(new ObserverResult(c.userId(), c.observations(), c.species(), views.view(o)));
    }
    return results;
  }

  /**
   * Counts per interval of the observed day, or ({@code created}) of the UTC day of created_at: that comes from
   * an enrichment or a web export only, so observations without it are not counted (docs/api.md), and d1/d2
   * (observed days) filter but do not frame its calendar.
   */
  public Page<Map<String, Map<String, Long>>> histogram(ObservationParams p, String interval, boolean created) {
    Map<Integer, Long> byDay = snapshot.observations().countsByDay(resolve(p),
        created ? ObservationIndex.DateField.CREATED : ObservationIndex.DateField.OBSERVED);
    Map<String, Long> buckets = created ? Histograms.bucket(interval, byDay, null, null)
        : Histograms.bucket(interval, byDay, p.filter().d1(), p.filter().d2());
    return new Page<>(buckets.size(), 1, buckets.size(), Map.of(interval, buckets));
  }

  private static <T> List<T> slice(List<T> all, ObservationParams p) {
    long from = p.offset();
    if (p.perPage() == 0 || from >= all.size()) {
      return List.of();
    }
    return all.subList((int) from, (int) Math.min(all.size(), from + p.perPage()));
  }
}
