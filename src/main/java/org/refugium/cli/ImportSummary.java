package org.refugium.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Format;
import org.refugium.snapshot.Manifest;

/** The table printed at the end of an import: per source entry rows read/imported/rejected, then totals. */
final class ImportSummary {

  private ImportSummary() {}

  static void print(PrintStream out, SnapshotImporter.Result result, Duration took) {
    Manifest m = result.manifest();
    out.printf("%nSnapshot %s published in %s (%s)%n", result.name(), result.directory(), Format.duration(took));
    out.printf("%-44s %-22s %12s %12s %10s %10s%n", "source entry", "table", "read", "imported", "rejected", "rows/s");
    for (Manifest.Source s : m.sources()) {
      for (Manifest.Entry e : s.entries()) {
        double rate = e.seconds() != null && e.seconds() > 0 ? e.rowsRead() / e.seconds() : 0;
        out.printf("%-44s %-22s %12d %12d %10d %10s%n", shorten(e.name(), 44), e.table(), e.rowsRead(),
            e.rowsImported(), e.rowsRejected(), Format.count((long) rate));
      }
    }
    out.println();
    for (Map.Entry<String, Long> c : m.counts().entrySet()) {
      out.printf("  %-34s %12d%n", c.getKey(), c.getValue());
    }
    if (!m.rejectsByReason().isEmpty()) {
      out.println("Rejected rows by reason (details in rejects.tsv.gz):");
      m.rejectsByReason().forEach((reason, n) -> out.printf("  %-34s %12d%n", reason, n));
    }
    for (String w : m.warnings()) {
      out.println("warning: " + org.refugium.text.SafeText.of(w, 2000)); // warnings may quote the data
    }
  }

  private static String shorten(String s, int width) {
    return s.length() <= width ? s : "…" + s.substring(s.length() - width + 1);
  }
}
