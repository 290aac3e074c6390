package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.PhotoStore;
import org.refugium.photos.PhotoStores;
import org.refugium.photos.S3ProxyServer;
import org.refugium.testing.LabelledPhotoExport;

/**
 * The node serving its photos from an S3-compatible store (S3Proxy as a child process, signed access): the same
 * route answers (200, 304, 206, 404), the pages show the photos, and when the S3 server is stopped while the node
 * serves, the route answers 404 and the pages placeholders, never a 5xx.
 */
class S3PhotoServingTest {

  @TempDir
  static Path tmp;
  static S3ProxyServer s3;
  static PhotoStore s3Store;
  static LabelledPhotoNode node;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(Files.createDirectories(tmp.resolve("s3proxy")));
    s3.createBucket("university", false);
    S3ProxyServer.useTestCredentials();
    s3Store = PhotoStores.open("s3://university/inat", s3.endpoint().toString());
    LabelledPhotoExport export = LabelledPhotoExport.plants(tmp.resolve("plant-photos-export"), 1);
    // the fixture fills its directory store; the node is served from the S3 store, filled with the same files
    node = LabelledPhotoNode.start(tmp, export, dir -> {
      try {
        for (int i = 0; i < export.photos().size(); i++) {
          if (i != LabelledPhotoNode.UNMIRRORED) {
            for (String size : LabelledPhotoNode.STORED_SIZES) {
              LabelledPhotoExport.Photo p = export.photos().get(i);
              s3Store.put(new PhotoKey(p.photoId(), size, "jpg"), p.file(), LabelledPhotoExport.md5(p.file()));
            }
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return s3Store;
    }, null);
  }

  @AfterAll
  static void stop() throws Exception {
    if (node != null) {
      node.close();
    }
    if (s3Store != null) {
      s3Store.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void servesFromS3ThenPlaceholdersWhenItStops() throws Exception {
    LabelledPhotoExport.Photo p = node.photo(0);
    byte[] file = Files.readAllBytes(p.file());
    String url = LabelledPhotoNode.url(p, "medium");
    HttpResponse<byte[]> r = node.bytes(url);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(file);
    assertThat(r.headers().firstValue("cache-control").orElse("")).contains("immutable");
    String etag = r.headers().firstValue("etag").orElseThrow();
    assertThat(node.bytes(url, "If-None-Match", etag).statusCode()).isEqualTo(304);
    HttpResponse<byte[]> part = node.bytes(url, "Range", "bytes=10-19");
    assertThat(part.statusCode()).isEqualTo(206);
    assertThat(part.body()).isEqualTo(Arrays.copyOfRange(file, 10, 20));
    assertThat(node.bytes(url, "Range", "bytes=" + file.length + "-").statusCode()).isEqualTo(416);
    assertThat(node.get(LabelledPhotoNode.url(node.photo(LabelledPhotoNode.UNMIRRORED), "medium")).statusCode())
        .isEqualTo(404);
    String page = "/observations/" + node.observationId(p) + "?locale=en";
    assertThat(node.get(page).body()).contains("<img class=\"large\" src=\"/photos/" + p.photoId() + "/large.jpg\"")
        .contains("srcset=\"");

    s3.close(); // the S3 server goes away while the node serves
    HttpResponse<String> gone = node.get(url);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("\"status\":404");
    HttpResponse<String> after = node.get(page);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.body()).doesNotContain("src=\"/photos/").contains("class=\"placeholder large\"");
    s3 = null;
  }
}
