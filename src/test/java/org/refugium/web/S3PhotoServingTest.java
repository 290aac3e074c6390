package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.cli.Refugium;
import org.refugium.photos.PhotoStore;
import org.refugium.photos.PhotoStores;
import org.refugium.photos.S3ProxyServer;
import org.refugium.testing.FreePorts;
import org.refugium.testing.LabelledPhotoExport;

/**
 * A node serving its photos from an S3-compatible store instead of a disk: a real S3Proxy child process holding a
 * private bucket (signed reads and writes only), filled with the plant photo export's real photos, each on an
 * observation of its own taxon. The route, the pages in both languages, {@code serve --photos s3://...
 * --s3-endpoint} on the command line, and finally the store stopped under the running node (404s and
 * placeholders, never a 5xx). The last test stops S3Proxy, hence the fixed order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3PhotoServingTest {

  static final String BUCKET = "university";
  static final String SPEC = "s3://" + BUCKET + "/inat";
  private static final Pattern LARGE_IMG = Pattern.compile("<img class=\"large\" src=\"([^\"]+)\"");

  @TempDir
  static Path tmp;
  static S3ProxyServer s3;
  static PhotoStore store;
  static LabelledPhotoNode node;
  static LabelledPhotoExport.Photo stored;
  static byte[] file;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(tmp);
    s3.createBucket(BUCKET, false);
    S3ProxyServer.useTestCredentials(); // the SDK's default chain finds them, as it would AWS_ACCESS_KEY_ID
    store = PhotoStores.open(SPEC, s3.endpoint().toString());
    node = LabelledPhotoNode.withStore(tmp,
        LabelledPhotoExport.plants(tmp.resolve("plant-photos-export"), 1), store);
    stored = node.photo(0);
    file = Files.readAllBytes(stored.file());
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (node != null) {
        node.close();
      }
      if (store != null) {
        store.close();
      }
    } finally {
      if (s3 != null) {
        s3.close();
      }
    }
  }

  @Test
  @Order(1)
  void photosComeFromTheBucketWithCachingHeadersRevalidationAndRanges() throws Exception {
    // the bucket is private: the bytes can only have reached the node through signed requests
    HttpResponse<Void> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(s3.endpoint() + "/" + BUCKET + "/inat/photos/" + stored.photoId() + "/medium.jpg")).build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(anonymous.statusCode()).isEqualTo(403);

    HttpResponse<byte[]> r = node.bytes(LabelledPhotoNode.url(stored, "medium"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(file);
    assertThat(r.headers().firstValue("content-type")).hasValue("image/jpeg");
    assertThat(r.headers().firstValue("content-length")).hasValue(Integer.toString(file.length));
    assertThat(r.headers().firstValue("cache-control").orElseThrow())
        .contains("public").contains("max-age=31536000").contains("immutable");
    String etag = r.headers().firstValue("etag").orElseThrow();
    assertThat(etag).isEqualTo("\"" + md5(file) + "\""); // the bucket's own ETag of a single-part object

    HttpResponse<byte[]> again = node.bytes(LabelledPhotoNode.url(stored, "medium"), "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("cache-control").orElse("")).contains("immutable");

    int n = file.length;
    HttpResponse<byte[]> middle = node.bytes(LabelledPhotoNode.url(stored, "large"), "Range", "bytes=100-1123");
    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(file, 100, 1124));
    assertThat(middle.headers().firstValue("content-range")).hasValue("bytes 100-1123/" + n);
    HttpResponse<byte[]> tail = node.bytes(LabelledPhotoNode.url(stored, "large"), "Range", "bytes=-64");
    assertThat(tail.statusCode()).isEqualTo(206);
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(file, n - 64, n));
    assertThat(node.bytes(LabelledPhotoNode.url(stored, "large"), "Range", "bytes=" + n + "-").statusCode())
        .isEqualTo(416);

    LabelledPhotoExport.Photo absent = node.photo(LabelledPhotoNode.UNMIRRORED);
    for (String path : new String[] {LabelledPhotoNode.url(absent, "medium"), LabelledPhotoNode.url(stored, "original"),
        "/photos/" + stored.photoId() + "/medium.png"}) {
      HttpResponse<String> missing = node.get(path);
      assertThat(missing.statusCode()).as(path).isEqualTo(404);
      assertThat(missing.headers().firstValue("content-type").orElse("")).as(path).startsWith("application/json");
      assertThat(missing.body()).as(path).contains("\"error\"").contains("\"status\":404");
    }
  }

  @Test
  @Order(2)
  void observationPageShowsThePhotoFromTheBucketInBothLanguages() throws Exception {
    long obs = node.observationId(stored);
    String en = node.get("/observations/" + obs + "?locale=en").body();
    assertThat(en).contains("Licence: CC BY").contains("View larger");
    String ru = node.get("/observations/" + obs + "?locale=ru").body();
    assertThat(ru).contains("Лицензия: CC BY").contains("Открыть крупнее");
    for (String page : new String[] {en, ru}) {
      String src = largeImage(page);
      assertThat(src).isEqualTo("/photos/" + stored.photoId() + "/large.jpg");
      HttpResponse<byte[]> img = node.bytes(src);
      assertThat(img.statusCode()).isEqualTo(200);
      assertThat(img.body()).isEqualTo(file);
    }
    String missing = node.get("/observations/" + node.observationId(node.photo(LabelledPhotoNode.UNMIRRORED))
        + "?locale=en").body();
    assertThat(missing).doesNotContain("<img class=\"large\"").contains("class=\"placeholder large\"");
  }

  @Test
  @Order(3)
  void serveOnTheCommandLineReadsTheBucketThroughS3Endpoint() throws Exception {
    int port = FreePorts.pick(); // serve binds it later, on its own (see FreePorts)
    String[] args = {"serve", "--data-dir", tmp.resolve("data").toString(), "--port", Integer.toString(port),
        "--no-models", "--photos", SPEC, "--s3-endpoint", s3.endpoint().toString()};
    Thread serve = new Thread(() -> Refugium.commandLine().execute(args), "serve-s3-under-test");
    serve.setDaemon(true);
    serve.start();
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + port;
    try {
      HttpResponse<byte[]> photo = null;
      long deadline = System.nanoTime() + 90_000_000_000L; // serve starting on a loaded box, as in ServeCommandTest
      while (photo == null && System.nanoTime() < deadline) {
        try {
          photo = http.send(HttpRequest.newBuilder(URI.create(base + LabelledPhotoNode.url(stored, "small"))).build(),
              HttpResponse.BodyHandlers.ofByteArray());
        } catch (java.io.IOException notYet) {
          serve.join(100); // returns at once if serve has exited (a bad option): the assertion below says so
        }
      }
      assertThat(photo).as("serve --photos " + SPEC + " did not come up").isNotNull();
      assertThat(photo.statusCode()).isEqualTo(200);
      assertThat(photo.body()).isEqualTo(file);
      String page = http.send(HttpRequest.newBuilder(URI.create(base + "/observations/"
          + node.observationId(stored) + "?locale=ru")).build(), HttpResponse.BodyHandlers.ofString()).body();
      assertThat(largeImage(page)).isEqualTo("/photos/" + stored.photoId() + "/large.jpg");
    } finally {
      serve.interrupt();
      serve.join(10_000);
    }
    assertThat(serve.isAlive()).isFalse();
  }

  @Test
  @Order(4)
  void s3EndpointWithoutAnS3StoreIsAClearError() {
    int code = Refugium.commandLine().execute("serve", "--data-dir", tmp.resolve("data").toString(), "--no-models",
        "--photos", tmp.toString(), "--s3-endpoint", s3.endpoint().toString());
    assertThat(code).isNotZero();
  }

  @Test
  @Order(5)
  void theStoreStoppedWhileServingIsA404AndPlaceholdersNeverA5xx() throws Exception {
    LabelledPhotoExport.Photo p = stored;
    String page = "/observations/" + node.observationId(p);
    assertThat(node.get(page + "?locale=en").body()).contains("<img class=\"large\"");
    assertThat(node.get(LabelledPhotoNode.url(p, "large")).statusCode()).isEqualTo(200);

    s3.close(); // S3Proxy's process ends; the node keeps running
    s3 = null;

    // the route's stat is remembered from the page above, so the open is what fails: 404, and everything the
    // node remembered of the store is dropped
    HttpResponse<String> gone = node.get(LabelledPhotoNode.url(p, "large"));
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("\"error\"").contains("\"status\":404");
    assertThat(node.get(page + "?locale=en").body()).doesNotContain("<img class=\"large\"")
        .contains("class=\"placeholder large\"").contains("Photo not in this mirror");
    assertThat(node.get(page + "?locale=ru").body()).doesNotContain("<img class=\"large\"")
        .contains("Фотографии нет в этом зеркале");
    for (String path : new String[] {"/taxa/" + p.taxonId() + "?locale=en", "/?locale=ru",
        "/people/" + node.observerId(p) + "?locale=en"}) {
      HttpResponse<String> html = node.get(path);
      assertThat(html.statusCode()).as(path).isEqualTo(200);
      assertThat(html.body()).as(path).doesNotContain("src=\"/photos/");
    }
    for (String size : LabelledPhotoNode.STORED_SIZES) {
      HttpResponse<String> r = node.get(LabelledPhotoNode.url(p, size));
      assertThat(r.statusCode()).as(size).isEqualTo(404);
      assertThat(r.body()).as(size).contains("\"status\":404");
    }
    assertThat(node.head(LabelledPhotoNode.url(node.photo(2), "medium")).statusCode()).isEqualTo(404);
  }

  private static String largeImage(String html) {
    Matcher m = LARGE_IMG.matcher(html);
    assertThat(m.find()).as("an <img class=\"large\"> on the page").isTrue();
    return m.group(1);
  }

  private static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }
}
