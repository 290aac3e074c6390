package org.refugium.web;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;
import org.refugium.api.ApiException;

/**
 * The layers of one map view as a small SVG document, for the zoom script (assets/map.js): the page's map asks for
 * the view it zoomed or panned to and swaps its {@code <g class="layers">} for this one. Everything comes from the
 * jar (offline); the answer depends only on the query, so browsers may cache it.
 */
@Path("/map/layers")
public final class MapLayersResource {

  /** Narrower than this (about 5 km) the shipped data has nothing more to show. */
  static final double MIN_WIDTH = 0.05;

  @GET
  public Response layers(@QueryParam("west") String west, @QueryParam("north") String north,
      @QueryParam("width") String width, @QueryParam("locale") String locale) {
    double w = number("width", width, MIN_WIDTH, 360);
    double x = number("west", west, -180 - w, 180);
    double n = number("north", north, -90, 90 + w / 2);
    String lang = UiLocale.supported(locale) == null ? UiLocale.SUPPORTED.get(0) : UiLocale.supported(locale);
    MapSvg.View view = new MapSvg.View(x, n, w, w / 2);
    String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"" + view.viewBox() + "\">"
        + MapLayersSvg.render(view, lang) + "</svg>";
    CacheControl cache = new CacheControl();
    cache.setMaxAge(3600);
    return Response.ok(svg, "image/svg+xml; charset=utf-8").cacheControl(cache).build();
  }

  private static double number(String name, String value, double min, double max) {
    if (value == null || value.isBlank()) {
      throw new ApiException(400, name + " is required (degrees)");
    }
    double d;
    try {
      d = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      throw new ApiException(400, name + " must be a number of degrees, not '" + abbreviate(value) + "'");
    }
    if (!(d >= min && d <= max)) {
      throw new ApiException(400, String.format(java.util.Locale.ROOT, "%s must be between %.3f and %.3f degrees",
          name, min, max));
    }
    return d;
  }

  private static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }
}
