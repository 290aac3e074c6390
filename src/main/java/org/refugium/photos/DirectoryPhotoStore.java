package org.refugium.photos;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * A photo store in a local directory, laid out by {@link DirectoryLayout}. Files are written under a temporary
 * name in their final folder and renamed into place, so a reader (or a restarted fetch) never sees a partial photo.
 * Reads never follow symbolic links: a link planted in the store is treated as absent.
 */
public final class DirectoryPhotoStore implements PhotoStore {

  /** Prefix of in-progress files; a fetch removes leftovers of a killed run on its next start. */
  public static final String TEMP_PREFIX = ".tmp-";

  private final Path root;

  private DirectoryPhotoStore(Path root) {
    this.root = root;
  }

  /** Opens (and creates, with its marker file) a store at {@code dir}. */
  public static DirectoryPhotoStore open(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path root = dir.toRealPath();
    Path marker = root.resolve(DirectoryLayout.MARKER);
    if (!Files.exists(marker, LinkOption.NOFOLLOW_LINKS)) {
      Files.writeString(marker, "refugium photo store, layout 1: {id%100}/{id/100%100}/{id}/{size}.{ext}\n");
    }
    return new DirectoryPhotoStore(root);
  }

  public Path root() {
    return root;
  }

  @Override
  public Optional<Stat> stat(PhotoKey key) throws IOException {
    Path file = DirectoryLayout.file(root, key);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    if (!attrs.isRegularFile()) {
      return Optional.empty();
    }
    long modified = attrs.lastModifiedTime().toMillis();
    return Optional.of(new Stat(attrs.size(), Long.toHexString(attrs.size()) + "-" + Long.toHexString(modified),
        modified));
  }

  @Override
  public InputStream open(PhotoKey key, long offset, long length) throws IOException {
    Path file = DirectoryLayout.file(root, key);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    try {
      channel.position(Math.max(0, offset));
      InputStream in = Channels.newInputStream(channel);
      return length < 0 ? in : new java.io.FilterInputStream(in) {
        private long left = length;

        @Override
        public int read() throws IOException {
          if (left <= 0) {
            return -1;
          }
          int b = super.read();
          if (b >= 0) {
            left--;
          }
          return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
          if (left <= 0) {
            return -1;
          }
          int n = super.read(buf, off, (int) Math.min(len, left));
          if (n > 0) {
            left -= n;
          }
          return n;
        }
      };
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public void put(PhotoKey key, Path verifiedFile, String md5Hex) throws IOException {
    Path target = DirectoryLayout.file(root, key);
    Files.createDirectories(target.getParent());
    Path temp = target.resolveSibling(TEMP_PREFIX + key.fileName() + "-" + ProcessHandle.current().pid() + "-"
        + Thread.currentThread().threadId());
    try {
      Files.copy(verifiedFile, temp, StandardCopyOption.REPLACE_EXISTING);
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true); // the rename must not publish a file whose bytes are still only in the page cache
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Removes the temporary files a killed writer left in the folder of {@code photoId} (its {@link #TEMP_PREFIX}
   * files); the fetcher calls it for each photo it is about to fetch, so no full walk of the store is needed.
   */
  public void removeLeftovers(long photoId) throws IOException {
    Path folder = DirectoryLayout.folder(root, photoId);
    if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (var files = Files.newDirectoryStream(folder, TEMP_PREFIX + "*")) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    }
  }

  @Override
  public void delete(PhotoKey key) throws IOException {
    Files.deleteIfExists(DirectoryLayout.file(root, key));
  }

  @Override
  public String describe() {
    return "dir " + root.getFileName() + "/";
  }

  @Override
  public void close() {}
}
