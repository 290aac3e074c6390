package org.refugium.web;

import java.util.ArrayList;
import java.util.List;
import org.refugium.geo.GeoLayers;
import org.refugium.geo.GeoLayers.Line;

/**
 * The layers drawn over the land of a map view: lakes, states and provinces, rivers, populated places and region
 * names, in the page's language. The detail is chosen by the view's width and only what crosses the view is written
 * (segments outside it are dropped, points closer than about a pixel are merged), so a page or a zoomed fragment
 * stays a few tens of kilobytes wherever it looks.
 */
final class MapLayersSvg {

  /** Most labels of each kind in one view; the greedy spacing below usually stops earlier. */
  static final int MAX_PLACES = 30;
  static final int MAX_REGION_LABELS = 40;

  private MapLayersSvg() {}

  /** {@code <g class="layers">…</g>} for the view. */
  static String render(MapSvg.View v, String language) {
    StringBuilder sb = new StringBuilder(16_384);
    append(sb, v, language);
    return sb.toString();
  }

  static void append(StringBuilder sb, MapSvg.View v, String language) {
    GeoLayers layers = GeoLayers.get(GeoLayers.Level.forWidth(v.width()));
    int q = GeoLayers.QUANTA;
    double pad = v.width() * 0.02;
    int west = (int) Math.floor((v.west() - pad) * q);
    int east = (int) Math.ceil((v.west() + v.width() + pad) * q);
    int north = (int) Math.ceil((v.north() + pad) * q);
    int south = (int) Math.floor((v.north() - v.height() - pad) * q);
    int step = Math.max(1, (int) (v.width() * q / 1200)); // about a pixel of a 1200-pixel-wide map
    sb.append("<g class=\"layers\" data-level=\"").append(GeoLayers.Level.forWidth(v.width()).name().toLowerCase())
        .append("\">");

    sb.append("<path class=\"lakes\" d=\"");
    for (Line l : layers.lakes) {
      if (l.intersects(west, south, east, north)) {
        ring(sb, l, step);
      }
    }
    sb.append("\"/>");

    if (v.width() <= 90) { // states and provinces are clutter on a world map
      sb.append("<path class=\"admin1\" d=\"");
      for (GeoLayers.Region r : layers.regions) {
        if (r.maxX() < west || r.minX() > east || r.maxY() < south || r.minY() > north) {
          continue;
        }
        for (Line l : r.rings()) {
          if (l.intersects(west, south, east, north)) {
            clipped(sb, l, step, west, south, east, north, true);
          }
        }
      }
      sb.append("\"/>");
    }

    sb.append("<path class=\"rivers\" d=\"");
    for (Line l : layers.rivers) {
      if (l.intersects(west, south, east, north)) {
        clipped(sb, l, step, west, south, east, north, false);
      }
    }
    sb.append("\"/>");

    labels(sb, v, language, layers);
    sb.append("</g>");
  }

  /** Places (dot and name) by rank, then region names, skipping any that would overlap one already placed. */
  private static void labels(StringBuilder sb, MapSvg.View v, String language, GeoLayers layers) {
    double w = v.width();
    double font = w / 60;
    List<double[]> taken = new ArrayList<>();
    // the region at the view's centre (where the observations are) is named first, whatever the clutter
    GeoLayers.Region central = null;
    if (w <= 60) {
      int cx = (int) Math.round((v.west() + w / 2) * GeoLayers.QUANTA);
      int cy = (int) Math.round((v.north() - v.height() / 2) * GeoLayers.QUANTA);
      for (GeoLayers.Region r : layers.regions) {
        if (r.contains(cx, cy)) {
          central = r;
          taken.add(new double[] {r.labelLng(), r.labelLat()});
          break;
        }
      }
    }
    sb.append("<g class=\"places\" font-size=\"").append(MapSvg.f(font)).append("\">");
    int placed = 0;
    // the coarse level carries the places; every level uses them
    for (GeoLayers.Place p : GeoLayers.get(GeoLayers.Level.COARSE).places) {
      if (placed >= MAX_PLACES || !inside(v, p.lat(), p.lng()) || !free(taken, p.lng(), p.lat(), w)) {
        continue;
      }
      taken.add(new double[] {p.lng(), p.lat()});
      placed++;
      String x = MapSvg.f(p.lng());
      String y = MapSvg.f(-p.lat());
      sb.append("<circle class=\"place").append(p.capital() ? " capital" : "").append("\" cx=\"").append(x)
          .append("\" cy=\"").append(y).append("\" r=\"").append(MapSvg.f(w / 300)).append("\"/>")
          .append("<text x=\"").append(MapSvg.f(p.lng() + w / 200)).append("\" y=\"").append(MapSvg.f(-p.lat() + font / 3))
          .append("\">").append(Html.escape(p.name(language))).append("</text>");
    }
    sb.append("</g>");
    if (w > 60) {
      return;
    }
    sb.append("<g class=\"regions\" font-size=\"").append(MapSvg.f(font * 0.85)).append("\">");
    List<GeoLayers.Region> regions = new ArrayList<>();
    for (GeoLayers.Region r : layers.regions) {
      if (inside(v, r.labelLat(), r.labelLng())) {
        regions.add(r);
      }
    }
    regions.sort(java.util.Comparator.comparingInt(GeoLayers.Region::rank));
    if (central != null && inside(v, central.labelLat(), central.labelLng())) {
      regions.remove(central);
      regions.add(0, central);
    } else if (central != null) { // zoomed in past its label point: name it at the top of the view
      sb.append("<text class=\"here\" x=\"").append(MapSvg.f(v.west() + w / 2)).append("\" y=\"")
          .append(MapSvg.f(-v.north() + v.height() * 0.08)).append("\" text-anchor=\"middle\">")
          .append(Html.escape(central.name(language))).append("</text>");
    }
    int labelled = 0;
    for (GeoLayers.Region r : regions) {
      if (labelled >= MAX_REGION_LABELS || (r != central && !free(taken, r.labelLng(), r.labelLat(), w))) {
        continue;
      }
      if (r != central) {
        taken.add(new double[] {r.labelLng(), r.labelLat()});
      }
      labelled++;
      sb.append("<text x=\"").append(MapSvg.f(r.labelLng())).append("\" y=\"").append(MapSvg.f(-r.labelLat()))
          .append("\" text-anchor=\"middle\">").append(Html.escape(r.name(language))).append("</text>");
    }
    sb.append("</g>");
  }

