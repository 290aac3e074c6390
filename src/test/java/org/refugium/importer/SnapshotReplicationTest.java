package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.SnapshotDiff;
import org.refugium.snapshot.SnapshotPacker;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.snapshot.SnapshotVerifier;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/** Carrying a snapshot to a second node on a disk, and comparing two snapshots. */
class SnapshotReplicationTest {

  @TempDir
  Path dir;

  private final SnapshotVerifier verifier = new SnapshotVerifier(new PrintStream(java.io.OutputStream.nullOutputStream()));

  @Test
  void packedSnapshotUnpacksVerifiedOnAnotherNode() throws Exception {
    var result = Snapshots.importOpenData(dir.resolve("node-a"), "s1", SharedData.openDataSample());
    Path tar = dir.resolve("s1.tar");
    SnapshotPacker.pack(result.directory(), tar);

    SnapshotStore nodeB = new SnapshotStore(dir.resolve("node-b"));
    assertThat(SnapshotPacker.unpack(tar, nodeB, verifier)).isEqualTo("s1");
    assertThat(nodeB.list()).containsExactly("s1");
    assertThat(nodeB.currentName()).isEmpty(); // unpacking never switches by itself
    assertThat(verifier.verify(nodeB.dir("s1"), result.manifest(), SnapshotVerifier.Depth.FULL)).isEmpty();
  }

  @Test
  void aDamagedCopyIsRefusedAndLeavesNothing() throws Exception {
    var result = Snapshots.importOpenData(dir.resolve("node-a"), "s1", SharedData.openDataSample());
    Path tar = dir.resolve("s1.tar");
    SnapshotPacker.pack(result.directory(), tar);
    byte[] bytes = Files.readAllBytes(tar);
    bytes[bytes.length / 2] ^= 0x01; // one flipped bit somewhere in the data
    Files.write(tar, bytes);

    SnapshotStore nodeB = new SnapshotStore(dir.resolve("node-b"));
    assertThatThrownBy(() -> SnapshotPacker.unpack(tar, nodeB, verifier)).hasMessageContaining("verification");
    assertThat(nodeB.list()).isEmpty();
    try (var entries = Files.list(nodeB.root())) {
      assertThat(entries).isEmpty();
    }
  }

  @Test
  void diffCountsChangesBetweenTwoExports() throws Exception {
    var older = Snapshots.importOpenData(dir, "older", SharedData.fixture("opendata/taxon-missing-from-taxa"));
    var newer = Snapshots.importOpenData(dir, "newer", SharedData.fixture("opendata/duplicate-keys"));
    // older: 11111111, 22222222, 44444444 (taxon 999999); newer: 11111111, 22222222, 33333333
    assertThat(SnapshotDiff.compare(older.directory(), newer.directory()))
        .containsEntry("observations added", 1L)
        .containsEntry("observations removed", 1L)
        .containsEntry("observations with a changed taxon", 0L)
        .containsEntry("taxa added", 0L);
  }
}
