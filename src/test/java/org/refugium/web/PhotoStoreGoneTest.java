package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.photos.PhotoKey;
import org.refugium.testing.LabelledPhotoExport;

/**
 * The photo store failing under a serving node, and a large original streamed: the route answers 404, pages fall
 * back to placeholders, nothing is ever a 5xx, and a 50 MB file is sent as it is read, not read whole first.
 */
class PhotoStoreGoneTest {

  @TempDir
  Path tmp;
  LabelledPhotoNode node;
  FaultyPhotoStore faulty;

  @AfterEach
  void stop() throws Exception {
    if (node != null) {
      node.close();
    }
  }

  private void start() throws Exception {
    node = LabelledPhotoNode.start(tmp, 1, s -> faulty = new FaultyPhotoStore(s));
  }

  @Test
  void storeDirectoryDeletedWhileServing() throws Exception {
    start();
    LabelledPhotoExport.Photo p = node.photo(0);
    String page = "/observations/" + node.observationId(p) + "?locale=ru";
    assertThat(node.get(page).body()).contains("<img class=\"large\" src=\"/photos/" + p.photoId() + "/");
    assertThat(node.get(LabelledPhotoNode.url(p, "large")).statusCode()).isEqualTo(200);

    try (Stream<Path> walk = Files.walk(node.store.root())) {
      for (Path f : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    assertThat(node.store.root()).doesNotExist();

    HttpResponse<String> gone = node.get(LabelledPhotoNode.url(p, "large"));
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("\"status\":404");
    String after = node.get(page).body();
    assertThat(after).doesNotContain("<img class=\"large\"").contains("class=\"placeholder large\"")
        .contains("Фотографии нет в этом зеркале");
    assertThat(node.get("/taxa/" + p.taxonId()).statusCode()).isEqualTo(200);
    assertThat(node.get("/taxa/" + p.taxonId()).body()).doesNotContain("src=\"/photos/");
  }

  @Test
  void storeUnreachableIsA404AndPlaceholdersNeverA5xx() throws Exception {
    start();
    LabelledPhotoExport.Photo p = node.photo(0);
    String page = "/observations/" + node.observationId(p) + "?locale=en";
    assertThat(node.get(page).body()).contains("<img class=\"large\"");
    faulty.unreachable.set(true);
    // the page was rendered before: its sizes are known present, so the route's stat comes from the cache and
    // the open is what fails
    HttpResponse<String> r = node.get(LabelledPhotoNode.url(p, "medium"));
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body()).contains("\"error\"").contains("\"status\":404");
    for (String path : new String[] {page, "/taxa/" + p.taxonId() + "?locale=en", "/?locale=en",
        "/people/" + node.observerId(p)}) {
      HttpResponse<String> html = node.get(path);
      assertThat(html.statusCode()).as(path).isEqualTo(200);
      assertThat(html.body()).as(path).doesNotContain("src=\"/photos/");
    }
    assertThat(node.get(page).body()).contains("Photo not in this mirror");
    assertThat(node.get(LabelledPhotoNode.url(p, "square")).statusCode()).isEqualTo(404);
    faulty.unreachable.set(false); // back: photos return once the short negative TTL has passed (not waited for here)
  }

  @Test
  void aLargeOriginalIsStreamedNotBufferedWhole() throws Exception {
    start();
    LabelledPhotoExport.Photo p = node.photo(0);
    // the photo's own JPEG followed by 50 MB of padding after its end-of-image marker: decoders stop at the
    // marker, so it is still that plant's photo, as large as a big original
    Path big = tmp.resolve("big-original.jpg");
    MessageDigest expected = MessageDigest.getInstance("SHA-256");
    try (OutputStream out = Files.newOutputStream(big)) {
      byte[] jpeg = Files.readAllBytes(p.file());
      out.write(jpeg);
      expected.update(jpeg);
      byte[] pad = new byte[1 << 20];
      for (int i = 0; i < 50; i++) {
        java.util.Arrays.fill(pad, (byte) i);
        out.write(pad);
        expected.update(pad);
      }
    }
    long size = Files.size(big);
    node.store.put(new PhotoKey(p.photoId(), "original", "jpg"), big, null);

    HttpResponse<InputStream> r = node.stream(LabelledPhotoNode.url(p, "original"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-length")).hasValue(Long.toString(size));
    MessageDigest got = MessageDigest.getInstance("SHA-256");
    long total;
    try (InputStream in = r.body()) {
      byte[] first = in.readNBytes(64 * 1024);
      assertThat(first).hasSize(64 * 1024);
      // the first bytes are here while most of the file has not even been read from the store: a server that
      // read the file whole before sending would have read all of it by now
      long readSoFar = faulty.bytesRead.get();
      System.err.printf("first 64 KB arrived when the server had read %,d of %,d bytes%n", readSoFar, size);
      assertThat(readSoFar).isLessThan(size / 2); // socket buffers hold a few MB at most
      got.update(first);
      total = first.length;
      byte[] buf = new byte[16 * 1024]; // the client keeps reading in small chunks
      int n;
      while ((n = in.read(buf)) > 0) {
        got.update(buf, 0, n);
        total += n;
      }
    }
    assertThat(total).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(got.digest())).isEqualTo(HexFormat.of().formatHex(expected.digest()));
    assertThat(faulty.bytesRead.get()).isEqualTo(size);
  }
}
