package org.refugium.photos;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a node keeps its photo mirror: a local directory ({@link DirectoryLayout}) or an S3-compatible bucket.
 * {@code photos fetch} writes through it, {@code serve} reads through it; both agree on the layout because both
 * go through this interface. Implementations are thread-safe.
 *
 * <p>Failures of the store itself (unreachable, timed out, disk gone) are {@link IOException}s: the serving side
 * turns them into a placeholder or a 404, never a 5xx; the fetcher records them with their reason.
 */
public interface PhotoStore extends Closeable {

  /** What a store knows of one stored file. {@code etag} is quoted-less and stable while the file is unchanged. */
  record Stat(long size, String etag, long lastModifiedMillis) {}

  /** The file's size and tag, or empty when the store does not hold it. */
  Optional<Stat> stat(PhotoKey key) throws IOException;

  /**
   * Reads {@code length} bytes from {@code offset} ({@code length < 0}: to the end). The caller closes the
   * stream; implementations stream, never buffer the whole file (originals are up to several MB).
   */
  InputStream open(PhotoKey key, long offset, long length) throws IOException;

  /**
   * Stores a complete, already verified local file under {@code key}, replacing any earlier copy. Atomic for
   * readers: a reader sees the old file, no file, or the whole new one, never a partial one.
   *
   * @param md5Hex the file's MD5 (the fetcher has it from verification), so a store can check what it received;
   *     null when the caller has none (an S3 store then computes it: Content-MD5 is sent on every put)
   */
  void put(PhotoKey key, Path verifiedFile, String md5Hex) throws IOException;

  /** Removes the file when present. */
  void delete(PhotoKey key) throws IOException;

  /** A description for logs and status output with no secrets and no absolute server paths ("dir photos/", "s3://bucket/prefix"). */
  String describe();
}
