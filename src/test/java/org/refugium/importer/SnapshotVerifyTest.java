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

  /**
   * Issue #16 item 9: a listed file replaced by a link (to an identical copy outside the data dir), a linked index
   * directory, a FIFO and a stray directory are all refused, and the check never blocks on the FIFO.
   */
  @Test
  void linksFifosAndStrayDirectoriesAreRefusedWithoutBlocking() throws Exception {
    var result = Snapshots.importOpenData(dataDir, "s", SharedData.openDataSample());
    Path dir = result.directory();
    Manifest manifest = Manifest.read(dir.resolve(Manifest.FILE_NAME));
    assertThat(manifest.files()).anyMatch(f -> f.path().equals("rejects.tsv.gz"))
        .anyMatch(f -> f.path().startsWith("index/"));

    Path outside = java.nio.file.Files.createDirectories(dataDir.resolve("elsewhere"));
    Path copy = java.nio.file.Files.copy(dir.resolve("rejects.tsv.gz"), outside.resolve("rejects.tsv.gz"));
    java.nio.file.Files.delete(dir.resolve("rejects.tsv.gz"));
    java.nio.file.Files.createSymbolicLink(dir.resolve("rejects.tsv.gz"), copy);

    String indexName = manifest.files().stream().map(Manifest.FileEntry::path).filter(p -> p.startsWith("index/"))
        .map(p -> p.split("/")[1]).findFirst().orElseThrow();
    Path index = dir.resolve("index").resolve(indexName);
    Path movedIndex = outside.resolve(indexName);
    java.nio.file.Files.move(index, movedIndex);
    java.nio.file.Files.createSymbolicLink(index, movedIndex);

    java.nio.file.Files.createDirectories(dir.resolve("stray-dir"));
    Path fifo = dir.resolve("pipe");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).as("mkfifo (coreutils) must be installed").isZero();

    for (SnapshotVerifier.Depth depth : SnapshotVerifier.Depth.values()) {
      var future = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return verifier.verify(dir, manifest, depth);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      // a bounded wait: a verifier that opens the FIFO blocks forever, and this fails instead of hanging
      java.util.List<String> problems = future.get(120, java.util.concurrent.TimeUnit.SECONDS);
      assertThat(problems).as(depth.name())
          .anyMatch(p -> p.startsWith("rejects.tsv.gz is a symbolic link"))
          .anyMatch(p -> p.contains("index/" + indexName) && p.contains("link"))
          .anyMatch(p -> p.contains("unexpected directory stray-dir"))
          .anyMatch(p -> p.contains("special file") && p.contains("pipe"));
    }
  }
}
