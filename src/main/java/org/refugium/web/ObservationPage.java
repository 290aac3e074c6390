package org.refugium.web;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refugium.api.view.ObservationView;
import org.refugium.api.view.PhotoView;
import org.refugium.api.view.TaxonView;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.geo.ReverseGeocoder;

/** One observation: photos in every size, taxon and its tree, day, place with accuracy, observer, projects. */
final class ObservationPage {

  public record Project(int id, String title) {}

  private ObservationPage() {}

  /** Null when no observation has this id or uuid. */
  static Map<String, Object> model(WebContext web, ServedSnapshot s, PageRequest ui, String key) {
    if (!key.matches("\\d{1,18}|[0-9a-fA-F-]{36}")) {
      return null;
    }
    List<ObservationView> found = web.observations(s).lookup(List.of(key), ui.language()).results();
    if (found.isEmpty()) {
      return null;
    }
    ObservationView o = found.get(0);
    String lang = ui.language();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("obs", o);
    String label = o.taxon == null ? ui.text("obs.unknownTaxon") : Names.label(o.taxon, lang);
    m.put("label", label);
    m.put("commonName", Names.common(o.taxon, lang));
    if (o.taxon != null) {
      TaxonView detail = web.taxonViews(s, lang).detail((int) o.taxon.id, false);
      m.put("ancestors", detail.ancestors);
    } else {
      m.put("ancestors", List.of());
    }
    List<PhotoCards.PhotoCard> photos = new ArrayList<>();
    for (PhotoView p : o.photos) {
      photos.add(web.photos().card(p, "large", label, true));
    }
    m.put("photos", photos);
    if (o.geojson != null) {
      double lng = o.geojson.coordinates().get(0);
      double lat = o.geojson.coordinates().get(1);
      MapSvg.View view = MapSvg.View.around(lat, lng, 24);
      m.put("lat", String.format(java.util.Locale.ROOT, "%.5f", lat));
      m.put("lng", String.format(java.util.Locale.ROOT, "%.5f", lng));
      m.put("mapSvg", MapSvg.render(view, List.of(), 1, new MapSvg.Marker(lat, lng, o.positionalAccuracy),
          ui.text("obs.map"), n -> "", new MapSvg.Readable(lang, null)));
      if (o.placeGuess == null || o.placeGuess.isBlank()) { // the export has none: name it from the boundaries
        ReverseGeocoder.lookup(lat, lng, lang).map(ReverseGeocoder.Place::label)
            .ifPresent(place -> m.put("placeDerived", place));
      }
    }
    m.put("projects", projects(s, o.projectIds));
    for (Object link : o.outlinks) { // the GBIF record, where a GBIF download gave its id (a plain link)
      if (link instanceof Map<?, ?> l && "GBIF".equals(l.get("source"))) {
        m.put("gbifUrl", l.get("url"));
      }
    }
    return m;
  }

  /** Project titles from the record (the exports carry id, title, slug). */
  private static List<Project> projects(ServedSnapshot s, List<Integer> ids) {
    if (ids == null || ids.isEmpty()) {
      return List.of();
    }
    return s.db().with(db -> {
      List<Project> out = new ArrayList<>();
      try (PreparedStatement ps = db.prepareStatement("SELECT title FROM projects WHERE id = ?")) {
        for (int id : ids) {
          ps.setInt(1, id);
          try (ResultSet rs = ps.executeQuery()) {
            out.add(new Project(id, rs.next() && rs.getString(1) != null ? rs.getString(1) : "#" + id));
          }
        }
      }
      return out;
    });
  }
}
