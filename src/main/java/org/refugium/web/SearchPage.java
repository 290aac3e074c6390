package org.refugium.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refugium.api.ApiException;
import org.refugium.api.ObservationParams;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.view.ObservationView;
import org.refugium.api.view.Page;

/**
 * Home: the name search box and the observation search. The query string is the API's (the same
 * parameters, parsed by the same parser), plus {@code view=grid|list}; with no filter it lists every
 * observation, newest first.
 */
final class SearchPage {

  static final int GRID_PER_PAGE = 24;
  static final int LIST_PER_PAGE = 50;

  /** One result row: the observation, its taxon label, and its first photo (or null). */
  public record Result(ObservationView obs, String commonName, PhotoCards.PhotoCard photo) {}

  private SearchPage() {}

  static Map<String, Object> model(WebContext web, ServedSnapshot s, PageRequest ui,
      jakarta.ws.rs.core.MultivaluedMap<String, String> query) {
    Map<String, Object> m = new LinkedHashMap<>();
    String view = "list".equals(query.getFirst("view")) ? "list" : "grid";
    m.put("view", view);
    m.put("months", months(ui));
    m.put("pickerSvg", MapSvg.render(MapSvg.View.world(), List.of(), 1, null, ui.text("search.place.box"), n -> ""));
    m.put("licenses", List.of("cc0", "cc-by", "cc-by-nc", "cc-by-sa", "cc-by-nd", "cc-by-nc-sa", "cc-by-nc-nd", "pd"));
    String taxonId = query.getFirst("taxon_id");
    if (taxonId != null && taxonId.matches("\\d{1,9}") && s.taxa().contains(Integer.parseInt(taxonId))) {
      m.put("taxonName", Names.label(web.taxonViews(s, ui.language()).view(Integer.parseInt(taxonId)), ui.language()));
    }
    try {
      int perPage = view.equals("list") ? LIST_PER_PAGE : GRID_PER_PAGE;
      ObservationParams p = WebContext.params(query, ui.language(), 200, perPage);
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
    } catch (ApiException e) {
      m.put("error", e.getMessage());
      m.put("results", List.of());
      m.put("total", 0L);
      m.put("page", 1);
      m.put("pages", 1L);
    }
    return m;
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
