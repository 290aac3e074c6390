package org.refugium.importer.opendata;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.refugium.importer.ImportFailedException;
import org.refugium.importer.TableIngest;
import org.refugium.importer.TableStats;
import org.refugium.importer.source.CountingInputStream;
import org.refugium.importer.source.MeasuredFile;
import org.refugium.importer.source.SourceStreams;
import org.refugium.progress.Progress;
import org.refugium.snapshot.Manifest;

/**
 * Reads the iNaturalist Open Data export in each shape users have it: the monthly tarball (entries
 * under {@code inaturalist-open-data-YYYYMMDD/}), a directory of {@code .csv} or {@code .csv.gz}
 * files, or single table files. Everything is streamed: the tarball is never unpacked to disk.
 * Tables are recognised by base name; other files are reported and skipped.
 */
public final class OpenDataImport {

  private final TableIngest ingest;
  private final Progress progress;
  private final List<String> warnings;
  private final Set<OpenDataTables> seen = EnumSet.noneOf(OpenDataTables.class);

  public OpenDataImport(TableIngest ingest, Progress progress, List<String> warnings) {
    this.ingest = ingest;
    this.progress = progress;
    this.warnings = warnings;
  }

  /** Loads every input (tarballs, directories, table files); fails when a required table is absent. */
  public List<Manifest.Source> load(List<Path> inputs) throws IOException, SQLException {
    List<Manifest.Source> sources = new ArrayList<>();
    for (Path input : inputs) {
      if (Files.isDirectory(input)) {
        for (Path file : filesIn(input)) {
          sources.add(loadFile(file));
        }
      } else if (Files.isRegularFile(input)) {
        sources.add(loadFile(input));
      } else {
        throw new ImportFailedException("no such file or directory: " + input);
      }
    }
    List<String> missing = OpenDataTables.requiredTables().stream().filter(t -> !seen.contains(t))
        .map(t -> t.table() + ".csv").toList();
    if (!missing.isEmpty()) {
      throw new ImportFailedException("the Open Data export is incomplete: missing " + missing + " in " + inputs);
    }
    return sources;
  }

  private static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private Manifest.Source loadFile(Path file) throws IOException, SQLException {
    String name = file.getFileName().toString();
    try (MeasuredFile raw = MeasuredFile.open(file)) {
      InputStream in = SourceStreams.gunzipIfCompressed(raw);
      boolean tar = in instanceof BufferedInputStream b && SourceStreams.isTar(b);
      List<Manifest.Entry> entries = new ArrayList<>();
      String kind;
      if (tar) {
        kind = "open-data tarball";
        readTar(raw, in, entries);
      } else {
        kind = "open-data table";
        var table = OpenDataTables.forFileName(name);
        if (table.isEmpty()) {
          warnings.add("skipped unknown file " + file + " (not a table of the Open Data export)");
          progress.say("skipping unknown file " + name);
          kind = "skipped";
        } else {
          entries.add(loadTable(table.get(), name, in, raw));
        }
      }
      String sha256 = raw.finishSha256();
      return new Manifest.Source(file.toString(), kind, raw.size(), sha256, entries);
    } catch (java.io.EOFException e) {
      throw new ImportFailedException(file + " is truncated (the compressed stream ends early): " + e.getMessage(), e);
    } catch (java.util.zip.ZipException e) {
      throw new ImportFailedException(file + " is corrupt (gzip data error: " + e.getMessage() + ")", e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("No space left")) {
        throw e; // the disk, not the archive: reported as such by the importer
      }
      // e.g. commons-compress's "Corrupted TAR archive." when damaged bytes still inflate
      throw new ImportFailedException(file + " is corrupt or truncated: " + e.getMessage(), e);
    }
  }

  private void readTar(MeasuredFile raw, InputStream in, List<Manifest.Entry> entries) throws IOException, SQLException {
    TarArchiveInputStream tar = new TarArchiveInputStream(in);
    TarArchiveEntry entry;
    while ((entry = tar.getNextEntry()) != null) {
      if (!entry.isFile()) {
        continue;
      }
      var table = OpenDataTables.forFileName(entry.getName());
      if (table.isEmpty()) {
        warnings.add("skipped unknown archive entry " + org.refugium.text.SafeText.of(entry.getName()));
        progress.say("skipping unknown archive entry " + org.refugium.text.SafeText.of(entry.getName()));
        continue;
      }
      long expected = entry.getSize();
      // counts the entry's bytes to tell a complete entry from one cut short; close() must leave the tar open
      CountingInputStream counted = new CountingInputStream(tar) {
        @Override
        public void close() {
          // the tar stream stays open for the next entry
        }
      };
      entries.add(loadTable(table.get(), org.refugium.text.SafeText.of(entry.getName()), SourceStreams.gunzipIfCompressed(counted), raw));
      counted.transferTo(java.io.OutputStream.nullOutputStream()); // rows end before the entry's padding
      if (counted.count() < expected) {
        throw new ImportFailedException("archive entry " + org.refugium.text.SafeText.of(entry.getName()) + " is truncated: " + counted.count()
            + " of " + expected + " bytes");
      }
    }
  }

  private Manifest.Entry loadTable(OpenDataTables table, String entryName, InputStream in, MeasuredFile raw)
      throws IOException, SQLException {
    if (!seen.add(table)) {
      throw new ImportFailedException("table " + table.table() + " appears twice in the inputs (second: "
          + entryName + ")");
    }
    TableStats stats;
    try (Progress.Task task = progress.start(table.table(), raw::bytesRead, raw.size())) {
      stats = ingest.load(entryName, in, table.newLoader(), task);
    }
    if (!stats.unknownColumns().isEmpty()) {
      warnings.add(entryName + ": skipped unknown column(s) " + stats.unknownColumns());
    }
    return new Manifest.Entry(entryName, table.table(), stats.rowsRead(), stats.rowsImported(),
        stats.rowsRejected(), stats.rejectedByReason(), stats.unknownColumns().isEmpty() ? null
        : stats.unknownColumns(), Math.round(stats.seconds() * 100) / 100.0);
  }
}