  static boolean inside(MapSvg.View v, double lat, double lng) {
    return lng >= v.west() && lng <= v.west() + v.width() && lat <= v.north() && lat >= v.north() - v.height();
  }

  /** No label within about a tenth of the view's width (horizontally) and a fortieth (vertically). */
  private static boolean free(List<double[]> taken, double x, double y, double w) {
    for (double[] t : taken) {
      if (Math.abs(t[0] - x) < w / 10 && Math.abs(t[1] - y) < w / 40) {
        return false;
      }
    }
    return true;
  }

  /** A closed ring (lakes are filled): every point, thinned to the step. */
  private static void ring(StringBuilder sb, Line l, int step) {
    int[] xy = l.xy();
    int px = xy[0];
    int py = xy[1];
    sb.append('M');
    num(sb, px);
    sb.append(' ');
    num(sb, -py);
    int n = xy.length / 2;
    for (int i = 1; i < n; i++) {
      int x = xy[2 * i];
      int y = xy[2 * i + 1];
      if (Math.abs(x - px) + Math.abs(y - py) < step) {
        continue;
      }
      sb.append('l');
      num(sb, x - px);
      sb.append(' ');
      num(sb, -(y - py));
      px = x;
      py = y;
    }
    sb.append('z');
  }

  /**
   * A line (or a ring drawn as its outline) with only the runs of segments that cross the box, each run a
   * subpath, thinned to the step (a run's last point is always kept so lines meet).
   */
  private static void clipped(StringBuilder sb, Line l, int step, int west, int south, int east, int north,
      boolean closed) {
    int[] xy = l.xy();
    int n = xy.length / 2;
    int segments = closed ? n : n - 1;
    boolean open = false;
    int px = 0;
    int py = 0;
    for (int s = 0; s < segments; s++) {
      int ax = xy[2 * s];
      int ay = xy[2 * s + 1];
      int b = (s + 1) % n;
      int bx = xy[2 * b];
      int by = xy[2 * b + 1];
      boolean visible = Math.max(ax, bx) >= west && Math.min(ax, bx) <= east && Math.max(ay, by) >= south
          && Math.min(ay, by) <= north;
      if (!visible) {
        if (open && (ax != px || ay != py)) { // end the run on its last visible point
          lineTo(sb, ax - px, ay - py);
        }
        open = false;
        continue;
      }
      if (!open) {
        sb.append('M');
        num(sb, ax);
        sb.append(' ');
        num(sb, -ay);
        px = ax;
        py = ay;
        open = true;
      }
      boolean last = s == segments - 1;
      if (last || Math.abs(bx - px) + Math.abs(by - py) >= step) {
        lineTo(sb, bx - px, by - py);
        px = bx;
        py = by;
      }
    }
  }

  private static void lineTo(StringBuilder sb, int dx, int dy) {
    sb.append('l');
    num(sb, dx);
    sb.append(' ');
    num(sb, -dy);
  }

  /** Quanta (thousandths of a degree) as the shortest decimal: 1500 → 1.5, -20 → -.02, 0 → 0. */
  static void num(StringBuilder sb, int quanta) {
    if (quanta < 0) {
      sb.append('-');
      quanta = -quanta;
    }
    int whole = quanta / GeoLayers.QUANTA;
    int frac = quanta % GeoLayers.QUANTA;
    if (whole != 0 || frac == 0) {
      sb.append(whole);
    }
    if (frac != 0) {
      sb.append('.');
      if (frac < 100) {
        sb.append('0');
      }
      if (frac < 10) {
        sb.append('0');
      }
      while (frac % 10 == 0) {
        frac /= 10;
      }
      sb.append(frac);
    }
  }
}
