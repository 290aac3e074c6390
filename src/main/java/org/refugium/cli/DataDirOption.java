package org.refugium.cli;

import java.nio.file.Path;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Option;

/** --data-dir, shared by every command that touches snapshots. */
final class DataDirOption {

  @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "snapshots",
      description = "Data directory holding the snapshots and CURRENT (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  SnapshotStore store() {
    return new SnapshotStore(dataDir);
  }
}
