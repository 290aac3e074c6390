package org.refugium.photos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.testing.SharedData;

/** The checks a downloaded file goes through, on a real plant photo and damaged copies of it. */
class PhotoCheckTest {

  @TempDir
  Path dir;

  Path tulip() throws Exception {
    try (var files = Files.list(SharedData.data("photos/plants/tulipa"))) {
      return files.filter(p -> p.toString().endsWith(".jpg")).sorted().findFirst().orElseThrow();
    }
  }

  @Test
  void aWholePhotoPassesWithItsSingleAndMultipartEtags() throws Exception {
    Path photo = tulip();
    long size = Files.size(photo);
    String md5 = PhotoCheck.md5(photo);
    assertThat(PhotoCheck.problem(photo, size, md5, size, "\"" + md5 + "\"")).isNull();
    // a multipart ETag is not an MD5 and is not compared; neither is a missing one
    assertThat(PhotoCheck.problem(photo, size, md5, size, "\"0123456789abcdef0123456789abcdef-3\"")).isNull();
    assertThat(PhotoCheck.problem(photo, size, md5, -1, "")).isNull();
  }

  @Test
  void eachKindOfDamageHasItsReason() throws Exception {
    Path photo = tulip();
    byte[] bytes = Files.readAllBytes(photo);
    long size = bytes.length;
    String md5 = PhotoCheck.md5(photo);
    assertThat(PhotoCheck.problem(photo, size - 1, md5, size, "")).startsWith("length mismatch");
    assertThat(PhotoCheck.problem(photo, size, md5, size, "ffffffffffffffffffffffffffffffff"))
        .startsWith("etag mismatch");
    Path text = Files.writeString(dir.resolve("error.jpg"), "<Error><Code>AccessDenied</Code></Error>");
    assertThat(PhotoCheck.imageProblem(text)).isEqualTo("not an image (magic bytes)");
    Path headOnly = Files.write(dir.resolve("head.jpg"), Arrays.copyOf(bytes, 40));
    assertThat(PhotoCheck.imageProblem(headOnly)).startsWith("undecodable image header");
    Path png = dir.resolve("x.png");
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(3, 2, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png", png.toFile());
    assertThat(PhotoCheck.imageProblem(png)).isNull();
  }

  @Test
  void ratesParseWithUnitsAndRefuseNonsense() {
    assertThat(ByteRateLimiter.parse("500k")).isEqualTo(512_000);
    assertThat(ByteRateLimiter.parse("20M")).isEqualTo(20L * 1024 * 1024);
    assertThat(ByteRateLimiter.parse("1G")).isEqualTo(1024L * 1024 * 1024);
    assertThat(ByteRateLimiter.parse("2MB/s")).isEqualTo(2L * 1024 * 1024);
    assertThat(ByteRateLimiter.parse("1000")).isEqualTo(1000);
    assertThatThrownBy(() -> ByteRateLimiter.parse("fast")).hasMessageContaining("--max-rate");
    assertThatThrownBy(() -> ByteRateLimiter.parse("-5M")).hasMessageContaining("--max-rate");
  }

  @Test
  void theSiteHostIsNotASourceAndS3SourcesNeedAnEndpointOrGoToAws() {
    assertThatThrownBy(() -> HttpPhotoSource.base("https://www.inaturalist.org/photos", null))
        .hasMessageContaining("rate-limited");
    assertThat(HttpPhotoSource.base("s3://inat-copy/prefix", "http://minio:9000/")).isEqualTo("http://minio:9000/inat-copy/prefix");
    assertThat(HttpPhotoSource.base(HttpPhotoSource.OPEN_DATA + "/", null)).isEqualTo(HttpPhotoSource.OPEN_DATA);
    assertThatThrownBy(() -> HttpPhotoSource.base("ftp://x/y", null)).hasMessageContaining("--source");
  }
}
