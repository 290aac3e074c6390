package org.refugium.cli;

import java.util.concurrent.Callable;
import org.refugium.photos.PhotoCoverage;
import org.refugium.photos.PhotoStore;
import org.refugium.progress.Format;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** refugium photos status: how much of the snapshot's photos the store holds, by size, and why the rest is not there. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Coverage of the snapshot's photos in the store, by size; what is missing and why (from the journal).")
final class PhotosStatusCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Mixin
  PhotoStoreOptions store;

  @Override
  public Integer call() throws Exception {
    SnapshotStore snapshots = data.store();
    String name = store.snapshotName(snapshots);
    try (PhotoStore photos = store.open()) {
      PhotoCoverage.Report r = PhotoCoverage.of(store.journal(photos, data.dataDir),
          PhotoStoreOptions.database(snapshots, name));
      System.out.printf("snapshot %s: %s photos; store %s%n", name, Format.count(r.photos()), photos.describe());
      System.out.printf("  %-9s %10s %9s %10s %10s %10s %12s%n", "size", "stored", "coverage", "missing", "failed",
          "not tried", "bytes");
      for (PhotoCoverage.SizeLine l : r.sizes()) {
        System.out.printf("  %-9s %10d %8.1f%% %10d %10d %10d %12s%n", l.size(), l.stored(),
            l.photos() == 0 ? 0.0 : 100.0 * l.stored() / l.photos(), l.missing(), l.failed(), l.notTried(),
            Format.bytes(l.bytes()));
      }
      if (!r.failures().isEmpty()) {
        System.out.println("not stored, by reason:");
        for (PhotoCoverage.Reason reason : r.failures()) {
          System.out.printf("  %-9s %8d  %s%n", reason.size(), reason.count(), reason.reason());
        }
      }
      return 0;
    }
  }
}
