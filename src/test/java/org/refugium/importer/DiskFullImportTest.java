package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * A disk that fills up during an import: a small tmpfs holds one snapshot, then a filler file leaves
 * 64 KiB free, too little for the next one.
 * Mounting needs root (as on CI and the dev machines); elsewhere the test is skipped.
 */
class DiskFullImportTest {

  @TempDir
  Path mountPoint;

  private boolean mounted;

  @BeforeEach
  void mountSmallTmpfs() throws Exception {
    Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mountPoint.toString())
        .redirectErrorStream(true).start();
    mounted = mount.waitFor(20, TimeUnit.SECONDS) && mount.exitValue() == 0;
    assumeTrue(mounted, "cannot mount a tmpfs here (not root?)");
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted) {
      new ProcessBuilder("umount", mountPoint.toString()).start().waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void fullDiskStopsTheImportWithAClearMessageAndKeepsTheServedSnapshot() throws Exception {
    Path data = mountPoint.resolve("data");
    Snapshots.importOpenData(data, "served", SharedData.openDataExcerpt());
    long free = Files.getFileStore(mountPoint).getUsableSpace();
    try (var filler = java.nio.channels.FileChannel.open(mountPoint.resolve("filler"),
        java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
      filler.write(java.nio.ByteBuffer.allocate((int) (free - 64 * 1024)));
    }
    assertThatThrownBy(() -> Snapshots.importOpenData(data, "next", SharedData.openDataSample()))
        .isInstanceOf(ImportFailedException.class)
        .hasMessageContaining("disk is full");
    SnapshotStore store = new SnapshotStore(data);
    assertThat(store.currentName()).contains("served");
    assertThat(store.list()).containsExactly("served");
    try (var entries = Files.list(data)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("served", "CURRENT");
    }
  }
}
