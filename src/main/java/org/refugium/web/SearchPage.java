package org.refugium.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refugium.api.ApiException;
import org.refugium.api.ObservationParams;
import org.refugium.api.ObservationService;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationIndex;
import org.refugium.api.data.Records;
import org.refugium.api.data.TaxonIndex;
import org.refugium.api.view.TaxonView;
import org.refugium.archive.MapGrid;
import org.refugium.search.NameAnalysis;
import org.refugium.search.ObservationSummary;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.view.ObservationView;
import org.refugium.api.view.Page;

/**
 * Home: the name search box and the observation search. The query string is the API's (the same
 * parameters, parsed by the same parser), plus {@code view=grid|list|species|observers} and, for the two count
 * views, {@code sort}; with no filter it lists every observation in export order (the order is stated on the page).
 * Every filter in the URL is listed with a link that removes it, so one the form cannot show is still visible.
 */
final class SearchPage {

  static final int GRID_PER_PAGE = 24;
  static final int LIST_PER_PAGE = 50;

  /** One result row: the observation, its taxon label, and its first photo (or null). */
  public record Result(ObservationView obs, String commonName, PhotoCards.PhotoCard photo) {}

  private SearchPage() {}

  /** A species row: the taxon (name, common name, rank), its matching observations. */
  public record SpeciesRow(TaxonView taxon, String commonName, long count) {}

  /** An observer row: id, login (may be null), name, matching observations and species. */
  public record ObserverRow(int id, String login, String name, long observations, long species) {}

  /** A filter the request carries, with the link that removes it and, when the page knows, why it matches nothing. */
  public record ActiveFilter(String name, String value, String removeUrl, String problem) {}

  static final int COUNTS_PER_PAGE = 100;
  /** The results map counts every match in one pass: drawn up to this many, else the page says why not. */
  static final long MAP_LIMIT = 20_000;

  static Map<String, Object> model(WebContext web, ServedSnapshot s, PageRequest ui,
      jakarta.ws.rs.core.MultivaluedMap<String, String> query) {
    Map<String, Object> m = new LinkedHashMap<>();
    String requested = query.getFirst("view");
    String view = requested != null && List.of("list", "species", "observers").contains(requested) ? requested : "grid";
    m.put("view", view);
    m.put("months", months(ui));
    m.put("pickerSvg", MapSvg.render(MapSvg.View.world(), List.of(), 1, null, ui.text("search.place.box"), n -> ""));
    m.put("licenses", List.of("cc0", "cc-by", "cc-by-nc", "cc-by-sa", "cc-by-nd", "cc-by-nc-sa", "cc-by-nc-nd", "pd"));
    m.put("orderBy", "observed_on".equals(query.getFirst("order_by")) ? "observed_on" : "id");
    String taxonId = query.getFirst("taxon_id");
    if (taxonId != null && taxonId.matches("\\d{1,9}") && s.taxa().contains(Integer.parseInt(taxonId))) {
      m.put("taxonName", Names.label(web.taxonViews(s, ui.language()).view(Integer.parseInt(taxonId)), ui.language()));
    }
    m.put("activeFilters", activeFilters(s, ui));
    String q = query.getFirst("q");
    if (q != null && !q.isBlank()) {
      corrected(s, q, ui.language()).ifPresent(term -> m.put("correctedTo", term));
    }
    m.put("results", List.of());
    m.put("total", 0L);
    m.put("page", 1);
    m.put("pages", 1L);
    try {
      int perPage = view.equals("list") ? LIST_PER_PAGE : GRID_PER_PAGE;
      ObservationParams p = WebContext.params(query, ui.language(), 200, perPage);
      switch (view) {
        case "species" -> species(web, s, ui, query, m);
        case "observers" -> observers(web, s, ui, query, m);
        default -> observations(web, s, ui, p, view, m);
      }
      long total = view.equals("grid") || view.equals("list") ? (long) m.get("total")
          : web.observations(s).page(WebContext.params(query, ui.language(), 200, 0)).totalResults();
      m.put("observationsTotal", total);
      if (total > 0 && total <= MAP_LIMIT) {
        m.put("mapSvg", resultsMap(web, s, ui, p));
      }
      m.put("mapLimit", MAP_LIMIT);
    } catch (ApiException e) {
      m.put("error", e.getMessage());
      m.put("observationsTotal", 0L);
    }
    return m;
  }

