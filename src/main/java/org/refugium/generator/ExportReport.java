package org.refugium.generator;

import java.util.Map;

/**
 * What a generation wrote: data rows per table (headers not counted) and the faults put in on purpose,
 * by the importer's reject reason they should produce, so a test can check the import counted each one.
 *
 * @param rows                    data rows per table, e.g. "observations" → 20000
 * @param injectedRejects         table → reason → rows the importer must reject (or drop as duplicates) for it
 * @param observationsUnknownTaxon importable observations whose taxon_id is absent from taxa.csv (flagged, not rejected)
 * @param inactiveTaxa            taxa written with active = false
 * @param repeatedPhotoIds        photo rows reusing an earlier photo_id
 * @param seconds                 wall time of the whole generation
 */
public record ExportReport(Map<String, Long> rows, Map<String, Map<String, Long>> injectedRejects,
    long observationsUnknownTaxon, long inactiveTaxa, long repeatedPhotoIds, double seconds) {

  /** Planted faults of all tables by reason: what the manifest's rejectsByReason should say. */
  public Map<String, Long> injectedRejectsByReason() {
    Map<String, Long> all = new java.util.TreeMap<>();
    injectedRejects.values().forEach(m -> m.forEach((reason, n) -> all.merge(reason, n, Long::sum)));
    return all;
  }

  /** Planted faults in one table. */
  public long injectedRejects(String table) {
    return injectedRejects.getOrDefault(table, Map.of()).values().stream().mapToLong(Long::longValue).sum();
  }
}
