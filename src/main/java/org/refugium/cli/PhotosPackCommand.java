package org.refugium.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.refugium.archive.SqliteFiles;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.PhotoPacker;
import org.refugium.photos.PhotoStore;
import org.refugium.photos.PhotoStores;
import org.refugium.progress.Format;
import org.refugium.progress.Progress;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** refugium photos pack: the photos of a snapshot (or a whole directory store) as one checksummed tar. */
@Command(name = "pack", mixinStandardHelpOptions = true,
    description = "Writes the stored photos of a snapshot (default: the current one) as one tar with a sha256 manifest,"
        + " to carry to an offline node (see docs/photos-serving.md).")
final class PhotosPackCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Option(names = "--photos", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX", description = "The photo store to read.")
  String photos;

  @Option(names = {"-o", "--out"}, required = true, paramLabel = "FILE")
  Path out;

  @Option(names = "--snapshot", paramLabel = "NAME", description = "Whose photos to pack (default: the current snapshot).")
  String snapshot;

  @Option(names = "--sizes", split = ",", paramLabel = "SIZE",
      description = "Sizes to pack (default: every size the store holds: square,thumb,small,medium,large,original).")
  List<String> sizes = PhotoKey.SIZES;

  @Option(names = "--all", description = "Every photo of a directory store, whatever snapshot it belongs to.")
  boolean all;

  @Option(names = "--sign-with", paramLabel = "KEY",
      description = "Private key (keys/private/KEY.key of --data-dir) that signs the pack's SHA256SUMS (default: this"
          + " node's only key; with none, one is created, as import does).")
  String signWith;

  @Override
  public Integer call() throws Exception {
    for (String s : sizes) {
      if (!PhotoKey.SIZES.contains(s)) {
        throw new FriendlyErrors.UserError("--sizes: unknown size " + s + " (one of " + PhotoKey.SIZES + ")");
      }
    }
    // the signer first: a missing or ambiguous key fails before hours of packing, not after
    org.refugium.snapshot.ManifestSignature.Signer signer;
    try {
      signer = org.refugium.snapshot.Keyring.of(data.store()).signerForImport(signWith, System.err::println);
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new FriendlyErrors.UserError(e.getMessage());
    }
    try (PhotoStore store = PhotoStores.open(photos); Progress progress = Progress.onStderr()) {
      AtomicLong done = new AtomicLong();
      PhotoPacker.Result r;
      if (all) {
        if (!(store instanceof DirectoryPhotoStore dir)) {
          throw new FriendlyErrors.UserError("--all lists a directory store; for an S3 store pack by snapshot");
        }
        try (Stream<Path> walk = Files.walk(dir.root())) {
          Iterator<PhotoKey> keys = walk.filter(Files::isRegularFile).map(f -> PhotoKey.parse(
              f.getParent().getFileName().toString(), f.getFileName().toString()))
              .filter(k -> k != null && sizes.contains(k.size())).iterator();
          try (Progress.Task task = progress.start("photos packed", done::get, 0)) {
            r = PhotoPacker.pack(store, () -> keys, out, signer, n -> {
              done.addAndGet(n);
              task.addRows(n);
            });
          }
        }
      } else {
        SnapshotStore snapshots = data.store();
        String name = snapshot != null ? snapshot : snapshots.currentName().orElseThrow(() ->
            new FriendlyErrors.UserError("no snapshot is published in " + snapshots.root() + ": name one with --snapshot"));
        Path db = snapshots.dir(name).resolve(org.refugium.snapshot.SnapshotLayout.DATABASE);
        if (!Files.isRegularFile(db)) {
          throw new FriendlyErrors.UserError("no published snapshot named " + name + " in " + snapshots.root());
        }
        try (Connection c = SqliteFiles.openReadOnly(db); Statement st = c.createStatement()) {
          long total;
          try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM photos")) {
            total = rs.getLong(1) * sizes.size();
          }
          try (ResultSet rs = st.executeQuery("SELECT photo_id, extension FROM photos ORDER BY photo_id");
              Progress.Task task = progress.start("photos packed", done::get, total)) {
            r = PhotoPacker.pack(store, () -> keys(rs, sizes), out, signer, n -> {
              done.addAndGet(n);
              task.addRows(n);
            });
          }
        }
      }
      System.out.printf("packed %d photo file(s), %s, into %s, signed with key %s; %d asked for were not in the"
          + " store%n", r.photos(), Format.bytes(r.bytes()), out, signer.name(), r.missing());
      System.out.println("on the offline node: refugium photos unpack " + out.getFileName() + " --photos DIR"
          + " (it must trust key " + signer.name() + ": refugium keys trust " + signer.name() + ".pub)");
    }
    return 0;
  }

  /** Every asked size of each photo row, lazily (a full snapshot has hundreds of millions of photos). */
  private static Iterator<PhotoKey> keys(ResultSet rs, List<String> sizes) {
    return new Iterator<>() {
      private final List<PhotoKey> pending = new ArrayList<>();

      @Override
      public boolean hasNext() {
        try {
          while (pending.isEmpty() && rs.next()) {
            String ext = rs.getString(2);
            for (String size : sizes) {
              try {
                pending.add(new PhotoKey(rs.getLong(1), size, ext == null || ext.isBlank() ? "jpg" : ext));
              } catch (IllegalArgumentException e) {
                break; // an extension no bucket key can have: the photo cannot be in any store
              }
            }
          }
          return !pending.isEmpty();
        } catch (java.sql.SQLException e) {
          throw new IllegalStateException("reading the snapshot's photos: " + e.getMessage(), e);
        }
      }

      @Override
      public PhotoKey next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return pending.remove(0);
      }
    };
  }
}
