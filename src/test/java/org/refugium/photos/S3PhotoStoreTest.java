package org.refugium.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.testing.SharedData;

/** The S3 photo store against a real S3-compatible server (S3Proxy child process), with a real plant photo. */
class S3PhotoStoreTest {

  @TempDir
  static Path dir;

  static S3ProxyServer s3;
  static PhotoStore store;
  static Path photo;
  static byte[] bytes;

  @BeforeAll
  static void start() throws Exception {
    s3 = S3ProxyServer.start(dir);
    s3.createBucket("university", false);
    S3ProxyServer.useTestCredentials();
    store = PhotoStores.open("s3://university/inat", s3.endpoint().toString());
    photo = SharedData.data("photos/plants/rosa").resolve(firstFile("photos/plants/rosa"));
    bytes = Files.readAllBytes(photo);
  }

  @AfterAll
  static void stop() throws Exception {
    if (store != null) {
      store.close();
    }
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void putThenStatOpenRangesAndDelete() throws Exception {
    PhotoKey key = new PhotoKey(123456, "medium", "jpg");
    assertThat(store.stat(key)).isEmpty();
    store.put(key, photo, md5(bytes));

    PhotoStore.Stat stat = store.stat(key).orElseThrow();
    assertThat(stat.size()).isEqualTo(bytes.length);
    assertThat(stat.etag()).isEqualTo(md5(bytes)); // single-part put: the ETag is the MD5
    assertThat(store.describe()).isEqualTo("s3://university/inat");
    // the object lies under the prefix in the bucket's own layout
    assertThat(s3.admin().headObject(r -> r.bucket("university").key("inat/photos/123456/medium.jpg"))
        .contentLength()).isEqualTo(bytes.length);

    try (InputStream in = store.open(key, 0, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(bytes);
    }
    try (InputStream in = store.open(key, 10, 20)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 10, 30));
    }
    try (InputStream in = store.open(key, bytes.length - 5, -1)) {
      assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, bytes.length - 5, bytes.length));
    }

    store.delete(key);
    assertThat(store.stat(key)).isEmpty();
  }

  @Test
  void aWrongMd5IsRefusedByTheStore() {
    PhotoKey key = new PhotoKey(7, "square", "jpg");
    assertThatThrownBy(() -> store.put(key, photo, "00112233445566778899aabbccddeeff"))
        .isInstanceOf(IOException.class).hasMessageContaining("put photos/7/square.jpg failed");
    assertThat(catching(() -> store.stat(key))).isEmpty();
  }

  @Test
  void aMissingKeyIsEmptyOnStatAndNoSuchFileOnOpen() throws Exception {
    PhotoKey key = new PhotoKey(99, "large", "png");
    assertThat(store.stat(key)).isEmpty();
    assertThatThrownBy(() -> store.open(key, 0, -1)).isInstanceOf(java.nio.file.NoSuchFileException.class);
  }

  @Test
  void anUnreachableEndpointIsAnIOExceptionWithAShortReason() throws Exception {
    int closedPort = org.refugium.testing.FreePorts.pick(); // nothing listens there, and the kernel hands it to no one
    try (PhotoStore gone = PhotoStores.open("s3://university", "http://127.0.0.1:" + closedPort)) {
      assertThatThrownBy(() -> gone.stat(new PhotoKey(1, "medium", "jpg")))
          .isInstanceOf(IOException.class).hasMessageContaining("s3://university: stat photos/1/medium.jpg failed");
    }
  }

  @Test
  void aBadEndpointIsAClearError() {
    assertThatThrownBy(() -> PhotoStores.open("s3://b", "localhost"))
        .isInstanceOf(IOException.class).hasMessageContaining("http://host:9000");
    assertThatThrownBy(() -> PhotoStores.open("s3://", "http://localhost:1"))
        .isInstanceOf(IOException.class).hasMessageContaining("needs a bucket");
  }

  interface IoCall<T> {
    T call() throws IOException;
  }

  static <T> T catching(IoCall<T> c) {
    try {
      return c.call();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  static String firstFile(String rel) throws IOException {
    try (var files = Files.list(SharedData.data(rel))) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jpg")).sorted().findFirst()
          .orElseThrow();
    }
  }

  static String md5(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(b));
  }
}
