package org.refugium.importer;

import java.util.List;
import java.util.Map;

/** What one table of one source file gave: rows read, imported, rejected (by reason), columns skipped. */
public record TableStats(
    String table,
    String entry,
    long rowsRead,
    long rowsImported,
    long rowsRejected,
    Map<String, Long> rejectedByReason,
    List<String> unknownColumns,
    double seconds) {

  public double rowsPerSecond() {
    return seconds > 0 ? rowsRead / seconds : 0;
  }
}
