package org.refugium.snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * The packed form of a snapshot (a plain tar, manifest first) laid out before a byte is written: each entry's
 * header bytes, its file and its padding, so the length of the whole tar is known at once and any byte range of
 * it can be produced without writing the rest. {@code snapshots pack} writes it to a file; a serving node streams
 * it (with HTTP Range) to {@code snapshots pull} without keeping a second copy on disk.
 *
 * <p>The bytes depend only on the files' relative paths, sizes and modification times (second precision): entries
 * carry no owner, no access or change times, and a fixed mode, so the same snapshot gives the same tar on every
 * read, which is what lets a transfer resume.
 */
public final class PackLayout {

  /** tar's record; every header and every file is padded to it. */
  static final int RECORD = 512;
  /** commons-compress's (and GNU tar's) default block: the end of the archive is padded to it. */
  static final int BLOCK = 20 * RECORD;

  /** One tar entry: its header record(s) and the file whose bytes follow (padded to a record). */
  record Entry(String name, Path file, long size, byte[] header) {
    long length() {
      return header.length + size + padding(size);
    }
  }

  private final String name;
  private final List<Entry> entries;
  private final long length;
  private final String etag;

  private PackLayout(String name, List<Entry> entries, long length, String etag) {
    this.name = name;
    this.entries = entries;
    this.length = length;
    this.etag = etag;
  }

