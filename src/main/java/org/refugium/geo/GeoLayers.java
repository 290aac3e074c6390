package org.refugium.geo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The map layers shipped in the jar (Natural Earth, public domain; built by scripts/geo-layers.mjs, see docs/web.md):
 * states and provinces (admin-1) with English and Russian names, rivers, lakes and populated places, at three
 * levels of detail. Coordinates are kept as integers in thousandths of a degree (x = longitude, y = latitude), the
 * quantum the files were built with, so drawing writes them without floating-point formatting.
 */
public final class GeoLayers {

  /** Thousandths of a degree per degree. */
  public static final int QUANTA = 1000;

  /** Detail by view width: simplified to about a pixel of a 1000-pixel-wide map of that width. */
  public enum Level {
    COARSE("coarse"), MEDIUM("medium"), FINE("fine");

    final String file;

    Level(String file) {
      this.file = file;
    }

    /** Coarse for views of 20° and wider, medium down to 5°, fine below. */
    public static Level forWidth(double widthDegrees) {
      return widthDegrees >= 20 ? COARSE : widthDegrees >= 5 ? MEDIUM : FINE;
    }
  }

  /** A line or ring: x0, y0, x1, y1, … in quanta, with its bounding box. */
  public record Line(int[] xy, int minX, int minY, int maxX, int maxY) {

    static Line of(int[] xy) {
      int minX = Integer.MAX_VALUE;
      int minY = Integer.MAX_VALUE;
      int maxX = Integer.MIN_VALUE;
      int maxY = Integer.MIN_VALUE;
      for (int i = 0; i < xy.length; i += 2) {
        minX = Math.min(minX, xy[i]);
        maxX = Math.max(maxX, xy[i]);
        minY = Math.min(minY, xy[i + 1]);
        maxY = Math.max(maxY, xy[i + 1]);
      }
      return new Line(xy, minX, minY, maxX, maxY);
    }

    public boolean intersects(int west, int south, int east, int north) {
      return maxX >= west && minX <= east && maxY >= south && minY <= north;
    }

    /** Even-odd crossing test against this ring. */
    boolean crosses(int x, int y) {
      boolean inside = false;
      int n = xy.length / 2;
      for (int i = 0, j = n - 1; i < n; j = i++) {
        long xi = xy[2 * i];
        long yi = xy[2 * i + 1];
        long xj = xy[2 * j];
        long yj = xy[2 * j + 1];
        if ((yi > y) != (yj > y) && x < (double) (xj - xi) * (y - yi) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
      return inside;
    }
  }

  /** A state or province: ISO 3166-2 code, country (ISO alpha-2 and English name), names, label point, rings. */
  public record Region(String code, String countryCode, String country, String nameEn, String nameRu,
      double labelLat, double labelLng, int rank, List<Line> rings, int minX, int minY, int maxX, int maxY) {

    public String name(String language) {
      return "ru".equals(language) && nameRu != null ? nameRu : nameEn;
    }

    /** Inside by the even-odd rule over all rings (holes included). */
    public boolean contains(int x, int y) {
      if (x < minX || x > maxX || y < minY || y > maxY) {
        return false;
      }
      boolean inside = false;
      for (Line r : rings) {
        if (x >= r.minX() && x <= r.maxX() && y >= r.minY() && y <= r.maxY() && r.crosses(x, y)) {
          inside = !inside;
        }
      }
      return inside;
    }
  }

  /** A populated place; {@code rank} is Natural Earth's scalerank (0 = shown first). */
  public record Place(String nameEn, String nameRu, double lat, double lng, int rank, boolean capital) {

    public String name(String language) {
      return "ru".equals(language) && nameRu != null ? nameRu : nameEn;
    }
  }

  private static final Map<Level, GeoLayers> LOADED = new java.util.concurrent.ConcurrentHashMap<>();
  private static final Object[] LOCKS = {new Object(), new Object(), new Object()};

  public final List<Region> regions;
  public final List<Line> rivers;
  public final List<Line> lakes;
  public final List<Place> places;

  private GeoLayers(List<Region> regions, List<Line> rivers, List<Line> lakes, List<Place> places) {
    this.regions = regions;
    this.rivers = rivers;
    this.lakes = lakes;
    this.places = places;
  }

  /**
   * Reads every level in a background thread (a few seconds of one core, once per process), so that the first
   * maps drawn do not wait for it; a page that comes first waits on the same lock instead of reading twice.
   */
  public static void preload() {
    Thread t = new Thread(() -> {
      for (Level level : Level.values()) {
        get(level);
      }
    }, "map-layers-preload");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  /** The layers at one level of detail, read from the jar at first use. */
  public static GeoLayers get(Level level) {
    synchronized (LOCKS[level.ordinal()]) { // one lock per level: a page needing coarse never waits for fine
      GeoLayers g = LOADED.get(level);
      if (g == null) {
        g = load(level);
        LOADED.put(level, g);
      }
      return g;
    }
  }

  private static GeoLayers load(Level level) {
    String name = "/org/refugium/web/geo/layers-" + level.file + ".json.gz";
    try (InputStream raw = GeoLayers.class.getResourceAsStream(name)) {
      if (raw == null) {
        throw new IllegalStateException("map layer missing from the jar: " + name);
      }
      JsonNode root = new ObjectMapper().readTree(new GZIPInputStream(raw));
      List<Region> regions = new ArrayList<>();
      for (JsonNode r : root.get("admin1")) {
        List<Line> rings = lines(r.get("rings"));
        int minX = Integer.MAX_VALUE;
        int minY = Integer.MAX_VALUE;
        int maxX = Integer.MIN_VALUE;
        int maxY = Integer.MIN_VALUE;
        for (Line l : rings) {
          minX = Math.min(minX, l.minX());
          minY = Math.min(minY, l.minY());
          maxX = Math.max(maxX, l.maxX());
          maxY = Math.max(maxY, l.maxY());
        }
        regions.add(new Region(text(r, "code"), text(r, "cc"), text(r, "country"), text(r, "en"), text(r, "ru"),
            r.path("lat").asDouble(), r.path("lng").asDouble(), r.path("rank").asInt(9), rings, minX, minY, maxX,
            maxY));
      }
      List<Place> places = new ArrayList<>();
      for (JsonNode p : root.get("places")) {
        places.add(new Place(text(p, "en"), text(p, "ru"), p.get("lat").asDouble(), p.get("lng").asDouble(),
            p.path("rank").asInt(9), p.path("capital").asBoolean()));
      }
      places.sort(java.util.Comparator.comparingInt(Place::rank));
      return new GeoLayers(List.copyOf(regions), lines(root.get("rivers")), lines(root.get("lakes")),
          List.copyOf(places));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }

  /** Delta-coded integer arrays (first pair absolute) to absolute coordinates. */
  private static List<Line> lines(JsonNode array) {
    List<Line> out = new ArrayList<>(array.size());
    for (JsonNode codes : array) {
      int[] xy = new int[codes.size()];
      int x = 0;
      int y = 0;
      for (int i = 0; i + 1 < xy.length; i += 2) {
        x += codes.get(i).asInt();
        y += codes.get(i + 1).asInt();
        xy[i] = x;
        xy[i + 1] = y;
      }
      out.add(Line.of(xy));
    }
    return List.copyOf(out);
  }
}
