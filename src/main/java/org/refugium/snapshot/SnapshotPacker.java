package org.refugium.snapshot;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Carries a snapshot to a node without internet: one tar file (uncompressed: the SQLite file and the
 * Lucene indexes barely compress, and a plain tar streams at disk speed) holding the snapshot directory.
 * Unpacking extracts into a staging directory, re-hashes every file against the manifest inside, and
 * only then publishes: a damaged copy never becomes a snapshot.
 */
public final class SnapshotPacker {

  private SnapshotPacker() {}

  /** Writes the snapshot as one tar ({@link PackLayout}: the same bytes a serving node streams to `pull`). */
  public static void pack(Path snapshot, Path tarFile) throws IOException {
    PackLayout.of(snapshot).writeTo(tarFile);
  }

  /** {@link #unpack(Path, SnapshotStore, SnapshotVerifier, SignaturePolicy)} with the store's keys, strict. */
  public static String unpack(Path tarFile, SnapshotStore store, SnapshotVerifier verifier) throws IOException {
    return unpack(tarFile, store, verifier, SignaturePolicy.of(store, false));
  }

  /**
   * Extracts a packed snapshot into the store, checks its manifest signature against the trusted keys, verifies
   * it in full, publishes it; returns its name. A checksum proves the copy intact, only the signature proves
   * who made it: a pack altered and re-hashed by someone else is refused here.
   */
  public static String unpack(Path tarFile, SnapshotStore store, SnapshotVerifier verifier, SignaturePolicy signatures)
      throws IOException {
    Path staging = null;
    String name = null;
    try (InputStream in = new BufferedInputStream(Files.newInputStream(tarFile), 1 << 20);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (!entry.isFile()) {
          continue;
        }
        String path = entry.getName();
        int slash = path.indexOf('/');
        if (slash <= 0) {
          throw new IOException("not a packed snapshot: entry " + path + " is not under a snapshot folder");
        }
        String entryName = path.substring(0, slash);
        if (name == null) {
          name = entryName;
          if (store.exists(name)) {
            throw new IOException("a snapshot named " + name + " already exists in " + store.root());
          }
          staging = store.createStaging(name);
        } else if (!name.equals(entryName)) {
          throw new IOException("the archive holds more than one snapshot (" + name + ", " + entryName + ")");
        }
        Path target = staging.resolve(path.substring(slash + 1)).normalize();
        if (!target.startsWith(staging)) {
          throw new IOException("refusing an entry that points outside the snapshot: " + path);
        }
        Files.createDirectories(target.getParent());
        Files.copy(tar, target);
      }
      if (name == null) {
        throw new IOException(tarFile + " holds no snapshot");
      }
      SignaturePolicy.Verdict signed = signatures.check(staging);
      if (!signed.accepted()) {
        throw new IOException("the unpacked snapshot is refused: " + signed.message());
      }
      if (signed.loud()) {
        verifier.log().println(signed.message());
      }
      Manifest manifest = Manifest.read(staging.resolve(Manifest.FILE_NAME));
      List<String> problems = verifier.verify(staging, manifest, SnapshotVerifier.Depth.FULL);
      if (!problems.isEmpty()) {
        throw new IOException("the unpacked snapshot failed verification: " + String.join("; ", problems));
      }
      store.publish(staging, name);
      return name;
    } catch (IOException | RuntimeException e) {
      if (staging != null) {
        SnapshotStore.deleteRecursively(staging);
      }
      throw e;
    }
  }
}
