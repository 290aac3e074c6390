package org.refugium.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.refugium.archive.SqliteFiles;
import org.refugium.snapshot.SnapshotLayout;
import org.refugium.photos.FetchJournal;
import org.refugium.photos.PhotoStore;
import org.refugium.photos.PhotoStores;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Option;

/** --photos, --s3-endpoint and --snapshot, shared by the photos subcommands. */
final class PhotoStoreOptions {

  @Option(names = "--photos", paramLabel = "DIR|s3://BUCKET/PREFIX", required = true,
      description = "The photo store: a directory, or an S3-compatible bucket (credentials the standard AWS ways).")
  String photos;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "Endpoint of an S3-compatible store (MinIO, Ceph RGW); default: $AWS_ENDPOINT_URL, else AWS.")
  String s3Endpoint;

  @Option(names = "--snapshot", paramLabel = "NAME", description = "The snapshot whose photos (default: the current one).")
  String snapshot;

  PhotoStore open() {
    try {
      return PhotoStores.open(photos, s3Endpoint);
    } catch (IOException e) {
      throw new FriendlyErrors.UserError(e.getMessage());
    }
  }

  Path journal(PhotoStore store, Path dataDir) {
    return FetchJournal.location(store, dataDir);
  }

  /** The snapshot's name (for messages) and its SQLite file. */
  String snapshotName(SnapshotStore snapshots) {
    if (snapshot != null) {
      SnapshotStore.checkName(snapshot);
      if (!snapshots.exists(snapshot)) {
        throw new FriendlyErrors.UserError("no snapshot named " + snapshot + " (see `snapshots list`)");
      }
      return snapshot;
    }
    return snapshots.currentName().orElseThrow(() -> new FriendlyErrors.UserError(
        "no current snapshot in " + snapshots.root() + ": import an export first"));
  }

  static Path database(SnapshotStore snapshots, String name) {
    return snapshots.dir(name).resolve(SnapshotLayout.DATABASE);
  }

  static java.sql.Connection openDatabase(SnapshotStore snapshots, String name) throws java.sql.SQLException {
    return SqliteFiles.openReadOnly(database(snapshots, name));
  }
}
