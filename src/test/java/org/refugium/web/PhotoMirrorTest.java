package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.photos.PhotoKey;

/** /photos/{id}/{size}.{ext}: served from the mirror with caching headers, and never from outside it. */
class PhotoMirrorTest {

  @TempDir
  static Path tmp;
  static WebNode node;
  static String photo;

  @BeforeAll
  static void start() throws Exception {
    node = WebNode.start(tmp);
    try (var files = Files.walk(node.photos)) {
      Path large = files.filter(f -> f.getFileName().toString().startsWith("large.") && !Files.isSymbolicLink(f))
          .sorted().findFirst().orElseThrow();
      photo = "/photos/" + large.getParent().getFileName() + "/" + large.getFileName();
    }
  }

  @AfterAll
  static void stop() throws Exception {
    node.close();
  }

  @Test
  void servesPhotosAsImmutableWithValidators() throws Exception {
    HttpResponse<String> r = node.get(photo);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("image/jpeg");
    assertThat(r.headers().firstValue("cache-control").orElse("")).contains("immutable").contains("max-age=31536000");
    String etag = r.headers().firstValue("etag").orElseThrow();
    assertThat(r.headers().firstValue("last-modified")).isPresent();
    assertThat(node.get(photo, "If-None-Match", etag).statusCode()).isEqualTo(304);
    String lastModified = r.headers().firstValue("last-modified").orElseThrow();
    assertThat(node.get(photo, "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
  }

  @Test
  void cannotEscapeTheMirror() throws Exception {
    // a symlink inside the mirror pointing at a file outside it
    assertThat(Files.isSymbolicLink(node.photos.resolve("99/09/999/large.jpg"))).isTrue();
    assertRefused(node.get("/photos/999/large.jpg"));
    for (String path : List.of("/photos/..%2Fsecret.txt/large.jpg", "/photos/%2e%2e/secret.txt",
        "/photos/1/..%2F..%2Fsecret.txt", "/photos/1/%2e%2e%2f%2e%2e%2fsecret.txt", "/photos/1/large.jpg%00.txt",
        "/photos/1/..%252F..%252Fsecret.txt", "/photos/..%5C..%5Csecret.txt/large.jpg")) {
      assertRefused(node.get(path));
    }
    for (String raw : List.of("/photos/../secret.txt", "/photos/1/../../secret.txt", "/photos/%2e%2e/%2e%2e/secret.txt",
        "/photos/1/..;/..;/secret.txt")) {
      String reply = node.rawStatusLine(raw);
      assertThat(reply).as(raw).doesNotStartWith("HTTP/1.1 200").doesNotContain("not a photo");
    }
  }

  private static void assertRefused(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.uri().toString()).isIn(400, 404);
    assertThat(r.body()).doesNotContain("not a photo");
  }

  @Test
  void photoKeyRefusesAnythingButIdAndKnownSize() {
    String id = photo.split("/")[2];
    String file = photo.split("/")[3];
    assertThat(PhotoKey.parse(id, file)).isNotNull();
    assertThat(PhotoKey.parse("..", "secret.txt")).isNull();
    assertThat(PhotoKey.parse(id, "../" + file)).isNull();
    assertThat(PhotoKey.parse(id, "huge.jpg")).isNull();
    assertThat(PhotoKey.parse(id + "/..", file)).isNull();
    assertThat(PhotoKey.parse("-1", file)).isNull();
    assertThat(PhotoKey.parse(id, "large.jpg.txt")).isNull();
  }

  @Test
  void pagesShowLocalPhotosAndPlaceholdersNeverBrokenImages() throws Exception {
    String mirrored = node.get("/observations/" + WebNode.SHOREBIRD_OBSERVATION).body();
    assertThat(mirrored).contains("<img class=\"large\" src=\"/photos/").contains("alt=\"Arenaria interpres.");
    String unmirrored = node.get("/observations/" + WebNode.MALLARD_OBSERVATION).body();
    assertThat(unmirrored).doesNotContain("<img class=\"large\"").contains("class=\"placeholder large\"")
        .contains("https://inaturalist-open-data.s3.amazonaws.com/photos/");
    // the API's photo URLs point at the node's mirror when --photos is given
    assertThat(node.get("/v1/observations/" + WebNode.SHOREBIRD_OBSERVATION).body()).contains("\"/photos/");
  }
}
