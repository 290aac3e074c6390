package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.testing.LabelledPhotoExport;

/**
 * /photos/{id}/{size}.{ext} served from a directory {@code PhotoStore} on a real Jetty, and the pages around it:
 * the plant photo export, each photo on an observation of its own taxon.
 */
class PhotoServingTest {

  @TempDir
  static java.nio.file.Path tmp;
  static LabelledPhotoNode node;
  static LabelledPhotoExport.Photo stored;
  static byte[] file;

  @BeforeAll
  static void start() throws Exception {
    node = LabelledPhotoNode.start(tmp, 3);
    stored = node.photo(0);
    file = Files.readAllBytes(stored.file());
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  void wholeFileWithImmutableCachingAndRevalidation() throws Exception {
    HttpResponse<byte[]> r = node.bytes(LabelledPhotoNode.url(stored, "medium"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(file);
    assertThat(r.headers().firstValue("content-type")).hasValue("image/jpeg");
    assertThat(r.headers().firstValue("content-length")).hasValue(Integer.toString(file.length));
    assertThat(r.headers().firstValue("accept-ranges")).hasValue("bytes");
    String cache = r.headers().firstValue("cache-control").orElseThrow();
    assertThat(cache).contains("public").contains("max-age=31536000").contains("immutable");
    String etag = r.headers().firstValue("etag").orElseThrow();
    assertThat(etag).startsWith("\"").endsWith("\"");

    HttpResponse<byte[]> again = node.bytes(LabelledPhotoNode.url(stored, "medium"), "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("etag")).hasValue(etag);
    assertThat(again.headers().firstValue("cache-control").orElse("")).contains("immutable");
    String lastModified = r.headers().firstValue("last-modified").orElseThrow();
    assertThat(node.bytes(LabelledPhotoNode.url(stored, "medium"), "If-Modified-Since", lastModified).statusCode())
        .isEqualTo(304);
    assertThat(node.bytes(LabelledPhotoNode.url(stored, "medium"), "If-None-Match", "\"something-else\"").statusCode())
        .isEqualTo(200);
  }

  @Test
  void singleRangesAre206AndBadOnes416() throws Exception {
    String url = LabelledPhotoNode.url(stored, "large");
    int n = file.length;
    HttpResponse<byte[]> first = node.bytes(url, "Range", "bytes=0-99");
    assertThat(first.statusCode()).isEqualTo(206);
    assertThat(first.body()).isEqualTo(Arrays.copyOfRange(file, 0, 100));
    assertThat(first.headers().firstValue("content-range")).hasValue("bytes 0-99/" + n);
    assertThat(first.headers().firstValue("content-length")).hasValue("100");

    HttpResponse<byte[]> tail = node.bytes(url, "Range", "bytes=-50");
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(file, n - 50, n));
    assertThat(tail.headers().firstValue("content-range")).hasValue("bytes " + (n - 50) + "-" + (n - 1) + "/" + n);

    HttpResponse<byte[]> rest = node.bytes(url, "Range", "bytes=1000-");
    assertThat(rest.statusCode()).isEqualTo(206);
    assertThat(rest.body()).isEqualTo(Arrays.copyOfRange(file, 1000, n));

    HttpResponse<byte[]> past = node.bytes(url, "Range", "bytes=" + n + "-");
    assertThat(past.statusCode()).isEqualTo(416);
    assertThat(past.headers().firstValue("content-range")).hasValue("bytes */" + n);
    for (String bad : new String[] {"bytes=50-10", "bytes=abc", "bytes=-0", "bytes=" + (n + 5) + "-" + (n + 9)}) {
      assertThat(node.bytes(url, "Range", bad).statusCode()).as(bad).isEqualTo(416);
    }
    // several ranges, or a stale If-Range: the whole file
    HttpResponse<byte[]> multi = node.bytes(url, "Range", "bytes=0-1,5-6");
    assertThat(multi.statusCode()).isEqualTo(200);
    assertThat(multi.body()).isEqualTo(file);
    HttpResponse<byte[]> stale = node.bytes(url, "Range", "bytes=0-9", "If-Range", "\"old\"");
    assertThat(stale.statusCode()).isEqualTo(200);
    String etag = first.headers().firstValue("etag").orElseThrow();
    assertThat(node.bytes(url, "Range", "bytes=0-9", "If-Range", etag).statusCode()).isEqualTo(206);
  }

  @Test
  void missingPhotosAre404JsonNeverAnError() throws Exception {
    LabelledPhotoExport.Photo absent = node.photo(LabelledPhotoNode.UNMIRRORED);
    for (String path : new String[] {LabelledPhotoNode.url(absent, "medium"), LabelledPhotoNode.url(stored, "original"),
        "/photos/" + stored.photoId() + "/medium.png", "/photos/" + stored.photoId() + "/huge.jpg",
        "/photos/99999999999/medium.jpg", "/photos/abc/medium.jpg"}) {
      HttpResponse<String> r = node.get(path);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.headers().firstValue("content-type").orElse("")).as(path).startsWith("application/json");
      assertThat(r.body()).as(path).contains("\"error\"").contains("\"status\":404");
    }
  }

  @Test
  void headAnswersHeadersOnly() throws Exception {
    HttpResponse<String> r = node.head(LabelledPhotoNode.url(stored, "small"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-length")).hasValue(Integer.toString(file.length));
    assertThat(r.body()).isEmpty();
  }

  @Test
  void observationPageShowsEveryMirroredSizeWithCreditInBothLanguages() throws Exception {
    long obs = node.observationId(stored);
    String en = node.get("/observations/" + obs + "?locale=en").body();
    String src = "/photos/" + stored.photoId() + "/";
    assertThat(en).contains("<img class=\"large\" src=\"" + src + "large.jpg\"")
        .contains("srcset=\"" + src + "square.jpg 75w, " + src + "small.jpg 240w, " + src + "medium.jpg 500w, "
            + src + "large.jpg 1024w\"")
        .contains("loading=\"lazy\"")
        .contains(stored.scientificName() + ".")
        .contains(escaped(stored.author()))
        .contains("Licence: CC BY")
        .contains("<a class=\"larger\" href=\"" + src + "large.jpg\">View larger</a>");
    String ru = node.get("/observations/" + obs + "?locale=ru").body();
    assertThat(ru).contains("srcset=\"" + src + "square.jpg 75w").contains("Лицензия: CC BY")
        .contains("Открыть крупнее").contains(escaped(stored.author()));
    // the unmirrored photo: a placeholder, never an <img> that would break
    LabelledPhotoExport.Photo absent = node.photo(LabelledPhotoNode.UNMIRRORED);
    String missing = node.get("/observations/" + node.observationId(absent) + "?locale=en").body();
    assertThat(missing).doesNotContain("<img class=\"large\"").contains("class=\"placeholder large\"");
  }

  @Test
  void taxonGridSearchCardsAndObserverPageShowPhotosWithCredit() throws Exception {
    String taxon = node.get("/taxa/" + stored.taxonId() + "?locale=en").body();
    assertThat(taxon).contains("src=\"/photos/" + stored.photoId() + "/medium.jpg\"").contains("srcset=\"")
        .contains("<small class=\"attr\">").contains(escaped(stored.author()));
    String search = node.get("/?taxon_id=" + stored.taxonId() + "&locale=ru").body();
    assertThat(search).contains("src=\"/photos/" + stored.photoId() + "/medium.jpg\"")
        .contains("<small class=\"attr\">").contains("CC BY");
    String observer = node.get("/people/" + node.observerId(stored) + "?locale=en").body();
    assertThat(observer).contains("src=\"/photos/" + stored.photoId() + "/medium.jpg\"")
        .contains("<small class=\"attr\">").contains(escaped(stored.author()));
  }

  /** FreeMarker's HTML escaping of the author's name as the pages print it. */
  static String escaped(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
