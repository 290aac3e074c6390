package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.SnapshotVerifier;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

class SnapshotVerifyTest {

  @TempDir
  Path dataDir;

  private final SnapshotVerifier verifier = new SnapshotVerifier(new PrintStream(java.io.OutputStream.nullOutputStream()));

  @Test
  void freshSnapshotVerifies() throws Exception {
    var result = Snapshots.importOpenData(dataDir, "s", SharedData.openDataSample());
    assertThat(verifier.verify(result.directory(), result.manifest(), SnapshotVerifier.Depth.FULL)).isEmpty();
  }

  @Test
  void aByteAlteredAfterPublishingIsCaught() throws Exception {
    var result = Snapshots.importOpenData(dataDir, "s", SharedData.openDataSample());
    Path db = result.directory().resolve("mirror.sqlite");
    try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
      file.seek(file.length() - 100);
      int b = file.read();
      file.seek(file.length() - 100);
      file.write(b ^ 0xff);
    }
    Manifest manifest = Manifest.read(result.directory().resolve(Manifest.FILE_NAME));
    assertThat(verifier.verify(result.directory(), manifest, SnapshotVerifier.Depth.FULL))
        .anyMatch(p -> p.contains("sha256 of mirror.sqlite"));
    // the quick check (sizes only) does not re-hash: that is why `snapshots verify` runs the full one
    assertThat(verifier.verify(result.directory(), manifest, SnapshotVerifier.Depth.QUICK))
        .noneMatch(p -> p.contains("sha256"));
  }

  @Test
  void aMissingOrExtraFileIsCaught() throws Exception {
    var result = Snapshots.importOpenData(dataDir, "s", SharedData.openDataSample());
    java.nio.file.Files.delete(result.directory().resolve("rejects.tsv.gz"));
    java.nio.file.Files.writeString(result.directory().resolve("stray.txt"), "x");
    assertThat(verifier.verify(result.directory(), result.manifest(), SnapshotVerifier.Depth.QUICK))
        .anyMatch(p -> p.contains("missing file rejects.tsv.gz"))
        .anyMatch(p -> p.contains("unexpected file stray.txt"));
  }
}
