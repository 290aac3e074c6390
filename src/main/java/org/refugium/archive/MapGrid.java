package org.refugium.archive;

/**
 * Which view and grid a map of observations is drawn with, from their bounding box and count. Shared by the
 * pages, which draw the map, and the import, which counts the cells of big taxa ahead of time: both must pick
 * the same cell size for the stored cells to be the ones the page would have counted.
 */
public final class MapGrid {

  /** The narrowest view of a taxon's map, in degrees of longitude (a single point still shows its region). */
  public static final double MIN_SPAN_DEGREES = 20;

  /** Up to this many observations, fine cells (drawn as dots); above it about 90 cells across the view. */
  public static final long DOTS_UP_TO = 2_000;

  private MapGrid() {}

  /**
   * Width in degrees of the view around a box: padded by 30%, at least {@code minSpan} wide and 2:1; 360 (the
   * world) when that is near-global or the box crosses the antimeridian.
   */
  public static double viewWidth(double swlat, double swlng, double nelat, double nelng, double minSpan) {
    double w = Math.max(minSpan, (nelng - swlng) * 1.3);
    double h = Math.max(w / 2, (nelat - swlat) * 1.3);
    w = Math.max(w, h * 2);
    return w >= 300 || swlng > nelng ? 360 : w;
  }

  /** Grid cell size for a view of this width showing this many observations. */
  public static double cellDegrees(double viewWidth, long observations) {
    if (observations <= DOTS_UP_TO) {
      return 0.01;
    }
    double target = viewWidth / 90;
    for (double step : new double[] {0.1, 0.25, 0.5, 1, 2, 5}) {
      if (step >= target) {
        return step;
      }
    }
    return 5;
  }
}
