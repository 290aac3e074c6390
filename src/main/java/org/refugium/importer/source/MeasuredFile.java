package org.refugium.importer.source;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A source file opened for one streaming pass that hashes (SHA-256) and counts the raw bytes as they
 * are read, so the manifest's checksum costs no second read and progress can show an ETA from the
 * compressed bytes.
 */
public final class MeasuredFile extends FilterInputStream {

  private final Path path;
  private final long size;
  private final MessageDigest digest;
  private volatile long bytesRead;

  private MeasuredFile(Path path, InputStream in, long size) {
    super(in);
    this.path = path;
    this.size = size;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static MeasuredFile open(Path path) throws IOException {
    return new MeasuredFile(path, Files.newInputStream(path), Files.size(path));
  }

  public Path path() {
    return path;
  }

  public long size() {
    return size;
  }

  public long bytesRead() {
    return bytesRead;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      digest.update((byte) b);
      bytesRead++;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int n = in.read(buffer, offset, length);
    if (n > 0) {
      digest.update(buffer, offset, n);
      bytesRead += n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[8192];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /** Reads what is left (tar padding, gzip trailer) so the checksum covers the whole file; returns it. */
  public String finishSha256() throws IOException {
    byte[] scratch = new byte[1 << 16];
    while (read(scratch, 0, scratch.length) >= 0) {
      // draining
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
