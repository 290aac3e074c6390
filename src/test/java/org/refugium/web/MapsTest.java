package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inland maps on a real node with the Open Data sample: taxon 49490 (Cladonia) is observed once, east of Moscow
 * (55.95 N, 38.98 E), and taxon 24268 (Pseudacris crucifer) once in Arkansas (35.73 N, 94.37 W). Their maps must show
 * states and provinces, water and names inside the view, link the dot to a search that finds the observation,
 * and the observation page must name its place, which the Open Data export does not carry.
 */
class MapsTest {

  static final int MOSCOW_TAXON = 49490;
  static final int ARKANSAS_TAXON = 24268;

  @TempDir
  static Path tmp;
  static WebNode node;

  @BeforeAll
  static void start() throws Exception {
    node = WebNode.start(tmp);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  /** The taxon page's map: the viewBox as west, top (−north), width, height. */
  record Map(double[] viewBox, String svg) {

    static Map of(String page) {
      Matcher m = Pattern.compile("<svg class=\"map\"[^>]*viewBox=\"([^\"]+)\"[^>]*data-zoom[^>]*>(.*?)</svg>",
          Pattern.DOTALL).matcher(page);
      assertThat(m.find()).as("a zoomable map on the page").isTrue();
      String[] v = m.group(1).split(" ");
      return new Map(new double[] {Double.parseDouble(v[0]), Double.parseDouble(v[1]), Double.parseDouble(v[2]),
          Double.parseDouble(v[3])}, m.group(2));
    }

    boolean inside(double x, double y) {
      return x >= viewBox[0] && x <= viewBox[0] + viewBox[2] && y >= viewBox[1] && y <= viewBox[1] + viewBox[3];
    }

    /** Points of the path with this class (M absolute, l relative) that lie inside the view. */
    long pointsInside(String cssClass) {
      Matcher m = Pattern.compile("<path class=\"" + cssClass + "\" d=\"([^\"]*)\"").matcher(svg);
      assertThat(m.find()).as("path " + cssClass).isTrue();
      Matcher step = Pattern.compile("([Mlz])\\s*(-?[\\d.]+)?\\s*(-?[\\d.]+)?").matcher(m.group(1));
      double x = 0;
      double y = 0;
      long inside = 0;
      while (step.find()) {
        if (step.group(1).equals("z")) {
          continue;
        }
        double a = Double.parseDouble(step.group(2));
        double b = Double.parseDouble(step.group(3));
        x = step.group(1).equals("M") ? a : x + a;
        y = step.group(1).equals("M") ? b : y + b;
        if (inside(x, y)) {
          inside++;
        }
      }
      return inside;
    }

    /** The labels of a group ("places" or "regions") whose anchor lies inside the view. */
    List<String> labelsInside(String group) {
      Matcher g = Pattern.compile("<g class=\"" + group + "\"[^>]*>(.*?)</g>", Pattern.DOTALL).matcher(svg);
      assertThat(g.find()).as("group " + group).isTrue();
      Matcher t = Pattern.compile("<text x=\"(-?[\\d.]+)\" y=\"(-?[\\d.]+)\"[^>]*>([^<]+)</text>").matcher(g.group(1));
      List<String> out = new ArrayList<>();
      while (t.find()) {
        if (inside(Double.parseDouble(t.group(1)), Double.parseDouble(t.group(2)))) {
          out.add(t.group(3));
        }
      }
      return out;
    }
  }

  private String page(String path, String lang) throws Exception {
    HttpResponse<String> r = node.get(path + (path.contains("?") ? "&" : "?") + "locale=" + lang);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  @Test
  void moscowRegionMapShowsProvincesWaterAndNames() throws Exception {
    Map ru = Map.of(page("/taxa/" + MOSCOW_TAXON, "ru"));
    // the observation (55.95 N, 38.98 E) is in the view
    assertThat(ru.inside(38.98, -55.95)).isTrue();
    assertThat(ru.pointsInside("admin1")).as("oblast boundaries").isGreaterThan(50);
    assertThat(ru.pointsInside("rivers") + ru.pointsInside("lakes")).as("the Volga, lakes").isGreaterThan(10);
    // Natural Earth's 1:110m places carry no Russian names; Moscow takes its admin-1 unit's (docs/web.md)
    assertThat(ru.labelsInside("places")).contains("Москва").doesNotContain("Moscow");
    assertThat(ru.labelsInside("regions")).contains("Московская область");
    Map en = Map.of(page("/taxa/" + MOSCOW_TAXON, "en"));
    assertThat(en.labelsInside("places")).contains("Moscow");
    assertThat(String.join("|", en.labelsInside("regions"))).contains("Moscow").doesNotContain("Московская");
  }

  @Test
  void arkansasMapShowsStatesRiversAndNames() throws Exception {
    String page = page("/taxa/" + ARKANSAS_TAXON, "en");
    Map en = Map.of(page);
    assertThat(en.inside(-94.37, -35.73)).isTrue();
    assertThat(en.pointsInside("admin1")).as("state boundaries").isGreaterThan(50);
    assertThat(en.pointsInside("rivers")).as("the Mississippi, the Arkansas").isGreaterThan(10);
    assertThat(en.labelsInside("regions")).contains("Arkansas");
    // Natural Earth's 1:110m populated places (the only ones an npm package re-publishes) have none near Arkansas
    assertThat(Map.of(page("/taxa/" + ARKANSAS_TAXON, "ru")).labelsInside("regions")).contains("Арканзас");
    // the locator: a world map with the view's rectangle, after the map
    assertThat(page).containsPattern("<svg class=\"inset\"[^>]*viewBox=\"-180 -90 360 180\"[^>]*>.*<rect class=\"inset-view\"");
  }

  /** Follows the dot's link on the real server: the search it opens finds the observation the API lists. */
  @Test
  void dotLinkLeadsToASearchThatFindsTheObservation() throws Exception {
    for (int taxon : new int[] {MOSCOW_TAXON, ARKANSAS_TAXON}) {
      JsonNode api = new ObjectMapper().readTree(node.get("/v1/observations?taxon_id=" + taxon).body());
      assertThat(api.get("total_results").asInt()).isEqualTo(1);
      long id = api.get("results").get(0).get("id").asLong();

      Map map = Map.of(page("/taxa/" + taxon, "en"));
      Matcher link = Pattern.compile("<a href=\"([^\"]+)\" tabindex=\"-1\"><circle class=\"dot\"").matcher(map.svg());
      assertThat(link.find()).as("the dot is a link").isTrue();
      String href = link.group(1).replace("&amp;", "&");
      assertThat(href).startsWith("/?taxon_id=" + taxon + "&swlat=");
      String results = page(href, "en");
      assertThat(results).contains("/observations/" + id);
    }
  }

  /** The search page's results map: each dot's link keeps the search's filters and adds the dot's box. */
  @Test
  void searchMapDotsLinkToTheSearchNarrowedToTheirBox() throws Exception {
    JsonNode api = new ObjectMapper().readTree(node.get("/v1/observations?taxon_id=" + ARKANSAS_TAXON).body());
    long id = api.get("results").get(0).get("id").asLong();
    String search = page("/?taxon_id=" + ARKANSAS_TAXON + "&quality_grade=research", "en");
    Matcher figure = Pattern.compile("<figure class=\"resultsmap\">(.*?)</figure>", Pattern.DOTALL).matcher(search);
    assertThat(figure.find()).as("a results map").isTrue();
    Matcher link = Pattern.compile("<a href=\"([^\"]+)\" tabindex=\"-1\"><circle class=\"dot\"").matcher(figure.group(1));
    assertThat(link.find()).isTrue();
    String href = link.group(1).replace("&amp;", "&");
    assertThat(href).contains("taxon_id=" + ARKANSAS_TAXON).contains("quality_grade=research").contains("&swlat=");
    assertThat(page(href, "en")).contains("/observations/" + id);
    assertThat(figure.group(1)).contains("<path class=\"admin1\"").doesNotContain("class=\"inset\"");
  }

  /**
   * The Arkansas observation (35.729 N, 94.369 W) lies some 7 km east of the Oklahoma line (94.43 W at that latitude,
   * north of Fort Smith): Natural Earth's boundaries put it in Arkansas, United States; the Open Data export has no
   * place for it.
   */
  @Test
  void observationPageNamesThePlaceTheExportLacks() throws Exception {
    JsonNode api = new ObjectMapper().readTree(node.get("/v1/observations?taxon_id=" + ARKANSAS_TAXON).body());
    JsonNode o = api.get("results").get(0);
    assertThat(o.path("place_guess").isNull() || o.path("place_guess").isMissingNode()).as("no place").isTrue();
    long id = o.get("id").asLong();
    String en = page("/observations/" + id, "en");
    assertThat(en).contains("<p class=\"place\" data-place=\"derived\">Arkansas, United States <small>");
    String ru = page("/observations/" + id, "ru");
    assertThat(ru).containsPattern("<p class=\"place\" data-place=\"derived\">Арканзас, Соедин[её]нные Штаты <small>");
    Map map = Map.of(en);
    assertThat(map.pointsInside("admin1")).isGreaterThan(10);
    assertThat(en).contains("<svg class=\"inset\"");
  }

  /** The zoom script's layers: finer data for a narrow view, the names in the asked language, bad input a 400. */
  @Test
  void layersEndpointServesAnyViewOffline() throws Exception {
    // Natural Earth labels Moscow Oblast at 55.15 N 38.67 E
    HttpResponse<String> r = node.get("/map/layers?west=37.5&north=56&width=2.5&locale=ru");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("image/svg+xml");
    assertThat(r.body()).contains("data-level=\"fine\"").contains(">Московская область<");
    Map narrow = Map.of(r.body().replaceFirst("<svg ([^>]*)>", "<svg class=\"map\" $1 data-zoom>"));
    assertThat(narrow.pointsInside("admin1")).isGreaterThan(20);

    for (String bad : List.of("west=a&north=1&width=2", "west=1&north=1&width=0", "north=1&width=2",
        "west=1&north=1&width=400")) {
      HttpResponse<String> e = node.get("/map/layers?" + bad);
      assertThat(e.statusCode()).as(bad).isEqualTo(400);
      JsonNode json = new ObjectMapper().readTree(e.body());
      assertThat(json.get("status").asInt()).isEqualTo(400);
      assertThat(json.get("error").asText()).isNotBlank().doesNotContain("Exception");
    }
  }

  /**
   * Page weight (docs/benchmarks.md, "Maps"): the inland taxon page with its layers, uncompressed, stays under
   * 160 KB, the layers of any zoomed view under 200 KB.
   */
  @Test
  void pagesStayLight() throws Exception {
    for (int taxon : new int[] {MOSCOW_TAXON, ARKANSAS_TAXON}) {
      int bytes = page("/taxa/" + taxon, "ru").getBytes(StandardCharsets.UTF_8).length;
      assertThat(bytes).as("taxon " + taxon).isLessThan(160_000);
    }
    for (String view : List.of("west=-180&north=90&width=360", "west=20&north=65&width=40",
        "west=30&north=60&width=12", "west=36&north=57&width=4", "west=-95&north=36&width=1")) {
      int bytes = node.get("/map/layers?" + view).body().getBytes(StandardCharsets.UTF_8).length;
      assertThat(bytes).as(view).isLessThan(200_000);
    }
  }
}