  /** Lays out the snapshot directory {@code snapshot} (its folder name is the name inside the tar). */
  public static PackLayout of(Path snapshot) throws IOException {
    String name = snapshot.getFileName().toString();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(snapshot)) {
      // the manifest goes first so an unpacker knows what to expect before the big files arrive
      files = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .sorted((a, b) -> a.equals(snapshot.resolve(Manifest.FILE_NAME)) ? -1
              : b.equals(snapshot.resolve(Manifest.FILE_NAME)) ? 1 : a.compareTo(b))
          .toList();
    }
    MessageDigest digest = sha256();
    List<Entry> entries = new ArrayList<>();
    long length = 0;
    for (Path f : files) {
      BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      String entryName = name + "/" + snapshot.relativize(f).toString().replace('\\', '/');
      byte[] header = header(entryName, a.size(), a.lastModifiedTime());
      entries.add(new Entry(entryName, f, a.size(), header));
      length += header.length + a.size() + padding(a.size());
      digest.update(header);
    }
    length += 2 * RECORD; // two zero records end a tar
    length += (BLOCK - length % BLOCK) % BLOCK;
    // the ETag covers every header (names, sizes, times) and the manifest and signature, which hold the sha256
    // of every file: a snapshot re-imported under the same name, or re-signed, gets a new one
    for (String small : List.of(Manifest.FILE_NAME, ManifestSignature.FILE_NAME)) {
      Path p = snapshot.resolve(small);
      if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
        digest.update(Files.readAllBytes(p));
      }
    }
    String etag = HexFormat.of().formatHex(digest.digest(), 0, 16);
    return new PackLayout(name, List.copyOf(entries), length, etag);
  }

  /** The header record(s) commons-compress writes for an entry, PAX extensions (long names, big sizes) included. */
  private static byte[] header(String entryName, long size, FileTime modified) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(entryName);
    entry.setSize(size);
    entry.setMode(TarArchiveEntry.DEFAULT_FILE_MODE);
    entry.setModTime(FileTime.from(modified.to(TimeUnit.SECONDS), TimeUnit.SECONDS));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(RECORD);
    // a block of one record: each header record reaches `bytes` as soon as it is written; the stream is then
    // dropped with its entry open, having written nothing else
    TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes, RECORD);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    tar.putArchiveEntry(entry);
    tar.flush();
    byte[] header = bytes.toByteArray();
    if (header.length == 0 || header.length % RECORD != 0) {
      throw new IllegalStateException("unexpected tar header length " + header.length + " for " + entryName);
    }
    return header;
  }

  static long padding(long size) {
    return (RECORD - size % RECORD) % RECORD;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public String name() {
    return name;
  }

  /** Bytes in the whole tar. */
  public long length() {
    return length;
  }

  /** Changes whenever a byte of the tar would (a strong HTTP validator, without quotes). */
  public String etag() {
    return etag;
  }

  public int files() {
    return entries.size();
  }

  /** Where the bytes go: each buffer is consumed in full before the next call (and may be reused after it). */
  @FunctionalInterface
  public interface Sink {
    void write(ByteBuffer bytes) throws IOException;
  }

  /**
   * Writes bytes {@code from} (inclusive) to {@code to} (exclusive) of the tar. File bytes go through one direct
   * buffer (read by position, handed to the sink as they are: no copy through the heap on the way to a socket or a
   * file); a file that changed size under us is an error, never a silently shifted tar.
   */
  public void write(Sink out, long from, long to) throws IOException {
    if (from < 0 || to > length || from > to) {
      throw new IllegalArgumentException("range " + from + "-" + to + " outside 0-" + length);
    }
    ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);
    long pos = 0;
    for (Entry e : entries) {
      if (pos >= to) {
        return;
      }
      long end = pos + e.length();
      if (end > from) {
        long headerEnd = pos + e.header().length;
        copyBytes(e.header(), pos, from, to, out);
        long dataEnd = headerEnd + e.size();
        if (dataEnd > from && headerEnd < to) {
          long start = Math.max(from, headerEnd) - headerEnd;
          long stop = Math.min(to, dataEnd) - headerEnd;
          copyFile(e, start, stop, buffer, out);
        }
        zeros(dataEnd, end, from, to, out);
      }
      pos = end;
    }
    zeros(pos, length, from, to, out);
  }

  /** {@link #write(Sink, long, long)} to a stream. */
  public void write(OutputStream out, long from, long to) throws IOException {
    byte[] copy = new byte[1 << 16];
    write(b -> {
      if (b.hasArray()) {
        out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
        b.position(b.limit());
      }
      while (b.hasRemaining()) {
        int n = Math.min(copy.length, b.remaining());
        b.get(copy, 0, n);
        out.write(copy, 0, n);
      }
    }, from, to);
  }

  /** The whole tar into a file, written beside it and renamed in (what {@code snapshots pack} does). */
  public void writeTo(Path tarFile) throws IOException {
    Path tmp = tarFile.resolveSibling(tarFile.getFileName() + ".part");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      write(b -> {
        while (b.hasRemaining()) {
          out.write(b);
        }
      }, 0, length);
    }
    Files.move(tmp, tarFile, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static void copyBytes(byte[] bytes, long at, long from, long to, Sink out) throws IOException {
    long start = Math.max(at, from);
    long stop = Math.min(at + bytes.length, to);
    if (stop > start) {
      out.write(ByteBuffer.wrap(bytes, (int) (start - at), (int) (stop - start)));
    }
  }

  private static final byte[] ZEROS = new byte[BLOCK];

  private static void zeros(long at, long end, long from, long to, Sink out) throws IOException {
    long start = Math.max(at, from);
    long stop = Math.min(end, to);
    while (stop > start) {
      int n = (int) Math.min(ZEROS.length, stop - start);
      out.write(ByteBuffer.wrap(ZEROS, 0, n));
      start += n;
    }
  }

  private static void copyFile(Entry e, long start, long stop, ByteBuffer buf, Sink out) throws IOException {
    try (FileChannel ch = FileChannel.open(e.file(), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      if (ch.size() != e.size()) {
        throw new IOException(e.name() + " changed size while being packed (" + e.size() + " -> " + ch.size() + ")");
      }
      long pos = start;
      while (pos < stop) {
        buf.clear().limit((int) Math.min(buf.capacity(), stop - pos));
        while (buf.hasRemaining()) {
          if (ch.read(buf, pos + buf.position()) < 0) {
            throw new IOException(e.name() + " ended early while being packed");
          }
        }
        buf.flip();
        pos += buf.remaining();
        out.write(buf);
      }
    }
  }

}
