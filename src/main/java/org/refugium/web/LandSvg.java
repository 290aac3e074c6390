package org.refugium.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The base map: Natural Earth countries (public domain) from the world-atlas package's TopoJSON (ISC),
 * shipped in the jar, turned once into one SVG path in plate carrée coordinates (x = longitude, y = −latitude);
 * filled, it is the land, and its strokes are the coastlines and borders. The path is built once,
 * so pages zoom by choosing a viewBox and draw their points in degrees. Served as a static, cacheable
 * file; pages reference it with {@code <use href="/assets/land-110m.svg#land">}.
 */
public final class LandSvg {

  /** 110m for whole-world and continental views; 50m when the view spans less than this many degrees. */
  public static final double DETAILED_BELOW_DEGREES = 60;

  private static volatile byte[] coarse;
  private static volatile byte[] detailed;

  private LandSvg() {}

  public static byte[] get(String resolution) {
    if (resolution.equals("50m")) {
      byte[] d = detailed;
      if (d == null) {
        detailed = d = build("countries-50m.json", 2);
      }
      return d;
    }
    byte[] c = coarse;
    if (c == null) {
      coarse = c = build("countries-110m.json", 2);
    }
    return c;
  }

  static byte[] build(String resource, int decimals) {
    try (InputStream in = LandSvg.class.getResourceAsStream("/org/refugium/web/geo/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("missing map resource " + resource);
      }
      JsonNode topo = new ObjectMapper().readTree(in);
      String path = toPath(topo, decimals);
      String svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-180 -90 360 180\">"
          + "<!-- Natural Earth land (public domain), via world-atlas (ISC, Michael Bostock) -->"
          + "<path id=\"land\" vector-effect=\"non-scaling-stroke\" d=\"" + path + "\"/></svg>";
      return svg.getBytes(StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every polygon ring of every geometry as absolute moves and relative lines, rounded to {@code decimals}. */
  static String toPath(JsonNode topo, int decimals) {
    List<double[][]> arcs = decodeArcs(topo);
    double scale = Math.pow(10, decimals);
    StringBuilder sb = new StringBuilder(1 << 20);
    for (JsonNode object : topo.get("objects")) {
      List<JsonNode> geometries = new ArrayList<>();
      if (object.has("geometries")) {
        object.get("geometries").forEach(geometries::add);
      } else {
        geometries.add(object);
      }
      for (JsonNode g : geometries) {
        String type = g.path("type").asText();
        if (type.equals("Polygon")) {
          for (JsonNode ring : g.get("arcs")) {
            ring(sb, arcs, ring, scale);
          }
        } else if (type.equals("MultiPolygon")) {
          for (JsonNode polygon : g.get("arcs")) {
            for (JsonNode ring : polygon) {
              ring(sb, arcs, ring, scale);
            }
          }
        }
      }
    }
    return sb.toString();
  }

  /** TopoJSON arcs: quantized, delta-encoded positions; transform to degrees. */
  static List<double[][]> decodeArcs(JsonNode topo) {
    JsonNode t = topo.get("transform");
    double sx = t == null ? 1 : t.get("scale").get(0).asDouble();
    double sy = t == null ? 1 : t.get("scale").get(1).asDouble();
    double tx = t == null ? 0 : t.get("translate").get(0).asDouble();
    double ty = t == null ? 0 : t.get("translate").get(1).asDouble();
    List<double[][]> out = new ArrayList<>();
    for (JsonNode arc : topo.get("arcs")) {
      double[][] pts = new double[arc.size()][];
      long x = 0;
      long y = 0;
      for (int i = 0; i < arc.size(); i++) {
        if (t != null) {
          x += arc.get(i).get(0).asLong();
          y += arc.get(i).get(1).asLong();
          pts[i] = new double[] {x * sx + tx, y * sy + ty};
        } else {
          pts[i] = new double[] {arc.get(i).get(0).asDouble(), arc.get(i).get(1).asDouble()};
        }
      }
      out.add(pts);
    }
    return out;
  }

  /**
   * One ring. TopoJSON from world-atlas is spherical: a ring may cross the antimeridian (Chukotka, Fiji) or
   * circle a pole (Antarctica). On a flat map the ring's longitudes are unwrapped so it stays continuous,
   * a polar ring is closed along the pole, and a ring reaching past ±180° is drawn again shifted by 360°
   * (the map's viewport clips what lies outside the world).
   */
  private static void ring(StringBuilder sb, List<double[][]> arcs, JsonNode ring, double scale) {
    List<double[]> points = new ArrayList<>();
    for (JsonNode a : ring) {
      int index = a.asInt();
      double[][] arc = arcs.get(index >= 0 ? index : ~index);
      int n = arc.length;
      for (int i = points.isEmpty() ? 0 : 1; i < n; i++) { // an arc starts where the previous one ended
        points.add(index >= 0 ? arc[i] : arc[n - 1 - i]);
      }
    }
    if (points.isEmpty()) {
      return;
    }
    List<double[]> flat = new ArrayList<>(points.size() + 2);
    double prev = points.get(0)[0];
    double min = prev;
    double max = prev;
    double latSum = 0;
    for (double[] p : points) {
      double lng = p[0];
      while (lng - prev > 180) {
        lng -= 360;
      }
      while (lng - prev < -180) {
        lng += 360;
      }
      flat.add(new double[] {lng, p[1]});
      latSum += p[1];
      prev = lng;
      min = Math.min(min, lng);
      max = Math.max(max, lng);
    }
    double first = flat.get(0)[0];
    double last = flat.get(flat.size() - 1)[0];
    if (Math.abs(last - first) > 180) { // goes once around the globe: a polar ring, closed along the pole
      double pole = latSum / flat.size() < 0 ? -90 : 90;
      flat.add(new double[] {last, pole});
      flat.add(new double[] {first, pole});
    }
    emit(sb, flat, 0, scale);
    if (max > 180) {
      emit(sb, flat, -360, scale);
    }
    if (min < -180) {
      emit(sb, flat, 360, scale);
    }
  }

  private static void emit(StringBuilder sb, List<double[]> points, double shift, double scale) {
    long px = 0;
    long py = 0;
    boolean first = true;
    for (double[] p : points) {
      long x = Math.round((p[0] + shift) * scale);
      long y = Math.round(-p[1] * scale);
      if (first) {
        sb.append('M').append(num(x, scale)).append(' ').append(num(y, scale));
        first = false;
      } else if (x != px || y != py) {
        sb.append('l').append(num(x - px, scale)).append(' ').append(num(y - py, scale));
      }
      px = x;
      py = y;
    }
    sb.append('z');
  }

  /** Fixed-point to the shortest decimal text: 1234 at scale 100 → 12.34, -5 → -.05. */
  static String num(long fixed, double scale) {
    if (fixed == 0) {
      return "0";
    }
    String s = String.format(Locale.ROOT, "%.2f", fixed / scale);
    s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    return s.replace("-0.", "-.").replaceFirst("^0\\.", ".");
  }
}
