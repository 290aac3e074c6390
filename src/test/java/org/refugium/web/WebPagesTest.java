package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages over HTTP on a real node: status, headers, languages, escaping, exports, timing. */
class WebPagesTest {

  static final List<String> PAGES = List.of("/", "/?view=list", "/?taxon_id=3", "/taxa/6930", "/taxa/1", "/taxa/48460",
      "/observations/" + WebNode.MALLARD_OBSERVATION, "/observations/" + WebNode.SHOREBIRD_OBSERVATION, "/people/1623", "/about", "/identify");

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

  @Test
  void everyPageAnswersHtmlWithSecurityHeaders() throws Exception {
    for (String page : PAGES) {
      HttpResponse<String> r = node.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.headers().firstValue("content-type").orElse("")).as(page).startsWith("text/html");
      String csp = r.headers().firstValue("content-security-policy").orElse("");
      assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'").doesNotContain("http");
      assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
      assertThat(r.body()).as(page).contains("<html lang=\"en\">").doesNotContain("style=\"");
      assertThat(localOnly(r.body())).as(page + " loads only from the node").isEmpty();
    }
  }

  @Test
  void identifyPageSaysRecognitionIsOffWithoutModels() throws Exception {
    HttpResponse<String> r = node.get("/identify?locale=en");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("data-recognition=\"off\"").contains("Recognition is off")
        .contains("refugium models install coral-inat-birds --from DIR").doesNotContain("<form class=\"identify\"");
    assertThat(node.get("/identify?locale=ru").body()).contains("Распознавание выключено");
  }

  /** Resource URLs (scripts, styles, images, SVG uses, fetches in forms) that do not start with "/". */
  static List<String> localOnly(String html) {
    List<String> external = new ArrayList<>();
    Matcher m = Pattern.compile("<(script|img|link|use|source|iframe|form)\\b[^>]*?\\b(src|href|action)=\"([^\"]*)\"")
        .matcher(html);
    while (m.find()) {
      if (!m.group(3).startsWith("/") || m.group(3).startsWith("//")) {
        external.add(m.group(0));
      }
    }
    return external;
  }

  @Test
  void languageFromAcceptLanguageQueryAndCookie() throws Exception {
    HttpResponse<String> ru = node.get("/taxa/6930", "Accept-Language", "ru-RU,ru;q=0.9,en;q=0.5");
    assertThat(ru.body()).contains("<html lang=\"ru\">").contains("Кряква").contains("Сезонность");
    HttpResponse<String> en = node.get("/taxa/6930", "Accept-Language", "en-GB,en;q=0.8");
    assertThat(en.body()).contains("<html lang=\"en\">").contains("Seasonality")
        .doesNotContain("<span class=\"common\">Кряква").contains("<td>Кряква</td>"); // all names, in any UI

    HttpResponse<String> chosen = node.get("/taxa/6930?locale=ru", "Accept-Language", "en");
    assertThat(chosen.body()).contains("<html lang=\"ru\">");
    String cookie = chosen.headers().firstValue("set-cookie").orElseThrow();
    assertThat(cookie).startsWith("locale=ru");
    HttpResponse<String> remembered = node.get("/about", "Accept-Language", "en", "Cookie", "locale=ru");
    assertThat(remembered.body()).contains("<html lang=\"ru\">").contains("Об этом зеркале");
    assertThat(node.get("/about", "Accept-Language", "de-DE,fr;q=0.5").body()).contains("<html lang=\"en\">");
  }

  @Test
  void everythingIsEscaped() throws Exception {
    HttpResponse<String> r = node.get("/?q=%3Cscript%3Ealert(1)%3C/script%3E&user_login=%22%3E%3Cimg%20src=x%3E");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).doesNotContain("<script>alert(1)").doesNotContain("<img src=x>")
        .contains("&lt;script&gt;alert(1)&lt;/script&gt;");
  }

  @Test
  void badFiltersShowAnErrorNotAStackTrace() throws Exception {
    HttpResponse<String> r = node.get("/?month=13");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("class=\"error\"").contains("month must be between 1 and 12");
  }

  @Test
  void unknownRecordsAre404Pages() throws Exception {
    for (String page : List.of("/taxa/999999999", "/taxa/abc", "/observations/999999", "/observations/x'y",
        "/people/nobody-at-all")) {
      HttpResponse<String> r = node.get(page);
      assertThat(r.statusCode()).as(page).isEqualTo(404);
      assertThat(r.body()).as(page).contains("<html lang=\"en\">");
    }
  }

  @Test
  void searchFiltersAndTotal() throws Exception {
    assertThat(node.get("/").body()).contains("data-total=\"32\"");
    assertThat(node.get("/?taxon_id=3").body()).contains("data-total=\"3\"");
    String ru = node.get("/?q=%D0%9A%D1%80%D1%8F%D0%BA%D0%B2%D0%B0&locale=ru").body(); // q=Кряква
    assertThat(ru).contains("data-total=\"1\"").contains("/observations/" + WebNode.MALLARD_OBSERVATION);
  }

  @Test
  void exportsStreamTheWholeFilter() throws Exception {
    HttpResponse<String> csv = node.get("/export/observations.csv");
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("content-type").orElse("")).startsWith("text/csv");
    String[] lines = csv.body().split("\r\n");
    assertThat(lines[0]).startsWith("id,uuid,url,observed_on,latitude,longitude");
    assertThat(lines).hasSize(33);
    HttpResponse<String> birds = node.get("/export/observations.csv?taxon_id=3&page=2&per_page=1");
    assertThat(birds.body().split("\r\n")).hasSize(4);
    JsonNode geo = new ObjectMapper().readTree(node.get("/export/observations.geojson?taxon_id=3&locale=ru").body());
    assertThat(geo.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(geo.get("features")).hasSize(3);
    assertThat(geo.toString()).contains("Кряква");
    assertThat(node.get("/export/observations.csv?month=13").statusCode()).isEqualTo(422);
  }

  @Test
  void assetsAreServedWithTypes() throws Exception {
    assertThat(node.get("/assets/app.css").headers().firstValue("content-type").orElse("")).startsWith("text/css");
    assertThat(node.get("/assets/app.js").headers().firstValue("content-type").orElse("")).startsWith("text/javascript");
    HttpResponse<String> land = node.get("/assets/land-110m.svg");
    assertThat(land.statusCode()).isEqualTo(200);
    assertThat(land.body()).contains("id=\"land\"").hasSizeGreaterThan(20_000);
    assertThat(node.get("/assets/land-50m.svg").body()).hasSizeGreaterThan(200_000);
    assertThat(node.get("/assets/..%2Fmessages.properties").statusCode()).isIn(400, 404);
    assertThat(node.get("/assets/nothing.js").statusCode()).isEqualTo(404);
  }

  /**
   * The map and charts of a taxon page come with their data as tables (for screen readers): the seasonality table
   * holds, per month, the counts SQL finds in the snapshot for all and for research-grade observations, and the
   * map table's cells sum to at most the located observations.
   */
  @Test
  void chartsAndMapHaveDataTables() throws Exception {
    long[] all = new long[12];
    long[] research = new long[12];
    org.refugium.snapshot.SnapshotStore store = new org.refugium.snapshot.SnapshotStore(tmp.resolve("data"));
    try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:"
        + store.current().orElseThrow().resolve("mirror.sqlite")); java.sql.Statement st = db.createStatement();
        java.sql.ResultSet rs = st.executeQuery("SELECT CAST(substr(observed_on, 6, 2) AS INTEGER),"
            + " count(*), sum(quality_grade = 'research') FROM observations WHERE observed_on IS NOT NULL"
            + " AND taxon_id IN (SELECT id FROM taxa) GROUP BY 1")) {
      while (rs.next()) {
        all[rs.getInt(1) - 1] = rs.getLong(2);
        research[rs.getInt(1) - 1] = rs.getLong(3);
      }
    }
    assertThat(java.util.Arrays.stream(all).sum()).isPositive();
    String body = node.get("/taxa/48460?locale=en").body();
    String season = table(body, "seasonality");
    List<long[]> rows = new ArrayList<>();
    Matcher row = Pattern.compile("<tr><th scope=\"row\">[^<]+</th><td class=\"num\">([\\d,]+)</td><td class=\"num\">([\\d,]+)</td></tr>")
        .matcher(season);
    while (row.find()) {
      rows.add(new long[] {Long.parseLong(row.group(1).replace(",", "")), Long.parseLong(row.group(2).replace(",", ""))});
    }
    assertThat(rows).hasSize(12);
    for (int m = 0; m < 12; m++) {
      assertThat(rows.get(m)).as("month " + (m + 1)).containsExactly(all[m], research[m]);
    }
    String map = table(body, "map");
    Matcher cell = Pattern.compile("<td class=\"num\"><a href=\"(/\\?taxon_id=48460&amp;swlat=[^\"]+)\">(\\d+)</a>").matcher(map);
    long cells = 0;
    while (cell.find()) {
      cells++;
      String search = node.get(cell.group(1).replace("&amp;", "&") + "&locale=en").body();
      assertThat(search).as("the cell's search finds its observations").contains("data-total=\"" + cell.group(2) + "\"");
    }
    assertThat(cells).isPositive();
    assertThat(table(body, "history")).contains("<th scope=\"row\">");
    assertThat(node.get("/taxa/48460?locale=ru").body()).contains("Показать данные таблицей");
  }

  private static String table(String html, String name) {
    int start = html.indexOf("data-table=\"" + name + "\"");
    assertThat(start).as("table " + name).isPositive();
    return html.substring(start, html.indexOf("</table>", start));
  }

  /** The grid aggregation the maps use (the index's summary: one pass for the bounds, one for the cells). */
  @Test
  void mapCellsCountEveryObservationWithCoordinates() throws Exception {
    org.refugium.snapshot.SnapshotStore store = new org.refugium.snapshot.SnapshotStore(tmp.resolve("data"));
    String name = store.currentName().orElseThrow();
    try (org.refugium.api.data.ServedSnapshot s = org.refugium.api.data.ServedSnapshot.open(name, store.dir(name), 2)) {
      var summary = s.observations().summary(org.refugium.api.data.ObservationFilter.all());
      long located = s.observations().count(new org.refugium.api.data.ObservationFilter(null, null, null, null, null,
          null, null, null, new org.refugium.api.data.ObservationFilter.BoundingBox(-90, -180, 90, 180), null, null,
          null, null, null, null, null, null, null, null, null, null, null, null));
      assertThat(summary.cells().stream().mapToLong(c -> c.count()).sum()).isEqualTo(located).isPositive();
      assertThat(summary.cells()).allSatisfy(c -> {
        assertThat(c.swlat()).isBetween(summary.bounds().swlat() - summary.cellDegrees(), summary.bounds().nelat());
        assertThat(c.swlng()).isBetween(summary.bounds().swlng() - summary.cellDegrees(), summary.bounds().nelng());
      });
      assertThat(summary.months().stream().mapToLong(Long::longValue).sum())
          .isEqualTo(summary.years().stream().mapToLong(Long::longValue).sum()).isPositive();
    }
  }

  /**
   * Every page reports its server time (Server-Timing: page;dur=…), which scripts/bench-pages reads to measure the
   * 100 ms budget. The budget itself is a benchmark figure (docs/benchmarks.md), not a test: a loaded CI machine
   * would make a time assertion flaky.
   */
  @Test
  void pagesReportTheirServerTime() throws Exception {
    assertThat(PAGES).isNotEmpty();
    for (String page : PAGES) {
      String timing = node.get(page).headers().firstValue("server-timing").orElseThrow(
          () -> new AssertionError("no Server-Timing header on " + page));
      assertThat(timing).as(page).matches("page;dur=\\d+(\\.\\d+)?");
      assertThat(Double.parseDouble(timing.substring(timing.indexOf("dur=") + 4))).as(page).isNotNegative();
    }
  }
}
