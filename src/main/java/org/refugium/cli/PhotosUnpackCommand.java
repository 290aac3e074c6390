package org.refugium.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.photos.PhotoPacker;
import org.refugium.photos.PhotoStore;
import org.refugium.photos.PhotoStores;
import org.refugium.progress.Format;
import org.refugium.progress.Progress;
import org.refugium.snapshot.SignaturePolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** refugium photos unpack: checks a photo pack in full, then puts its photos into this node's store. */
@Command(name = "unpack", mixinStandardHelpOptions = true,
    description = "Checks the pack's signature against keys/trusted/ and every photo against its sha256 manifest,"
        + " then (only if all is well) puts them into the photo store.")
final class PhotosUnpackCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Option(names = "--allow-unsigned", description = "Accept a pack that is unsigned or signed by a key this node does"
      + " not trust (a signature by a trusted key that does not match is refused all the same).")
  boolean allowUnsigned;

  @Parameters(paramLabel = "FILE")
  Path file;

  @Option(names = "--photos", required = true, paramLabel = "DIR|s3://BUCKET/PREFIX", description = "The photo store to fill.")
  String photos;

  @Option(names = "--staging", paramLabel = "DIR",
      description = "Where the pack is extracted and checked first (default: inside a directory store, else the"
          + " system's temporary directory); needs room for the whole pack.")
  Path staging;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new FriendlyErrors.UserError(file + " is not a file");
    }
    try (PhotoStore store = PhotoStores.open(photos); Progress progress = Progress.onStderr()) {
      Path dir = staging != null ? staging.resolve(".unpack-" + ProcessHandle.current().pid())
          : store instanceof DirectoryPhotoStore d ? d.root().resolve(".unpack-" + ProcessHandle.current().pid())
          : Files.createTempDirectory("refugium-photos-unpack-");
      AtomicLong done = new AtomicLong();
      PhotoPacker.Result r;
      SignaturePolicy signatures = SignaturePolicy.of(data.store(), allowUnsigned);
      try (Progress.Task task = progress.start("photos checked, then stored", done::get, 0)) {
        r = PhotoPacker.unpack(file, store, dir, signatures, progress::say, n -> {
          done.addAndGet(n);
          task.addRows(n);
        });
      } catch (IOException e) {
        throw new FriendlyErrors.UserError(e.getMessage());
      }
      System.out.printf("unpacked %d photo file(s), %s, every one matching its sha256, into %s%n", r.photos(),
          Format.bytes(r.bytes()), store.describe());
    }
    return 0;
  }
}
