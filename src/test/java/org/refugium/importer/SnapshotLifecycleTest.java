package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

class SnapshotLifecycleTest {

  @TempDir
  Path dataDir;

  @Test
  void useRollbackAndPrune() throws Exception {
    for (String name : new String[] {"a-2026-01", "b-2026-02", "c-2026-03"}) {
      Snapshots.importOpenData(dataDir, name, SharedData.openDataExcerpt());
    }
    SnapshotStore store = new SnapshotStore(dataDir);
    assertThat(store.currentName()).contains("c-2026-03");
    assertThat(store.rollback()).contains("b-2026-02");
    assertThat(store.currentName()).contains("b-2026-02");
    assertThat(store.rollback()).contains("a-2026-01");

    store.setCurrent("a-2026-01");
    assertThat(store.prune(1)).containsExactly("b-2026-02"); // keeps the newest and the current (oldest)
    assertThat(store.list()).containsExactly("a-2026-01", "c-2026-03");
    assertThat(store.currentName()).contains("a-2026-01");
  }

  @Test
  void abandonedStagingIsRemovedByTheNextImport() throws Exception {
    Path stale = dataDir.resolve(".staging-killed-999999999");
    java.nio.file.Files.createDirectories(stale.resolve("index"));
    java.nio.file.Files.writeString(stale.resolve("mirror.sqlite"), "half written");
    Snapshots.importOpenData(dataDir, "next", SharedData.openDataExcerpt());
    assertThat(stale).doesNotExist();
  }
}