  private static void observations(WebContext web, ServedSnapshot s, PageRequest ui, ObservationParams p, String view,
      Map<String, Object> m) {
    Page<List<ObservationView>> page = web.observations(s).page(p);
    List<Result> results = new ArrayList<>();
    for (ObservationView o : page.results()) {
      String label = Names.label(o.taxon, ui.language());
      PhotoCards.PhotoCard photo = o.photos.isEmpty() ? null
          : web.photos().card(o.photos.get(0), view.equals("grid") ? "medium" : "square", label);
      results.add(new Result(o, Names.common(o.taxon, ui.language()), photo));
    }
    m.put("results", results);
    m.put("total", page.totalResults());
    m.put("page", p.page());
    long pages = p.perPage() == 0 ? 1 : (page.totalResults() + p.perPage() - 1) / p.perPage();
    m.put("pages", Math.max(1, pages));
  }

  /** Explore's species tab: the leaf taxa of the matches with their counts, by count or by name, 100 a page. */
  private static void species(WebContext web, ServedSnapshot s, PageRequest ui,
      jakarta.ws.rs.core.MultivaluedMap<String, String> query, Map<String, Object> m) {
    boolean byName = "name".equals(query.getFirst("sort"));
    m.put("sort", byName ? "name" : "count");
    ObservationParams p = WebContext.params(query, ui.language(), COUNTS_PER_PAGE, COUNTS_PER_PAGE);
    List<ObservationService.TaxonCount> rows = web.observations(s).speciesCountRows(p, false, byName);
    int from = (int) Math.min(rows.size(), p.offset());
    List<ObservationService.TaxonCount> slice = rows.subList(from, Math.min(rows.size(), from + p.perPage()));
    Map<Long, TaxonView> views = new java.util.HashMap<>();
    for (TaxonView v : web.taxonViews(s, ui.language()).views(slice.stream().map(ObservationService.TaxonCount::taxonId)
        .toList())) {
      views.put(v.id, v);
    }
    List<SpeciesRow> out = new ArrayList<>();
    for (ObservationService.TaxonCount c : slice) {
      TaxonView t = views.get((long) c.taxonId());
      out.add(new SpeciesRow(t, Names.common(t, ui.language()), c.count()));
    }
    m.put("species", out);
    m.put("total", (long) rows.size());
    m.put("page", p.page());
    m.put("pages", Math.max(1L, (rows.size() + p.perPage() - 1L) / p.perPage()));
  }

  /** The observers of the matches with their observation and species counts, by either. */
  private static void observers(WebContext web, ServedSnapshot s, PageRequest ui,
      jakarta.ws.rs.core.MultivaluedMap<String, String> query, Map<String, Object> m) {
    boolean bySpecies = "species".equals(query.getFirst("sort"));
    m.put("sort", bySpecies ? "species" : "observations");
    ObservationParams p = WebContext.params(query, ui.language(), COUNTS_PER_PAGE, COUNTS_PER_PAGE);
    List<ObservationIndex.ObserverCount> rows = web.observations(s).observerCounts(p, bySpecies);
    int from = (int) Math.min(rows.size(), p.offset());
    List<ObservationIndex.ObserverCount> slice = rows.subList(from, Math.min(rows.size(), from + p.perPage()));
    Map<Integer, Records.Observer> users = s.db().with(db -> Records.observers(db,
        slice.stream().map(ObservationIndex.ObserverCount::userId).toList()));
    List<ObserverRow> out = new ArrayList<>();
    for (ObservationIndex.ObserverCount c : slice) {
      Records.Observer u = users.get(c.userId());
      out.add(new ObserverRow(c.userId(), u == null ? null : u.login(), u == null ? null : u.name(), c.observations(),
          c.species()));
    }
    m.put("observers", out);
    m.put("total", (long) rows.size());
    m.put("page", p.page());
    m.put("pages", Math.max(1L, (rows.size() + p.perPage() - 1L) / p.perPage()));
  }

