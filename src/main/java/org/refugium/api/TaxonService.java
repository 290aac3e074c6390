package org.refugium.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.refugium.api.data.Ranks;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.TaxonCatalog;
import org.refugium.api.data.TaxonIndex;
import org.refugium.api.view.Page;
import org.refugium.api.view.TaxonView;

/**
 * /v1/taxa, /v1/taxa/{ids}, /v1/taxa/autocomplete. Filters other than q run over the in-memory catalog
 * (a scan of ~1.6M entries at full scale is a few milliseconds); q goes through the name index.
 */
public final class TaxonService {

  public static final int MAX_PER_PAGE = 200;
  /** How many name matches a q on /v1/taxa considers before the other filters. */
  private static final int Q_MATCHES = 10_000;

  static final Set<String> ORDER_BY = Set.of("observations_count", "name", "id", "created_at", "updated_at",
      "rank_level");

  public static final List<String> SEARCH_PARAMS = List.of("q", "rank", "rank_level", "is_active", "parent_id",
      "taxon_id", "id", "id_above", "id_below", "order_by", "order", "page", "per_page", "all_names", "locale",
      "only_id");
  public static final List<String> AUTOCOMPLETE_PARAMS = List.of("q", "is_active", "taxon_id", "rank", "rank_level",
      "per_page", "locale", "all_names");

  private final ServedSnapshot snapshot;
  private final ApiConfig config;

  public TaxonService(ServedSnapshot snapshot, ApiConfig config) {
    this.snapshot = snapshot;
    this.config = config;
  }

  public Page<List<TaxonView>> byIds(String idList, QueryParams p) {
    ApiParameters.refuseUnsupported("/taxa/{id}", p);
    List<Integer> ids = new ArrayList<>();
    for (String part : idList.split(",")) {
      String s = part.strip();
      if (s.isEmpty()) {
        continue;
      }
      try {
        ids.add(Integer.parseInt(s));
      } catch (NumberFormatException e) {
        throw ApiException.invalid("taxon ids are integers, not " + s);
      }
    }
    boolean allNames = Boolean.TRUE.equals(p.bool("all_names"));
    Double rankLevel = p.decimal("rank_level", 0, 100);
    TaxonViews views = new TaxonViews(snapshot, config, p.string("locale"));
    List<TaxonView> results = new ArrayList<>();
    for (int id : ids) {
      if (snapshot.taxa().contains(id)
          && (rankLevel == null || snapshot.taxa().rankLevel(id) == rankLevel.floatValue())) {
        results.add(views.detail(id, allNames));
      }
    }
    return Page.lookup(results);
  }

  public Page<? extends List<?>> search(QueryParams p) {
    ApiParameters.refuseUnsupported("/taxa", p);
    TaxonCatalog taxa = snapshot.taxa();
    int page = p.integer("page", 1, 1, Integer.MAX_VALUE);
    int perPage = p.integer("per_page", 30, 0, MAX_PER_PAGE);
    List<String> ranks = p.choices("rank", Ranks.names());
    Double rankLevel = p.decimal("rank_level", 0, 100);
    Boolean active = p.bool("is_active");
    List<Integer> parents = p.intList("parent_id");
    Set<Integer> within = subtrees(p.intList("taxon_id"));
    List<Integer> ids = p.intList("id");
    Long above = p.longValue("id_above");
    Long below = p.longValue("id_below");
    String orderBy = p.choice("order_by", ORDER_BY, null);
    boolean ascending = p.choice("order", Set.of("asc", "desc"), orderBy != null && orderBy.equals("name") ? "asc" : "desc")
        .equals("asc");
    String q = p.string("q");

    Map<Integer, String> matched = new HashMap<>();
    List<Integer> candidates = new ArrayList<>();
    if (q != null) {
      for (TaxonIndex.Match m : snapshot.taxonIndex().autocomplete(q, p.string("locale"), Q_MATCHES)) {
        candidates.add(m.taxonId());
        matched.put(m.taxonId(), m.matchedTerm());
      }
    } else if (!ids.isEmpty()) {
      candidates.addAll(ids);
    } else {
      for (int id = 0; id <= taxa.maxId(); id++) {
        if (taxa.contains(id)) {
          candidates.add(id);
        }
      }
    }
    List<Integer> hits = new ArrayList<>();
    for (int id : candidates) {
      if (!taxa.contains(id)
          || (!ranks.isEmpty() && !ranks.contains(taxa.rank(id)))
          || (rankLevel != null && taxa.rankLevel(id) != rankLevel.floatValue())
          || (active != null && taxa.active(id) != active)
          || (!parents.isEmpty() && !parents.contains(taxa.parent(id)))
          || (within != null && !within.contains(id))
          || (!ids.isEmpty() && !ids.contains(id))
          || (above != null && id <= above)
          || (below != null && id >= below)) {
        continue;
      }
      hits.add(id);
    }
    if (orderBy != null || q == null) { // with q and no order_by, keep the match ranking
      Comparator<Integer> order = switch (orderBy == null ? "observations_count" : orderBy) {
        case "name" -> Comparator.comparing(taxa::name, Comparator.nullsLast(Comparator.naturalOrder()));
        case "rank_level" -> Comparator.comparingDouble(taxa::rankLevel);
        case "id", "created_at", "updated_at" -> Comparator.comparingInt(i -> i);
        default -> Comparator.comparingLong(taxa::observationsCount);
      };
      order = ascending ? order : order.reversed();
      hits.sort(order.thenComparingInt(i -> i));
    }
    long from = (long) (page - 1) * perPage;
    List<Integer> slice = perPage == 0 || from >= hits.size() ? List.of()
        : hits.subList((int) from, (int) Math.min(hits.size(), from + perPage));
    if (Boolean.TRUE.equals(p.bool("only_id"))) {
      return Page.of(hits.size(), page, perPage, slice.stream().map(id -> Map.of("id", id)).toList());
    }
    List<TaxonView> results = withNames(new TaxonViews(snapshot, config, p.string("locale")).views(slice), p);
    if (q != null) {
      results.forEach(v -> v.matchedTerm = matched.get((int) v.id));
    }
    return Page.of(hits.size(), page, perPage, results);
  }

