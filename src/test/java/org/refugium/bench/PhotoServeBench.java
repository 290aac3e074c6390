package org.refugium.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.refugium.importer.SnapshotImporter;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.PhotoStore;
import org.refugium.photos.PhotoStores;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.testing.LabelledPhotoExport;

/**
 * Set-up of scripts/bench-photos-serve (a benchmark, not a test): the plant photo export imported into a data dir,
 * its 300 real photos put into the given store as square, medium and large, a few 50 MB originals (the photo
 * followed by padding after its end-of-image marker), and the request path lists wrk cycles through.
 *
 * <p>{@code java ... PhotoServeBench DATA_DIR STORE_SPEC OUT_DIR}; an S3 store's endpoint and credentials come from
 * the environment (for the local S3Proxy, {@link S3ProxyBenchServer} runs it and the script exports them).
 */
public final class PhotoServeBench {

  static final List<String> SIZES = List.of("square", "medium", "large");
  static final int BIG_ORIGINALS = 4;
  static final int BIG_MB = 50;

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    String spec = args[1];
    Path out = Files.createDirectories(Path.of(args[2]));
    LabelledPhotoExport export = LabelledPhotoExport.plants(out.resolve("plant-photos-export"), Integer.MAX_VALUE);
    if (new SnapshotStore(data).currentName().isEmpty()) {
      new SnapshotImporter(new SnapshotStore(data), org.refugium.progress.Progress.silent())
          .run(new SnapshotImporter.Request(List.of(export.dir()), null, null, "plants", true));
    }
    List<String> paths = new ArrayList<>();
    List<String> originals = new ArrayList<>();
    try (PhotoStore store = PhotoStores.open(spec)) {
      int i = 0;
      for (LabelledPhotoExport.Photo p : export.photos()) {
        for (String size : SIZES) {
          PhotoKey key = new PhotoKey(p.photoId(), size, "jpg");
          if (store.stat(key).isEmpty()) {
            store.put(key, p.file(), LabelledPhotoExport.md5(p.file()));
          }
          paths.add("/photos/" + p.photoId() + "/" + size + ".jpg");
        }
        if (i++ < BIG_ORIGINALS) {
          PhotoKey key = new PhotoKey(p.photoId(), "original", "jpg");
          if (store.stat(key).isEmpty()) {
            Path big = out.resolve("big-original.jpg");
            try (OutputStream o = Files.newOutputStream(big)) {
              o.write(Files.readAllBytes(p.file()));
              byte[] pad = new byte[1 << 20];
              for (int m = 0; m < BIG_MB; m++) {
                o.write(pad);
              }
            }
            store.put(key, big, LabelledPhotoExport.md5(big));
            Files.delete(big);
          }
          originals.add("/photos/" + p.photoId() + "/original.jpg");
        }
      }
      System.err.println("bench: " + export.photos().size() + " photos x " + SIZES + " and " + BIG_ORIGINALS + " "
          + BIG_MB + " MB originals in " + store.describe());
    }
    java.util.Collections.shuffle(paths, new java.util.Random(1));
    Files.write(out.resolve("photos.txt"), paths);
    Files.write(out.resolve("originals.txt"), originals);
  }
}
