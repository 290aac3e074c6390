package org.refugium.geo;

import java.util.Locale;
import java.util.Optional;

/**
 * Country and state/province of a point, by point-in-polygon against the shipped Natural Earth admin-1 boundaries
 * (the finest level: about 300 m simplification, 100 m quanta). Used where an export carries no place for an
 * observation. A point at sea, or within a few hundred metres of a coast the simplification moved, has none.
 */
public final class ReverseGeocoder {

  /** A place named in one language: country and region, each possibly null. */
  public record Place(String countryCode, String country, String region) {

    /** "Region, Country", or what exists of it. */
    public String label() {
      if (region == null || region.equals(country)) {
        return country;
      }
      return country == null ? region : region + ", " + country;
    }
  }

  private ReverseGeocoder() {}

  public static Optional<Place> lookup(double lat, double lng, String language) {
    if (!(Math.abs(lat) <= 90 && Math.abs(lng) <= 180)) {
      return Optional.empty();
    }
    int x = (int) Math.round(lng * GeoLayers.QUANTA);
    int y = (int) Math.round(lat * GeoLayers.QUANTA);
    for (GeoLayers.Region r : Grid.INDEX.candidates(x, y)) {
      if (r.contains(x, y)) {
        return Optional.of(new Place(r.countryCode(), countryName(r, language), r.name(language)));
      }
    }
    return Optional.empty();
  }

  /** The regions by 5° cells of their bounding boxes, so a look-up tests a handful of polygons, not 4,600. */
  private static final class Grid {

    static final Grid INDEX = new Grid(GeoLayers.get(GeoLayers.Level.FINE));
    private static final int CELL = 5 * GeoLayers.QUANTA;
    private static final int COLUMNS = 72;
    private final java.util.List<java.util.List<GeoLayers.Region>> cells = new java.util.ArrayList<>();

    Grid(GeoLayers layers) {
      for (int i = 0; i < COLUMNS * 36; i++) {
        cells.add(new java.util.ArrayList<>());
      }
      for (GeoLayers.Region r : layers.regions) {
        for (int cy = row(r.minY()); cy <= row(r.maxY()); cy++) {
          for (int cx = column(r.minX()); cx <= column(r.maxX()); cx++) {
            cells.get(cy * COLUMNS + cx).add(r);
          }
        }
      }
    }

    private static int column(int x) {
      return Math.max(0, Math.min(COLUMNS - 1, Math.floorDiv(x + 180 * GeoLayers.QUANTA, CELL)));
    }

    private static int row(int y) {
      return Math.max(0, Math.min(35, Math.floorDiv(y + 90 * GeoLayers.QUANTA, CELL)));
    }

    java.util.List<GeoLayers.Region> candidates(int x, int y) {
      return cells.get(row(y) * COLUMNS + column(x));
    }
  }

  /** The country in the page's language from the JDK's locale data, by ISO code; Natural Earth's English name else. */
  static String countryName(GeoLayers.Region r, String language) {
    String cc = r.countryCode();
    if (cc != null && cc.matches("[A-Z]{2}")) {
      String name = Locale.of("", cc).getDisplayCountry(Locale.forLanguageTag(language));
      if (!name.isBlank() && !name.equals(cc)) {
        return name;
      }
    }
    return r.country();
  }
}
