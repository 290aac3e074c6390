package org.refugium.web;

import java.time.Month;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.refugium.api.ObservationService;
import org.refugium.api.TaxonViews;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationIndex;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.view.ObservationView;
import org.refugium.api.view.TaxonView;
import org.refugium.archive.MapGrid;
import org.refugium.search.ObservationSummary;

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
    // map, charts and observers from one summary: stored at import for big taxa, else counted live (docs/web.md)
    ObservationSummary summary = s.taxonSummary(id);
    m.put("total", summary.observations());

    List<ObservationView> photoObservations = service.list(
        WebContext.params(lang, "taxon_id", id, "photos", "true", "per_page", 12));
    List<PhotoCards.PhotoCard> photos = new ArrayList<>();
    for (ObservationView o : photoObservations) {
      if (!o.photos.isEmpty()) {
        photos.add(web.photos().card(o.photos.get(0), "medium", Names.label(o.taxon, lang)));
      }
    }
    m.put("photos", photos);
    m.put("photoObservations", photoObservations);

    ObservationSummary.Bounds b = summary.bounds();
    MapSvg.View view = b == null ? MapSvg.View.world()
        : MapSvg.View.around(new ObservationFilter.BoundingBox(b.swlat(), b.swlng(), b.nelat(), b.nelng()),
            MapGrid.MIN_SPAN_DEGREES);
    List<ObservationIndex.GeoCell> cells = summary.cells().stream()
        .map(c -> new ObservationIndex.GeoCell(c.swlat(), c.swlng(), c.count())).toList();
    double cellDegrees = summary.cellDegrees();
    m.put("mapSvg", MapSvg.render(view, cells, cellDegrees, null,
        ui.text("taxon.map") + ": " + t.name, n -> ui.format("count.observations", n),
        new MapSvg.Readable(lang, c -> cellSearch(id, c.swlat(), c.swlng(), cellDegrees, CELL_LINK_MARGIN))));

    m.put("mapRows", mapRows(cells, summary.cellDegrees(), id, ui));
    charts(m, summary, ui);
    m.put("observers", service.observerResults(summary.observers()));
    return m;
  }

  /** One row of the map's data table: a grid cell, its count and the search for its box. */
  public record MapRow(String latitudes, String longitudes, long count, String href) {}

  /** A chart's bar as a table row: its label and one value per series. */
  public record ChartRow(String label, List<String> values) {}

  /** The map's cells with most observations, for readers who cannot see the map (a big taxon has thousands). */
  static final int MAP_ROWS = 50;

  private static List<MapRow> mapRows(List<ObservationIndex.GeoCell> cells, double degrees, int taxonId,
      PageRequest ui) {
    List<ObservationIndex.GeoCell> top = cells.stream()
        .sorted(java.util.Comparator.comparingLong(ObservationIndex.GeoCell::count).reversed()
            .thenComparingDouble(ObservationIndex.GeoCell::swlat).thenComparingDouble(ObservationIndex.GeoCell::swlng))
        .limit(MAP_ROWS).toList();
    List<MapRow> rows = new ArrayList<>(top.size());
    for (ObservationIndex.GeoCell c : top) {
      double nelat = Math.min(90, c.swlat() + degrees);
      double nelng = Math.min(180, c.swlng() + degrees);
      rows.add(new MapRow(range(c.swlat(), nelat, ui.text("geo.north"), ui.text("geo.south")),
          range(c.swlng(), nelng, ui.text("geo.east"), ui.text("geo.west")), c.count(),
          cellSearch(taxonId, c.swlat(), c.swlng(), degrees, 0)));
    }
    return rows;
  }

  /**
   * A map link's box reaches this far (degrees, about 11 metres) past its cell: the index counted the cell from
   * quantized points, and a point on the cell's edge must still be found by the box search.
   */
  static final double CELL_LINK_MARGIN = 1e-4;

  /**
   * The search for a cell's box (the home page is the search). Concatenated with the map's own number format: a big
   * taxon's map has thousands of cells, and String.format per cell would be most of the page's time.
   */
  static String cellSearch(int taxonId, double swlat, double swlng, double degrees, double margin) {
    return "/?taxon_id=" + taxonId + "&" + cellBox(swlat, swlng, degrees, margin);
  }

  /** A cell's box as search parameters, {@code swlat=…&swlng=…&nelat=…&nelng=…}. */
  static String cellBox(double swlat, double swlng, double degrees, double margin) {
    double nelat = Math.min(90, swlat + degrees + margin);
    double nelng = Math.min(180, swlng + degrees + margin);
    return "swlat=" + MapSvg.f(Math.max(-90, swlat - margin)) + "&swlng=" + MapSvg.f(Math.max(-180, swlng - margin))
        + "&nelat=" + MapSvg.f(nelat) + "&nelng=" + MapSvg.f(nelng);
  }

  private static String range(double from, double to, String positive, String negative) {
    return degrees(from, positive, negative) + " – " + degrees(to, positive, negative);
  }

  private static String degrees(double v, String positive, String negative) {
    return num(Math.abs(v)) + "°" + (v == 0 ? "" : v > 0 ? " " + positive : " " + negative);
  }

  private static String num(double v) {
    return new java.math.BigDecimal(v).setScale(4, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }

  /** Seasonality (per month of year: all and research grade) and history (per year). */
  private static void charts(Map<String, Object> m, ObservationSummary summary, PageRequest ui) {
    long[] monthAll = summary.months().stream().mapToLong(Long::longValue).toArray();
    long[] monthResearch = summary.monthsResearch().stream().mapToLong(Long::longValue).toArray();
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
    List<ChartRow> seasonRows = new ArrayList<>();
    for (int i = 0; i < monthLabels.size(); i++) {
      seasonRows.add(new ChartRow(monthLabels.get(i), List.of(ui.n(monthAll[i]), ui.n(monthResearch[i]))));
    }
    m.put("seasonRows", seasonRows);
    m.put("hasDates", !summary.years().isEmpty());
    if (!summary.years().isEmpty()) {
      List<String> yearLabels = new ArrayList<>();
      for (int i = 0; i < summary.years().size(); i++) {
        yearLabels.add(Integer.toString(summary.firstYear() + i));
      }
      long[] perYear = summary.years().stream().mapToLong(Long::longValue).toArray();
      int every = Math.max(1, (int) Math.ceil(yearLabels.size() / 12.0));
      List<ChartRow> historyRows = new ArrayList<>();
      for (int i = 0; i < yearLabels.size(); i++) {
        historyRows.add(new ChartRow(yearLabels.get(i), List.of(ui.n(perYear[i]))));
      }
      m.put("historyRows", historyRows);
      m.put("historySvg", ChartSvg.bars(ui.text("taxon.history"), yearLabels,
          List.of(new ChartSvg.Series(allName, "all", perYear)), every,
          (i, ser) -> yearLabels.get(i) + ": " + ui.n(ser.values()[i])));
    }
  }
}