  /** Every match on the server-side map, as the taxon page draws a taxon's (one pass over the matches). */
  private static String resultsMap(WebContext web, ServedSnapshot s, PageRequest ui, ObservationParams p) {
    ObservationSummary summary = s.observations().summary(web.observations(s).resolve(p));
    ObservationSummary.Bounds b = summary.bounds();
    MapSvg.View mapView = b == null ? MapSvg.View.world()
        : MapSvg.View.around(new ObservationFilter.BoundingBox(b.swlat(), b.swlng(), b.nelat(), b.nelng()),
            MapGrid.MIN_SPAN_DEGREES);
    List<ObservationIndex.GeoCell> cells = summary.cells().stream()
        .map(c -> new ObservationIndex.GeoCell(c.swlat(), c.swlng(), c.count())).toList();
    double degrees = summary.cellDegrees();
    String base = cellSearchBase(ui);
    return MapSvg.render(mapView, cells, degrees, null, ui.text("search.map"),
        n -> ui.format("count.observations", n),
        new MapSvg.Readable(ui.language(), c -> base + TaxonPage.cellBox(c.swlat(), c.swlng(), degrees,
            TaxonPage.CELL_LINK_MARGIN), false));
  }

  /** This search's filters (and name) without its place: each map cell's link adds the cell's box. */
  static String cellSearchBase(PageRequest ui) {
    StringBuilder sb = new StringBuilder("/?");
    java.util.Set<String> place = java.util.Set.of("swlat", "swlng", "nelat", "nelng", "lat", "lng", "radius");
    for (Map.Entry<String, String> f : ui.filters()) {
      if (!place.contains(f.getKey())) {
        sb.append(PageRequest.enc(f.getKey())).append('=').append(PageRequest.enc(f.getValue())).append('&');
      }
    }
    if (!ui.param("q").isBlank()) {
      sb.append("q=").append(PageRequest.enc(ui.param("q"))).append('&');
    }
    return sb.toString();
  }

  /**
   * The filters of the request, each with a link that removes it; a taxon id the snapshot does not hold is flagged
   * (the filter box cannot show it by name, and it is why nothing matches).
   */
  static List<ActiveFilter> activeFilters(ServedSnapshot s, PageRequest ui) {
    List<ActiveFilter> out = new ArrayList<>();
    for (Map.Entry<String, String> f : ui.filters()) {
      String problem = null;
      if (f.getKey().equals("taxon_id") || f.getKey().equals("exact_taxon_id")) {
        for (String id : f.getValue().split(",")) {
          String t = id.strip();
          if (!t.matches("\\d{1,9}") || !s.taxa().contains(Integer.parseInt(t))) {
            problem = ui.format("search.filter.unknownTaxon", t);
          }
        }
      }
      out.add(new ActiveFilter(f.getKey(), f.getValue(), ui.without(f.getKey()), problem));
    }
    return out;
  }

  /**
   * When q matched only by typo tolerance, the name it was read as ("showing results for …"); empty when some name
   * starts with what was typed.
   */
  static java.util.Optional<String> corrected(ServedSnapshot s, String q, String language) {
    List<TaxonIndex.Match> best = s.taxonIndex().autocomplete(q, language, 1);
    if (best.isEmpty() || best.get(0).matchedTerm() == null) {
      return java.util.Optional.empty();
    }
    List<String> typed = NameAnalysis.words(q);
    List<String> name = NameAnalysis.words(best.get(0).matchedTerm());
    boolean prefix = typed.stream().allMatch(w -> name.stream().anyMatch(n -> n.startsWith(w)));
    return prefix ? java.util.Optional.empty() : java.util.Optional.of(best.get(0).matchedTerm());
  }

  /** Month names for the month filter, in the page's language. */
  static List<String> months(PageRequest ui) {
    List<String> out = new ArrayList<>();
    java.util.Locale l = java.util.Locale.forLanguageTag(ui.language());
    for (java.time.Month month : java.time.Month.values()) {
      String name = month.getDisplayName(java.time.format.TextStyle.FULL_STANDALONE, l);
      out.add(name.substring(0, 1).toUpperCase(l) + name.substring(1));
    }
    return out;
  }
}
