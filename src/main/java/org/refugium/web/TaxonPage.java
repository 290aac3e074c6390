package org.refugium.web;

import java.time.LocalDate;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.refugium.api.ObservationService;
import org.refugium.api.TaxonViews;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationIndex;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.view.ObservationView;
import org.refugium.api.view.TaxonView;

/** A taxon page like iNaturalist's: names, tree, photos, map, seasonality, history, observers. */
final class TaxonPage {

  /** A name in one language, for the names table. */
  public record NameRow(String language, String name) {}

  /** A child taxon with its observation count (descendants included). */
  public record Child(TaxonView taxon, String commonName, long count) {}

  private TaxonPage() {}

  /** Null when the taxon is not in the snapshot. */
  static Map<String, Object> model(WebContext web, ServedSnapshot s, PageRequest ui, int id) {
    if (!s.taxa().contains(id)) {
      return null;
    }
    String lang = ui.language();
    TaxonViews views = web.taxonViews(s, lang);
    TaxonView t = views.detail(id, true);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("taxon", t);
    m.put("commonName", Names.common(t, lang));
    m.put("ancestors", t.ancestors);
    List<Child> children = new ArrayList<>();
    for (TaxonView c : t.children) {
      children.add(new Child(c, Names.common(c, lang), c.observationsCount));
    }
    children.sort(Comparator.comparingLong(Child::count).reversed().thenComparing(c -> c.taxon().name));
    m.put("children", children);
    List<NameRow> names = new ArrayList<>();
    for (TaxonView.NameView n : t.names) {
      names.add(new NameRow(Names.languageName(n.locale(), lang, ui.text("taxon.scientific")), n.name()));
    }
    m.put("names", names);
    m.put("inatUrl", "https://www.inaturalist.org/taxa/" + id);

    ObservationService service = web.observations(s);
    ObservationFilter f = ObservationFilter.all().withTaxonIds(List.of(id));
    ObservationIndex index = s.observations();
    long total = index.count(f);
    m.put("total", total);

    var photoPage = service.page(WebContext.params(lang, "taxon_id", id, "photos", "true", "per_page", 12));
    List<PhotoCards.PhotoCard> photos = new ArrayList<>();
    for (ObservationView o : photoPage.results()) {
      if (!o.photos.isEmpty()) {
        photos.add(web.photos().card(o.photos.get(0), "medium", Names.label(o.taxon, lang)));
      }
    }
    m.put("photos", photos);
    m.put("photoObservations", photoPage.results());

    MapSvg.View view = index.bounds(f).map(b -> MapSvg.View.around(b, 20)).orElse(MapSvg.View.world());
    double cell = MapSvg.cellDegrees(view, total);
    m.put("mapSvg", MapSvg.render(view, s.observations().geoCells(f, cell), cell, null,
        ui.text("taxon.map") + ": " + t.name, n -> ui.format("count.observations", n)));

    charts(m, index, f, ui);
    m.put("observers", service.observers(WebContext.params(lang, "taxon_id", id, "per_page", 10), false).results());
    return m;
  }

  /** Seasonality (per month of year: all and research grade) and history (per year), from daily counts. */
  private static void charts(Map<String, Object> m, ObservationIndex index, ObservationFilter f, PageRequest ui) {
    Map<Integer, Long> all = index.countsByDay(f);
    Map<Integer, Long> research = index.countsByDay(f.withQualityGrades(Set.of("research")));
    long[] monthAll = new long[12];
    long[] monthResearch = new long[12];
    Map<Integer, Long> years = new java.util.TreeMap<>();
    all.forEach((day, n) -> {
      LocalDate d = LocalDate.ofEpochDay(day);
      monthAll[d.getMonthValue() - 1] += n;
      years.merge(d.getYear(), n, Long::sum);
    });
    research.forEach((day, n) -> monthResearch[LocalDate.ofEpochDay(day).getMonthValue() - 1] += n);
    Locale l = Locale.forLanguageTag(ui.language());
    List<String> monthLabels = new ArrayList<>();
    for (Month month : Month.values()) {
      monthLabels.add(month.getDisplayName(TextStyle.SHORT_STANDALONE, l));
    }
    String allName = ui.text("chart.all");
    String researchName = ui.text("chart.research");
    List<ChartSvg.Series> seasonSeries = List.of(new ChartSvg.Series(allName, "all", monthAll),
        new ChartSvg.Series(researchName, "research", monthResearch));
    m.put("seasonalitySvg", ChartSvg.bars(ui.text("taxon.seasonality"), monthLabels, seasonSeries, 1,
        (i, ser) -> monthLabels.get(i) + ", " + ser.name() + ": " + ui.n(ser.values()[i])));
    m.put("hasDates", !all.isEmpty());
    if (!years.isEmpty()) {
      int first = years.keySet().iterator().next();
      int last = ((java.util.TreeMap<Integer, Long>) years).lastKey();
      List<String> yearLabels = new ArrayList<>();
      long[] perYear = new long[last - first + 1];
      for (int y = first; y <= last; y++) {
        yearLabels.add(Integer.toString(y));
        perYear[y - first] = years.getOrDefault(y, 0L);
      }
      int every = Math.max(1, (int) Math.ceil(yearLabels.size() / 12.0));
      m.put("historySvg", ChartSvg.bars(ui.text("taxon.history"), yearLabels,
          List.of(new ChartSvg.Series(allName, "all", perYear)), every,
          (i, ser) -> yearLabels.get(i) + ": " + ui.n(ser.values()[i])));
    }
  }
}
