package org.refugium.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import org.refugium.api.data.ObservationFilter;
import org.refugium.api.data.ObservationIndex.GeoCell;
import org.refugium.archive.MapGrid;

/**
 * A map as inline SVG, drawn on the server: the cached land shape ({@link LandSvg}) under the
 * observations, in plate carrée degrees (x = longitude, y = −latitude). Many observations arrive as grid
 * cells counted by the index, so a taxon with millions of records is a few thousand rectangles; few
 * arrive as fine cells and are drawn as dots.
 */
public final class MapSvg {

  /** The visible rectangle, in degrees: west edge, north edge, width, height (always 2:1). */
  public record View(double west, double north, double width, double height) {

    public static View world() {
      return new View(-180, 90, 360, 180);
    }

    /** Around a box of observations, padded, at least {@code minSpan} degrees wide, clamped to the world. */
    public static View around(ObservationFilter.BoundingBox b, double minSpan) {
      double w = MapGrid.viewWidth(b.swlat(), b.swlng(), b.nelat(), b.nelng(), minSpan);
      if (w == 360) {
        return world();
      }
      double h = w / 2;
      double cx = (b.swlng() + b.nelng()) / 2;
      double cy = (b.swlat() + b.nelat()) / 2;
      double west = Math.min(Math.max(cx - w / 2, -180), 180 - w);
      double north = Math.max(Math.min(cy + h / 2, 90), -90 + h);
      return new View(west, north, w, h);
    }

    public static View around(double lat, double lng, double span) {
      return around(new ObservationFilter.BoundingBox(lat, lng, lat, lng), span);
    }

    String viewBox() {
      return f(west) + " " + f(-north) + " " + f(width) + " " + f(height);
    }

    String land() {
      return width < LandSvg.DETAILED_BELOW_DEGREES ? "50m" : "110m";
    }
  }

  /** A marked place: an observation's point with its positional accuracy in metres (may be null). */
  public record Marker(double lat, double lng, Integer accuracyMetres) {}

  /**
   * What a readable map adds (taxon and observation pages): the layers in the page's language ({@link MapLayersSvg}),
   * a locator inset and the zoom script's hook (unless not {@code interactive}: the search page's small results map),
   * and per cell a link to its search (null: cells are not links).
   */
  public record Readable(String language, Function<GeoCell, String> link, boolean interactive) {

    /** Layers, links, the locator inset and zoom (taxon and observation pages). */
    public Readable(String language, Function<GeoCell, String> link) {
      this(language, link, true);
    }
  }

  private MapSvg() {}

  /**
   * @param label   the map's accessible name
   * @param caption per cell, its tooltip ("12 observations")
   */
  public static String render(View view, List<GeoCell> cells, double cellDegrees, Marker marker, String label,
      LongFunction<String> caption) {
    return render(view, cells, cellDegrees, marker, label, caption, null);
  }

