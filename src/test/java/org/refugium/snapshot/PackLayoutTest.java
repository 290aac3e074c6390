package org.refugium.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pack is laid out before it is written: any byte range of it must be exactly that range of the whole, the
 * same bytes on every read (what lets a pull resume), and the whole a tar that GNU tar itself reads back.
 */
class PackLayoutTest {

  @TempDir
  Path dir;

  private Path snapshot() throws Exception {
    Path s = dir.resolve("snap-1");
    Files.createDirectories(s.resolve("index/observations"));
    Files.writeString(s.resolve(Manifest.FILE_NAME), "{\"name\":\"snap-1\"}");
    byte[] big = new byte[3 * 1024 * 1024 + 123]; // more than the 1 MiB buffer, not a multiple of 512
    new Random(7).nextBytes(big);
    Files.write(s.resolve("mirror.sqlite"), big);
    Files.write(s.resolve("empty.tsv"), new byte[0]);
    // a path over tar's 100-character name field: written with a PAX header
    Files.writeString(s.resolve("index/observations/" + "x".repeat(120) + ".cfs"), "long name");
    return s;
  }

  private static byte[] range(PackLayout layout, long from, long to) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    layout.write(out, from, to);
    return out.toByteArray();
  }

  @Test
  void everyRangeIsThatSliceOfTheWholeAndEveryReadIsTheSame() throws Exception {
    Path s = snapshot();
    PackLayout layout = PackLayout.of(s);
    byte[] whole = range(layout, 0, layout.length());
    assertThat((long) whole.length).isEqualTo(layout.length());
    assertThat(whole.length % 10240).isZero(); // tar's default blocking, as GNU tar writes it
    assertThat(PackLayout.of(s).etag()).isEqualTo(layout.etag());
    assertThat(range(PackLayout.of(s), 0, layout.length())).isEqualTo(whole);

    Random random = new Random(11);
    List<long[]> ranges = new java.util.ArrayList<>(List.of(new long[] {0, 1}, new long[] {511, 513},
        new long[] {layout.length() - 1, layout.length()}, new long[] {700, 700}));
    for (int i = 0; i < 40; i++) {
      long a = (long) (random.nextDouble() * layout.length());
      long b = a + (long) (random.nextDouble() * (layout.length() - a));
      ranges.add(new long[] {a, b});
    }
    assertThat(ranges).hasSize(44);
    for (long[] r : ranges) {
      assertThat(range(layout, r[0], r[1])).as("bytes %d-%d", r[0], r[1])
          .isEqualTo(Arrays.copyOfRange(whole, (int) r[0], (int) r[1]));
    }
  }

  @Test
  void gnuTarReadsThePackBackFileForFile() throws Exception {
    Path s = snapshot();
    Path tar = dir.resolve("snap-1.tar");
    SnapshotPacker.pack(s, tar);
    Path out = Files.createDirectories(dir.resolve("extracted"));
    Process p = new ProcessBuilder("tar", "-xf", tar.toString(), "-C", out.toString()).inheritIO().start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("GNU tar (apt-get install tar) finished").isTrue();
    assertThat(p.exitValue()).isZero();
    List<Path> files;
    try (var walk = Files.walk(s)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSize(4);
    for (Path f : files) {
      assertThat(Files.mismatch(f, out.resolve("snap-1").resolve(s.relativize(f).toString()))).isEqualTo(-1L);
    }
  }

  @Test
  void theEtagChangesWhenAFileDoes() throws Exception {
    Path s = snapshot();
    String before = PackLayout.of(s).etag();
    Files.writeString(s.resolve(Manifest.FILE_NAME), "{\"name\":\"snap-1\",\"re\":\"signed\"}");
    assertThat(PackLayout.of(s).etag()).isNotEqualTo(before);
  }
}
