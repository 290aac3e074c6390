package org.refugium.importer.dwca;

import java.io.BufferedInputStream;
import java.io.Closeable;
import org.refugium.importer.source.CountingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.refugium.importer.ImportFailedException;
import org.refugium.importer.source.MeasuredFile;

/**
 * The files of an archive, whether a zip on disk or its unpacked directory. Zip entries are streamed
 * (decompressed as read, never unpacked to disk); entries are found by name, or by base name when the
 * zip has a top folder. A zip's SHA-256 is computed on a thread of its own while the import reads it.
 * Also used for GBIF downloads, which are Darwin Core archives too.
 */
public final class DwcArchive implements Closeable {

  private final Path path;
  private final ZipFile zip;
  private final Map<String, String> byName = new LinkedHashMap<>();
  private final Map<String, String> byBaseName = new LinkedHashMap<>();
  private final Future<String> zipSha256;

  private DwcArchive(Path path, ZipFile zip, List<String> names) {
    this.path = path;
    this.zip = zip;
    for (String name : names) {
      byName.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
      byBaseName.putIfAbsent(baseName(name).toLowerCase(Locale.ROOT), name);
    }
    this.zipSha256 = zip == null ? null : CompletableFuture.supplyAsync(() -> sha256(path), r -> {
      Thread t = new Thread(r, "sha256 " + path.getFileName());
      t.setDaemon(true);
      t.start();
    });
  }

  /** Opens a zip file or a directory; fails with a clear message for anything else. */
  public static DwcArchive open(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      try (Stream<Path> files = Files.walk(path, 3)) {
        List<String> names = files.filter(Files::isRegularFile).map(f -> path.relativize(f).toString()).sorted()
            .toList();
        return new DwcArchive(path, null, names);
      }
    }
    if (!Files.isRegularFile(path)) {
      throw new ImportFailedException("no such file or directory: " + path);
    }
    try {
      ZipFile zip = new ZipFile(path.toFile());
      List<String> names = new ArrayList<>();
      for (ZipEntry e : Collections.list(zip.entries())) {
        if (!e.isDirectory()) {
          names.add(e.getName());
        }
      }
      return new DwcArchive(path, zip, names);
    } catch (ZipException e) {
      throw new ImportFailedException(path + " is neither a directory nor a readable zip file (" + e.getMessage()
          + ")", e);
    }
  }

  public Path path() {
    return path;
  }

  public boolean isZip() {
    return zip != null;
  }

  /** Names of all files, in archive (zip) or sorted (directory) order. */
  public List<String> names() {
    return List.copyOf(byName.values());
  }

  /** The archive's name for {@code location}: exact (case-insensitive) or, failing that, by base name. */
  public Optional<String> find(String location) {
    String exact = byName.get(location.toLowerCase(Locale.ROOT));
    if (exact != null) {
      return Optional.of(exact);
    }
    return Optional.ofNullable(byBaseName.get(baseName(location).toLowerCase(Locale.ROOT)));
  }

  public static String baseName(String name) {
    String n = name.replace('\\', '/');
    return n.substring(n.lastIndexOf('/') + 1);
  }

  /** Opens one file for a single streaming pass. */
  public Entry open(String name) throws IOException {
    if (zip == null) {
      MeasuredFile file = MeasuredFile.open(path.resolve(name));
      return new Entry(name, new BufferedInputStream(file, 1 << 16), file::bytesRead, file.size(), file);
    }
    ZipEntry entry = zip.getEntry(name);
    if (entry == null) {
      throw new ImportFailedException(path + " has no entry " + org.refugium.text.SafeText.of(name));
    }
    CountingInputStream counting = new CountingInputStream(zip.getInputStream(entry));
    return new Entry(name, new BufferedInputStream(counting, 1 << 16), counting::count, entry.getSize(), null);
  }

  /** SHA-256 of the zip file (waits for the hashing thread); null for a directory. */
  public String zipSha256() throws IOException {
    if (zipSha256 == null) {
      return null;
    }
    try {
      return zipSha256.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ImportFailedException("interrupted", e);
    } catch (ExecutionException e) {
      throw new IOException("hashing " + path + " failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static String sha256(Path file) {
    try (MeasuredFile measured = MeasuredFile.open(file)) {
      return measured.finishSha256();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    if (zipSha256 != null) {
      zipSha256.cancel(true);
    }
    if (zip != null) {
      zip.close();
    }
  }

  /**
   * One opened file: the stream, how far it has been read (for progress), and its size. For a
   * directory's file the bytes are hashed as read: {@link #finishSha256()} gives the file's checksum.
   */
  public static final class Entry implements Closeable {
    private final String name;
    private final InputStream in;
    private final java.util.function.LongSupplier bytesRead;
    private final long size;
    private final MeasuredFile file;

    Entry(String name, InputStream in, java.util.function.LongSupplier bytesRead, long size, MeasuredFile file) {
      this.name = name;
      this.in = in;
      this.bytesRead = bytesRead;
      this.size = size;
      this.file = file;
    }

    public String name() {
      return name;
    }

    public InputStream in() {
      return in;
    }

    public long bytesRead() {
      return bytesRead.getAsLong();
    }

    public long size() {
      return size;
    }

    /** Reads what is left and returns the file's SHA-256; null for a zip entry (the zip is hashed whole). */
    public String finishSha256() throws IOException {
      return file == null ? null : file.finishSha256();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

}