  public Page<List<TaxonView>> autocomplete(QueryParams p) {
    ApiParameters.refuseUnsupported("/taxa/autocomplete", p);
    String q = p.string("q");
    if (q == null) {
      throw ApiException.invalid("q is required");
    }
    int perPage = p.integer("per_page", 30, 0, MAX_PER_PAGE);
    Boolean active = p.bool("is_active");
    boolean onlyActive = active == null || active; // iNaturalist's autocomplete defaults to active taxa
    List<String> ranks = p.choices("rank", Ranks.names());
    Double rankLevel = p.decimal("rank_level", 0, 100);
    Set<Integer> within = subtrees(p.intList("taxon_id"));
    List<TaxonIndex.Match> matches = perPage == 0 ? List.of() : matches(q, p.string("locale"), perPage, onlyActive,
        active != null || onlyActive, ranks, rankLevel, within);
    TaxonViews views = new TaxonViews(snapshot, config, p.string("locale"));
    List<TaxonView> results = withNames(views.views(matches.stream().map(TaxonIndex.Match::taxonId).toList()), p);
    for (int i = 0; i < results.size(); i++) {
      results.get(i).matchedTerm = matches.get(i).matchedTerm();
    }
    return new Page<>(results.size(), 1, perPage, results);
  }

  /**
   * The first perPage matches that pass the filters. The index is asked for a little more than the page
   * (room for the inactive taxa and ranks the filters drop), and again for four times as many only while
   * the filters leave the page short: asking for Q_MATCHES every time read up to 10,000 stored documents per
   * keystroke for a two-letter prefix (docs/benchmarks.md, API). The index's order does not depend on the
   * limit, so the page is the same.
   */
  private List<TaxonIndex.Match> matches(String q, String locale, int perPage, boolean onlyActive,
      boolean filterActive, List<String> ranks, Double rankLevel, Set<Integer> within) {
    TaxonCatalog taxa = snapshot.taxa();
    int want = perPage + perPage / 2 + 5;
    while (true) {
      List<TaxonIndex.Match> found = snapshot.taxonIndex().autocomplete(q, locale, want);
      List<TaxonIndex.Match> matches = new ArrayList<>();
      for (TaxonIndex.Match m : found) {
        if (filterActive && taxa.active(m.taxonId()) != onlyActive) {
          continue;
        }
        if (!ranks.isEmpty() && !ranks.contains(taxa.rank(m.taxonId()))) {
          continue;
        }
        if ((rankLevel != null && taxa.rankLevel(m.taxonId()) != rankLevel.floatValue())
            || (within != null && !within.contains(m.taxonId()))) {
          continue;
        }
        matches.add(m);
        if (matches.size() == perPage) {
          return matches;
        }
      }
      if (found.size() < want || want >= Q_MATCHES) {
        return matches;
      }
      want = Math.min(want * 4, Q_MATCHES);
    }
  }

  private List<TaxonView> withNames(List<TaxonView> views, QueryParams p) {
    if (Boolean.TRUE.equals(p.bool("all_names"))) {
      TaxonViews names = new TaxonViews(snapshot, config, p.string("locale"));
      views.forEach(v -> v.names = names.names((int) v.id));
    }
    return views;
  }

  private Set<Integer> subtrees(List<Integer> roots) {
    if (roots.isEmpty()) {
      return null;
    }
    Set<Integer> out = new HashSet<>();
    for (int r : roots) {
      out.addAll(snapshot.taxa().selfAndDescendants(r));
    }
    return out;
  }
}
