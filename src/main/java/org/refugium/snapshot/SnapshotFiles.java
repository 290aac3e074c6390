package org.refugium.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/** Checksums of the files inside a snapshot directory, and their verification against the manifest. */
public final class SnapshotFiles {

  private SnapshotFiles() {}

  /** Every file under the snapshot (but the manifest itself and its signature), sorted by path, with size and sha256. */
  public static List<Manifest.FileEntry> hashAll(Path snapshot) throws IOException {
    List<Manifest.FileEntry> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(snapshot)) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        String relative = snapshot.relativize(file).toString().replace('\\', '/');
        if (relative.equals(Manifest.FILE_NAME) || relative.equals(ManifestSignature.FILE_NAME)) {
          continue;
        }
        entries.add(new Manifest.FileEntry(relative, Files.size(file), sha256(file)));
      }
    }
    return entries;
  }

  public static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
