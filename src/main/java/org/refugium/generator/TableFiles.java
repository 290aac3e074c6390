package org.refugium.generator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.refugium.progress.Progress;

/**
 * Where the generated tables go. A directory gets one {@code <table>.csv.gz} per table, written as rows
 * come. A tarball needs each entry's size in its header before the data, and observations and photos are
 * written together in one pass, so tables first go to plain files in a {@code .parts} folder beside the
 * output and are packed (and the folder removed) at the end. Timestamps and owners in the archive are
 * fixed, and Java's gzip header carries no time, so one seed always gives the same bytes.
 */
abstract sealed class TableFiles implements java.io.Closeable {

  /** Opens {@code <table>.csv} for writing; the caller closes the stream. */
  abstract OutputStream open(String table) throws IOException;

  /** Completes the output once every table is closed. */
  abstract void finish(Progress progress) throws IOException;

  static TableFiles create(ExportSpec spec) throws IOException {
    return spec.format() == ExportSpec.Format.DIRECTORY ? new Directory(spec) : new Tarball(spec);
  }

  static OutputStream gzip(OutputStream out, int level) throws IOException {
    return new GZIPOutputStream(out, 1 << 16) {
      {
        def.setLevel(level);
      }
    };
  }

  static final class Directory extends TableFiles {
    private final ExportSpec spec;

    Directory(ExportSpec spec) throws IOException {
      this.spec = spec;
      Files.createDirectories(spec.output());
    }

    @Override
    OutputStream open(String table) throws IOException {
      Path file = spec.output().resolve(table + ".csv.gz");
      return gzip(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16), spec.gzipLevel());
    }

    @Override
    void finish(Progress progress) {}

    @Override
    public void close() {}
  }

  static final class Tarball extends TableFiles {
    private final ExportSpec spec;
    private final Path parts;
    private final List<String> tables = new ArrayList<>();

    Tarball(ExportSpec spec) throws IOException {
      this.spec = spec;
      Path parent = spec.output().toAbsolutePath().getParent();
      Files.createDirectories(parent);
      this.parts = parent.resolve(spec.output().getFileName() + ".parts");
      deleteParts();
      Files.createDirectories(parts);
    }

    @Override
    OutputStream open(String table) throws IOException {
      tables.add(table);
      return new BufferedOutputStream(Files.newOutputStream(parts.resolve(table + ".csv")), 1 << 16);
    }

    @Override
    void finish(Progress progress) throws IOException {
      long total = 0;
      for (String t : tables) {
        total += Files.size(parts.resolve(t + ".csv"));
      }
      long[] done = {0};
      Date modified = Date.from(spec.exportDate().atStartOfDay().toInstant(ZoneOffset.UTC));
      Path partial = parts.resolve("archive.tar.gz");
      try (Progress.Task task = progress.start("packing " + spec.output().getFileName(), () -> done[0], total);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(gzip(new BufferedOutputStream(
              Files.newOutputStream(partial), 1 << 16), spec.gzipLevel()))) {
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        String folder = spec.folderName() + "/";
        tar.putArchiveEntry(fixed(new TarArchiveEntry(folder), modified, 0755));
        tar.closeArchiveEntry();
        byte[] buffer = new byte[1 << 16];
        for (String t : tables) {
          Path file = parts.resolve(t + ".csv");
          TarArchiveEntry entry = fixed(new TarArchiveEntry(folder + t + ".csv"), modified, 0644);
          entry.setSize(Files.size(file));
          tar.putArchiveEntry(entry);
          try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
              tar.write(buffer, 0, n);
              done[0] += n;
              task.addRows(newlines(buffer, n));
            }
          }
          tar.closeArchiveEntry();
          Files.delete(file);
        }
      }
      Files.move(partial, spec.output(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      deleteParts();
    }

    private static int newlines(byte[] buffer, int n) {
      int count = 0;
      for (int i = 0; i < n; i++) {
        if (buffer[i] == '\n') {
          count++;
        }
      }
      return count;
    }

    private static TarArchiveEntry fixed(TarArchiveEntry entry, Date modified, int mode) {
      entry.setModTime(modified);
      entry.setMode((entry.isDirectory() ? 0040000 : 0100000) | mode);
      entry.setUserId(0);
      entry.setGroupId(0);
      entry.setUserName("");
      entry.setGroupName("");
      return entry;
    }

    private void deleteParts() throws IOException {
      if (Files.isDirectory(parts)) {
        try (var files = Files.list(parts)) {
          for (Path p : files.toList()) {
            Files.delete(p);
          }
        }
        Files.delete(parts);
      }
    }

    /** Leaves no .parts folder behind when generation fails. */
    @Override
    public void close() throws IOException {
      deleteParts();
    }
  }
}
