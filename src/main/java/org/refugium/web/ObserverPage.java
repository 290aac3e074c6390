package org.refugium.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refugium.api.ApiException;
import org.refugium.api.ObservationService;
import org.refugium.api.UserService;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.view.ObservationView;
import org.refugium.api.view.UserView;

/** An observer: counts, species list, recent observations. */
final class ObserverPage {

  public record Species(ObservationService.SpeciesCount count, String commonName) {}

  private ObserverPage() {}

  /** Null when no observer has this id or login. */
  static Map<String, Object> model(WebContext web, ServedSnapshot s, PageRequest ui, String key) {
    UserView user;
    try {
      user = new UserService(s).get(key).results().get(0);
    } catch (ApiException notFound) {
      return null;
    }
    String lang = ui.language();
    ObservationService service = web.observations(s);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", user);
    var species = service.speciesCounts(WebContext.params(lang, "user_id", user.id, "per_page", 200), false);
    List<Species> rows = new ArrayList<>();
    for (ObservationService.SpeciesCount c : species.results()) {
      rows.add(new Species(c, Names.common(c.taxon(), lang)));
    }
    m.put("species", rows);
    m.put("speciesTotal", species.totalResults());
    var recent = service.page(WebContext.params(lang, "user_id", user.id, "order_by", "observed_on", "per_page", 12));
    List<SearchPage.Result> results = new ArrayList<>();
    for (ObservationView o : recent.results()) {
      String label = Names.label(o.taxon, lang);
      results.add(new SearchPage.Result(o, Names.common(o.taxon, lang),
          o.photos.isEmpty() ? null : web.photos().card(o.photos.get(0), "medium", label)));
    }
    m.put("results", results);
    return m;
  }
}
