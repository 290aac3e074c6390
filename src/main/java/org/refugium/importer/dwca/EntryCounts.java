package org.refugium.importer.dwca;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import org.refugium.importer.RejectLog;
import org.refugium.importer.RowRejectedException;
import org.refugium.snapshot.Manifest;

/** Rows read, imported and rejected (by reason) of one archive file; rejects also go to the reject log. */
final class EntryCounts {

  private final String file;
  private final String table;
  private final RejectLog rejects;
  private final long startNanos = System.nanoTime();
  long read;
  long imported;
  long rejected;
  private final Map<String, Long> byReason = new TreeMap<>();

  EntryCounts(String file, String table, RejectLog rejects) {
    this.file = file;
    this.table = table;
    this.rejects = rejects;
  }

  /** For a directory's file: its SHA-256 (hashed while read) and size, for the manifest. */
  String sha256;
  long size;

  void finished(DwcArchive.Entry entry) throws IOException {
    sha256 = entry.finishSha256();
    size = entry.size();
  }

  void reject(CsvRecord record, String reason, String detail) throws IOException {
    rejected++;
    byReason.merge(reason, 1L, Long::sum);
    rejects.reject(file, record.line(), new RowRejectedException(reason, detail), record.raw());
  }

  /** A record the CSV reader could not split: rejected with the reader's reason. */
  void rejectMalformed(CsvRecord record) throws IOException {
    reject(record, record.problem(), record.detail());
  }

  String file() {
    return file;
  }

  long rejectedFor(String reason) {
    return byReason.getOrDefault(reason, 0L);
  }

  Manifest.Entry toEntry() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return new Manifest.Entry(file, table, read, imported, rejected, byReason.isEmpty() ? null : Map.copyOf(byReason),
        null, Math.round(seconds * 100) / 100.0);
  }
}
