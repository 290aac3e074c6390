package org.refugium.bench;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.refugium.snapshot.Keyring;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.ManifestSignature;
import org.refugium.snapshot.SnapshotFiles;
import org.refugium.snapshot.SnapshotStore;

/**
 * For scripts/bench-pull: grows a real imported snapshot by one file of incompressible bytes (listed in the
 * manifest with its sha256, the manifest re-signed with the node's key), so that a pull moves enough bytes to
 * measure a rate while the snapshot stays one that `pull` must verify and may publish.
 *
 * <p>{@code PullBench DATA-DIR NAME BYTES}
 */
public final class PullBench {

  public static void main(String[] args) throws Exception {
    SnapshotStore store = new SnapshotStore(Path.of(args[0]));
    Path dir = store.dir(args[1]);
    long bytes = Long.parseLong(args[2]);
    Path ballast = dir.resolve("ballast.bin");
    byte[] block = new byte[1 << 20];
    SplittableRandom random = new SplittableRandom(1);
    try (OutputStream out = Files.newOutputStream(ballast)) {
      for (long left = bytes; left > 0; left -= block.length) {
        for (int i = 0; i < block.length; i += 8) {
          long v = random.nextLong();
          for (int k = 0; k < 8; k++) {
            block[i + k] = (byte) (v >>> (8 * k));
          }
        }
        out.write(block, 0, (int) Math.min(block.length, left));
      }
    }
    Manifest m = Manifest.read(dir.resolve(Manifest.FILE_NAME));
    List<Manifest.FileEntry> files = new ArrayList<>(m.files());
    files.add(new Manifest.FileEntry("ballast.bin", bytes, SnapshotFiles.sha256(ballast)));
    m.withFiles(files, m.finishedAt()).write(dir.resolve(Manifest.FILE_NAME));
    ManifestSignature.sign(dir, Keyring.of(store).signerForImport(null, System.err::println));
    System.err.println("added " + bytes + " bytes of ballast to " + args[1] + " and re-signed its manifest");
  }
}
