package org.refugium.importer.dwca;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;
import org.refugium.importer.RejectLog;
import org.refugium.importer.RowRejectedException;
import org.refugium.progress.Progress;

/**
 * Loads {@code VernacularNames-<lexicon>.csv} files into {@code taxon_names}. The locale is the row's
 * {@code language} (en, ru, zh-TW, und…), else the file name's lexicon. The archive has no
 * preferred-name flag, so {@code position} is the order within (taxon, locale) across all files in
 * reading order, and position 0 is taken as the preferred name. Names are attached to the snapshot's
 * taxa only: a name whose taxon is not there is rejected as "unknown taxon" (kept in the reject log).
 */
final class VernacularNamesReader {

  private static final String INSERT =
      "INSERT INTO taxon_names (taxon_id, name, locale, lexicon, position) VALUES (?,?,?,?,?)";
  /** Locales are numbered into the low bits of the position key, next to the taxon id. */
  private static final int LOCALE_BITS = 12;

  private final Connection db;
  private final RejectLog rejects;
  private final BitSet knownTaxa;
  private final PositionCounter positions = new PositionCounter();
  private final Map<String, Integer> localeNumbers = new HashMap<>();

  VernacularNamesReader(Connection db, RejectLog rejects, BitSet knownTaxa) {
    this.db = db;
    this.rejects = rejects;
    this.knownTaxa = knownTaxa;
  }

  EntryCounts read(DwcArchive archive, String file, ArchiveDescriptor.Table table, Progress progress)
      throws IOException, SQLException {
    EntryCounts counts = new EntryCounts(file, "taxon_names", rejects);
    String fileLocale = LexiconLocales.forFileName(file);
    try (DwcArchive.Entry entry = archive.open(file);
        DwcTableReader reader = DwcTableReader.open(entry, table);
        Progress.Task task = progress.start("names " + DwcArchive.baseName(file), entry::bytesRead, entry.size());
        BatchInsert insert = new BatchInsert(db, INSERT)) {
      reader.requireColumns("id", "vernacularName");
      CsvRecord record;
      while ((record = reader.next()) != null) {
        counts.read++;
        task.addRows(1);
        if (record.malformed()) {
          counts.rejectMalformed(record);
          continue;
        }
        try {
          insert.add(map(reader, record, fileLocale));
          counts.imported++;
        } catch (RowRejectedException e) {
          counts.reject(record, e.reason(), e.getMessage());
        }
      }
      counts.finished(entry);
    }
    return counts;
  }

  private Object[] map(DwcTableReader reader, CsvRecord record, String fileLocale) throws RowRejectedException {
    Long taxon = DwcTaxaReader.number(reader.value(record, "id"), "id");
    if (taxon == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, "id");
    }
    String name = reader.value(record, "vernacularName");
    if (name == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, "vernacularName");
    }
    if (taxon > Integer.MAX_VALUE || !knownTaxa.get(taxon.intValue())) {
      throw new RowRejectedException(RowRejectedException.UNKNOWN_TAXON, "taxon " + taxon + " (" + name + ")");
    }
    String locale = reader.value(record, "language");
    if (locale == null) {
      locale = fileLocale;
    }
    int localeNumber = localeNumbers.computeIfAbsent(locale, l -> localeNumbers.size());
    if (localeNumber >= 1 << LOCALE_BITS) {
      throw new RowRejectedException(RowRejectedException.BAD_VALUE, "too many distinct languages: " + locale);
    }
    int position = positions.next((taxon << LOCALE_BITS) | localeNumber);
    return new Object[] {taxon, name, locale, reader.value(record, "lexicon"), position};
  }
}
