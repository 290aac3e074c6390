package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.testing.ExifJpeg;
import org.refugium.testing.SharedData;

class PhotoExifTest {

  @TempDir
  Path tmp;

  @Test
  void readsDateAndPlaceWrittenIntoTheSparrow() throws Exception {
    Path sparrow = ExifJpeg.withExif(SharedData.data("photos/wikimedia-birds/Passer domesticus.jpg"), tmp.resolve("s.jpg"));
    PhotoExif exif = PhotoExif.read(Files.readAllBytes(sparrow));
    assertThat(exif.date()).isEqualTo(LocalDate.of(2022, 1, 20));
    assertThat(exif.lat()).isEqualTo(43.06); // 43° 3' 36" N
    assertThat(exif.lng()).isEqualTo(-87.88); // 87° 52' 48" W
  }

  @Test
  void readsTheDateOfARealINaturalistPhoto() throws Exception {
    // the willet's camera wrote 2017:01:21 15:40:56 (little-endian TIFF)
    PhotoExif exif = PhotoExif.read(Files.readAllBytes(SharedData.data("photos/inaturalist/willet.jpg")));
    assertThat(exif.date()).isEqualTo(LocalDate.of(2017, 1, 21));
  }

  @Test
  void noOrBrokenExifIsJustAbsent() throws Exception {
    byte[] plain = Files.readAllBytes(SharedData.data("photos/wikimedia-birds/Passer domesticus.jpg")); // no APP1
    assertThat(PhotoExif.read(plain)).isEqualTo(PhotoExif.NONE);
    assertThat(PhotoExif.read("not a photo".getBytes())).isEqualTo(PhotoExif.NONE);
    byte[] sparrow = Files.readAllBytes(ExifJpeg.withExif(
        SharedData.data("photos/wikimedia-birds/Passer domesticus.jpg"), tmp.resolve("s.jpg")));
    // cut inside the EXIF block: no exception, nothing read
    assertThat(PhotoExif.read(Arrays.copyOf(sparrow, 60)).located()).isFalse();
  }
}
