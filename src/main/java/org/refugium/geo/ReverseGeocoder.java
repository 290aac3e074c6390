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
    for (GeoLayers.Region r : GeoLayers.get(GeoLayers.Level.FINE).regions) {
      if (r.contains(x, y)) {
        return Optional.of(new Place(r.countryCode(), countryName(r, language), r.name(language)));
      }
    }
    return Optional.empty();
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
