package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.cli.Refugium;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;

/**
 * What a mirror operator and a visitor see of the node itself (issue #14, items 13–16): /about without the
 * server's paths and in the page's language, the node's status and last verification on /about, /health and
 * /metrics, HTML 404 pages for browsers, and compressed responses.
 */
class OperatorViewTest {

  @TempDir
  static Path tmp;
  static WebNode node;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  /** English words of the importer, the manifest and the status that leaked into the Russian /about page. */
  static final List<String> ENGLISH_LEAKS = List.of("observations", "taxon_names", "missing_taxa", "rejects",
      "open-data", "taxonomy dwca", "skipped", "matched the tree", "placeholders", "OK", "degraded", "index.");

  @BeforeAll
  static void start() throws Exception {
    node = WebNode.start(tmp);
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  void aboutShowsFileNamesAndChecksumsButNoServerPaths() throws Exception {
    Manifest manifest = manifest();
    assertThat(manifest.sources()).isNotEmpty();
    for (String lang : List.of("en", "ru")) {
      String body = node.get("/about?locale=" + lang).body();
      assertThat(body).as(lang).doesNotContain(tmp.toString()).doesNotContain(SharedData.root().toString())
          .doesNotContain(SharedData.root().toAbsolutePath().normalize().toString());
      for (Manifest.Source s : manifest.sources()) {
        assertThat(s.file()).as("the manifest itself keeps the path the operator gave").startsWith("/");
        assertThat(body).as(lang).contains(">" + Path.of(s.file()).getFileName() + "<");
        if (s.sha256() != null) {
          assertThat(body).contains(s.sha256());
        }
      }
      // timestamps to the second, never Instant.toString's fractions
      assertThat(body).containsPattern("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC")
          .doesNotContainPattern("T\\d\\d:\\d\\d:\\d\\d\\.\\d+Z");
      assertThat(body).contains("href=\"/health\"").contains("href=\"/metrics\"").contains("data-status=\"ok\"");
    }
  }

  @Test
  void russianAboutHasNoEnglishFromTheManifest() throws Exception {
    assertThat(manifest().warnings()).as("the sample import leaves warnings to translate").isNotEmpty();
    String body = node.get("/about?locale=ru").body();
    // file names (observations.csv) are names, not words: they stay as they are in every language
    String text = visibleText(body).replaceAll("[\\w.-]+\\.(csv|txt|gz|xml|zip|tsv)\\b", " ");
    for (String leak : ENGLISH_LEAKS) {
      assertThat(text).as("English '" + leak + "' on the Russian /about").doesNotContain(leak);
    }
    assertThat(text).contains("Наблюдения".toLowerCase()).contains("Последняя проверка");
  }

  @Test
  void healthAndMetricsReportExportAgeModelsAndLastVerify() throws Exception {
    JsonNode before = JSON.readTree(node.get("/health").body());
    String exportDate = manifest().exportDate();
    assertThat(exportDate).as("the sample export is named by its month").matches("\\d{4}-\\d\\d");
    LocalDate firstDay = LocalDate.of(Integer.parseInt(exportDate.substring(0, 4)),
        Integer.parseInt(exportDate.substring(5, 7)), 1);
    long expectedDays = ChronoUnit.DAYS.between(firstDay, LocalDate.now(ZoneOffset.UTC));
    assertThat(before.get("export_age_days").asLong()).isEqualTo(expectedDays);
    assertThat(before.get("recognition").get("enabled").asBoolean()).isFalse();
    assertThat(before.get("recognition").get("bundles").size()).isZero();
    assertThat(before.get("serving_since").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

    String name = new SnapshotStore(tmp.resolve("data")).currentName().orElseThrow();
    int exit = Refugium.commandLine().execute("snapshots", "verify", "--data-dir", tmp.resolve("data").toString());
    assertThat(exit).isZero();

    JsonNode after = JSON.readTree(node.get("/health").body());
    assertThat(after.get("snapshot").asText()).isEqualTo(name);
    assertThat(after.get("last_verify").get("ok").asBoolean()).isTrue();
    assertThat(after.get("last_verify").get("depth").asText()).isEqualTo("full");
    assertThat(node.get("/about?locale=ru").body()).contains("пройдена");
    String metrics = node.get("/metrics").body();
    assertThat(metric(metrics, "refugium_snapshot_last_verify_ok")).isEqualTo(1.0);
    assertThat(metric(metrics, "refugium_recognition_bundles")).isEqualTo(0.0);
    assertThat(metric(metrics, "refugium_export_age_seconds")).isEqualTo(expectedDays * 86_400.0);
  }

  @Test
  void unknownPathsAnswerBrowsersWithAPageAndClientsWithJson() throws Exception {
    String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    HttpResponse<String> ru = node.get("/no/such/page", "Accept", browser, "Accept-Language", "ru-RU,ru;q=0.9");
    assertThat(ru.statusCode()).isEqualTo(404);
    assertThat(ru.headers().firstValue("content-type").orElse("")).startsWith("text/html");
    assertThat(ru.body()).contains("<html lang=\"ru\">").contains("href=\"/\"");
    HttpResponse<String> en = node.get("/no/such/page", "Accept", browser, "Accept-Language", "en");
    assertThat(en.body()).contains("<html lang=\"en\">");

    for (String[] client : List.of(new String[] {"/no/such/page", "application/json"},
        new String[] {"/v1/no/such", browser}, new String[] {"/no/such/page", "*/*"})) {
      HttpResponse<String> r = node.get(client[0], "Accept", client[1]);
      assertThat(r.statusCode()).as(client[0] + " " + client[1]).isEqualTo(404);
      assertThat(JSON.readTree(r.body()).get("status").asInt()).isEqualTo(404);
    }
  }

  @Test
  void textIsCompressedAndPhotosAreNot() throws Exception {
    for (String path : List.of("/taxa/48460", "/v1/observations?per_page=30", "/assets/app.css",
        "/export/observations.csv")) {
      HttpResponse<byte[]> plain = raw(path, null);
      HttpResponse<byte[]> gz = raw(path, "gzip, deflate, br");
      assertThat(plain.statusCode()).as(path).isEqualTo(200);
      assertThat(gz.headers().firstValue("content-encoding")).as(path).hasValue("gzip");
      assertThat(plain.headers().firstValue("content-encoding")).as(path).isEmpty();
      assertThat(gz.body().length).as(path).isLessThan(plain.body().length / 2);
      assertThat(gunzip(gz.body())).as(path).startsWith(new String(plain.body(), StandardCharsets.UTF_8)
          .substring(0, 40));
    }
    // the 1.5 MB base map is compressed ahead of time, and its ETag differs from the plain one's
    HttpResponse<byte[]> map = raw("/assets/land-50m.svg", "gzip");
    HttpResponse<byte[]> plainMap = raw("/assets/land-50m.svg", null);
    assertThat(map.body().length).isLessThan(plainMap.body().length / 3);
    String etag = map.headers().firstValue("etag").orElseThrow();
    assertThat(etag).isNotEqualTo(plainMap.headers().firstValue("etag").orElseThrow());
    HttpResponse<byte[]> again = HTTP.send(HttpRequest.newBuilder(URI.create(node.base() + "/assets/land-50m.svg"))
        .header("Accept-Encoding", "gzip").header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(again.statusCode()).isEqualTo(304);

    HttpResponse<byte[]> photo = raw("/photos/" + firstMirroredPhoto(), "gzip");
    assertThat(photo.statusCode()).isEqualTo(200);
    assertThat(photo.headers().firstValue("content-encoding")).isEmpty();
  }

  /** The value of an unlabelled sample in Prometheus' text format. */
  private static double metric(String exposition, String name) {
    return exposition.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(
        l.substring(name.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError("no " + name));
  }

  /** A photo the node's mirror holds: the shorebird observation's first photo, medium size, as the API links it. */
  private static String firstMirroredPhoto() throws Exception {
    String json = node.get("/v1/observations/" + WebNode.SHOREBIRD_OBSERVATION).body();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"(/photos/[^\"]+)\"").matcher(json);
    assertThat(m.find()).as("the API links the mirrored photo").isTrue();
    return m.group(1).replaceFirst("^/photos/", "").replaceAll("/(square|thumb|small|large|original)\\.", "/medium.");
  }

  private static HttpResponse<byte[]> raw(String path, String acceptEncoding) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(node.base() + path));
    if (acceptEncoding != null) {
      b.header("Accept-Encoding", acceptEncoding);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String gunzip(byte[] bytes) throws Exception {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Manifest manifest() throws Exception {
    SnapshotStore store = new SnapshotStore(tmp.resolve("data"));
    return Manifest.read(store.current().orElseThrow().resolve(Manifest.FILE_NAME));
  }

  /** The page's text without tags, scripts and attribute values (what a reader sees). */
  static String visibleText(String html) {
    return html.replaceAll("(?s)<script.*?</script>", " ").replaceAll("(?s)<style.*?</style>", " ")
        .replaceAll("(?s)<[^>]*>", " ").replace("&nbsp;", " ");
  }
}