  /** With {@code readable} set: layers, locator inset, links and zoom (see {@link Readable}); the inset follows the svg. */
  public static String render(View view, List<GeoCell> cells, double cellDegrees, Marker marker, String label,
      LongFunction<String> caption, Readable readable) {
    StringBuilder sb = new StringBuilder(4096 + cells.size() * 96);
    sb.append("<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"").append(view.viewBox())
        .append("\" preserveAspectRatio=\"xMidYMid meet\" role=\"img\" aria-label=\"").append(Html.escape(label))
        .append("\" data-cells=\"").append(cells.size()).append("\"").append(readable == null || !readable.interactive() ? "" : " data-zoom")
        .append(">");
    sb.append("<rect class=\"sea\" x=\"").append(f(view.west())).append("\" y=\"").append(f(-view.north()))
        .append("\" width=\"").append(f(view.width())).append("\" height=\"").append(f(view.height())).append("\"/>");
    if (readable == null) {
      graticule(sb, view);
    }
    sb.append("<use class=\"land\" href=\"/assets/land-").append(view.land()).append(".svg#land\"/>");
    if (readable != null) { // over the land, so inland maps show their lines
      graticule(sb, view);
      MapLayersSvg.append(sb, view, readable.language());
    }
    boolean dots = cellDegrees < view.width() / 300;
    long max = 1;
    for (GeoCell c : cells) {
      max = Math.max(max, c.count());
    }
    double r = view.width() / 160;
    sb.append("<g class=\"obs\">");
    Map<Long, String> titles = new HashMap<>(); // cells share counts (many hold 1, 2, 3…): one message format each
    String radius = f(r);
    String size = f(cellDegrees);
    for (GeoCell c : cells) {
      String title = titles.computeIfAbsent(c.count(), n -> "<title>" + Html.escape(caption.apply(n)) + "</title>");
      String href = readable == null || readable.link() == null ? null : readable.link().apply(c);
      if (href != null) { // for the mouse; keyboards and screen readers have the same links in the map's data table
        sb.append("<a href=\"").append(Html.escape(href)).append("\" tabindex=\"-1\">");
      }
      if (dots) {
        sb.append("<circle class=\"dot\" cx=\"").append(f(c.swlng() + cellDegrees / 2)).append("\" cy=\"")
            .append(f(-(c.swlat() + cellDegrees / 2))).append("\" r=\"").append(radius).append("\">").append(title)
            .append("</circle>");
      } else {
        int level = (int) Math.min(4, Math.floor(5 * Math.log1p(c.count()) / Math.log1p(max + 1e-9)));
        sb.append("<rect class=\"cell c").append(level).append("\" x=\"").append(f(c.swlng())).append("\" y=\"")
            .append(f(-(c.swlat() + cellDegrees))).append("\" width=\"").append(size).append("\" height=\"")
            .append(size).append("\">").append(title).append("</rect>");
      }
      if (href != null) {
        sb.append("</a>");
      }
    }
    sb.append("</g>");
    if (marker != null) {
      double accuracyDeg = marker.accuracyMetres() == null ? 0 : marker.accuracyMetres() / 111_320.0;
      if (accuracyDeg > r) { // the circle of uncertainty, when it is bigger than the dot
        sb.append("<circle class=\"accuracy\" cx=\"").append(f(marker.lng())).append("\" cy=\"").append(f(-marker.lat()))
            .append("\" r=\"").append(f(accuracyDeg)).append("\"/>");
      }
      sb.append("<circle class=\"marker\" cx=\"").append(f(marker.lng())).append("\" cy=\"").append(f(-marker.lat()))
          .append("\" r=\"").append(f(view.width() / 70)).append("\"/>"); // visible at any zoom
    }
    sb.append("</svg>");
    if (readable != null && readable.interactive() && view.width() < 360) {
      inset(sb, view);
    }
    return sb.toString();
  }

  /** A small world map with the view's rectangle, so a regional map says where on Earth it is. */
  private static void inset(StringBuilder sb, View v) {
    double minSide = 3; // a rectangle of a few degrees still shows on a 360° map
    double w = Math.max(v.width(), minSide);
    double h = Math.max(v.height(), minSide / 2);
    sb.append("<svg class=\"inset\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-180 -90 360 180\" "
        + "aria-hidden=\"true\" focusable=\"false\"><rect class=\"sea\" x=\"-180\" y=\"-90\" width=\"360\" "
        + "height=\"180\"/><use class=\"land\" href=\"/assets/land-110m.svg#land\"/><rect class=\"inset-view\" x=\"")
        .append(f(v.west() + v.width() / 2 - w / 2)).append("\" y=\"").append(f(-v.north() + v.height() / 2 - h / 2))
        .append("\" width=\"").append(f(w)).append("\" height=\"").append(f(h)).append("\"/></svg>");
  }

  private static void graticule(StringBuilder sb, View v) {
    double step = v.width() > 120 ? 30 : v.width() > 30 ? 10 : v.width() > 8 ? 2 : 0.5;
    sb.append("<path class=\"graticule\" d=\"");
    for (double x = Math.ceil(v.west() / step) * step; x <= v.west() + v.width(); x += step) {
      sb.append('M').append(f(x)).append(' ').append(f(-v.north())).append('v').append(f(v.height()));
    }
    for (double y = Math.ceil((v.north() - v.height()) / step) * step; y <= v.north(); y += step) {
      sb.append('M').append(f(v.west())).append(' ').append(f(-y)).append('h').append(f(v.width()));
    }
    sb.append("\"/>");
  }

  /**
   * A coordinate with at most 4 decimals, trailing zeros dropped. By hand: a map of a big taxon writes thousands of
   * cells, and String.format plus two regular expressions per number was most of the taxon page's time.
   */
  static String f(double d) {
    long scaled = Math.round(Math.abs(d) * 10_000); // halves away from zero, as %.4f
    StringBuilder sb = new StringBuilder(12);
    if (d < 0 && scaled != 0) {
      sb.append('-');
    }
    sb.append(scaled / 10_000);
    long fraction = scaled % 10_000;
    if (fraction != 0) {
      sb.append('.');
      for (long unit = 1_000; fraction != 0; unit /= 10) {
        sb.append((char) ('0' + fraction / unit));
        fraction %= unit;
      }
    }
    return sb.toString();
  }
}
