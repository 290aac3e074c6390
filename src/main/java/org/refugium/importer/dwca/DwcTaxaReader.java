package org.refugium.importer.dwca;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.refugium.importer.RejectLog;
import org.refugium.importer.RowRejectedException;
import org.refugium.progress.Progress;

/**
 * Reads the DwC-A taxa.csv into a temporary table {@code dwca_taxa} (id, parent_id, name, rank,
 * rank_level) of this connection, validating each row. What becomes of those rows (compared with the
 * Open Data tree, grafted onto it) is {@link TaxonGraft}'s business; the temporary table never reaches
 * the snapshot file.
 */
final class DwcTaxaReader {

  static final String TEMP_TABLE = "dwca_taxa";

  /**
   * The tree is held in arrays indexed by taxon id (here and in TaxonTree); iNaturalist's ids are below
   * 2M in 2026, so anything near this bound is a corrupt row, not a taxon.
   */
  static final long MAX_TAXON_ID = 100_000_000L;

  private final Connection db;
  private final RejectLog rejects;

  DwcTaxaReader(Connection db, RejectLog rejects) {
    this.db = db;
    this.rejects = rejects;
  }

  /** Loads the file into {@code temp.dwca_taxa}; the counts' "imported" is the rows kept there. */
  EntryCounts read(DwcArchive archive, String file, ArchiveDescriptor.Table table, Progress progress)
      throws IOException, SQLException {
    try (Statement st = db.createStatement()) {
      st.execute("DROP TABLE IF EXISTS temp." + TEMP_TABLE);
      st.execute("CREATE TEMP TABLE " + TEMP_TABLE
          + " (id INTEGER PRIMARY KEY, parent_id INTEGER, name TEXT NOT NULL, rank TEXT, rank_level REAL)");
    }
    EntryCounts counts = new EntryCounts(file, "taxa", rejects);
    Ids seen = new Ids();
    try (DwcArchive.Entry entry = archive.open(file);
        DwcTableReader reader = DwcTableReader.open(entry, table);
        Progress.Task task = progress.start("taxonomy " + DwcArchive.baseName(file), entry::bytesRead, entry.size());
        BatchInsert insert = new BatchInsert(db, "INSERT INTO temp." + TEMP_TABLE
            + " (id, parent_id, name, rank, rank_level) VALUES (?,?,?,?,?)")) {
      if (!reader.hasColumn("id") && !reader.hasColumn("taxonID")) {
        reader.requireColumns("id");
      }
      reader.requireColumns("scientificName");
      CsvRecord record;
      while ((record = reader.next()) != null) {
        counts.read++;
        task.addRows(1);
        if (record.malformed()) {
          counts.rejectMalformed(record);
          continue;
        }
        try {
          Object[] row = map(reader, record, seen);
          insert.add(row);
          counts.imported++;
        } catch (RowRejectedException e) {
          counts.reject(record, e.reason(), e.getMessage());
        }
      }
      counts.finished(entry);
    }
    return counts;
  }

  private static Object[] map(DwcTableReader reader, CsvRecord record, Ids seen) throws RowRejectedException {
    Long id = number(reader.value(record, "id"), "id");
    if (id == null) {
      id = number(reader.value(record, "taxonID"), "taxonID");
    }
    if (id == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, "id");
    }
    Long parent = number(reader.value(record, "parentNameUsageID"), "parentNameUsageID");
    String name = reader.value(record, "scientificName");
    if (name == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, "scientificName");
    }
    String rank = reader.value(record, "taxonRank");
    if (rank != null) {
      rank = rank.toLowerCase(Locale.ROOT);
    }
    if (id > MAX_TAXON_ID || (parent != null && parent > MAX_TAXON_ID)) {
      throw new RowRejectedException(RowRejectedException.BAD_VALUE, "taxon id beyond " + MAX_TAXON_ID + ": " + id
          + (parent != null ? " (parent " + parent + ")" : ""));
    }
    if (parent != null && parent.longValue() == id.longValue()) {
      throw new RowRejectedException(RowRejectedException.BAD_VALUE, "taxon " + id + " is its own parent");
    }
    seen.claim(id);
    return new Object[] {id, parent, name, rank, RankLevels.of(rank)};
  }

  /** An id given as a number or as a URL ending in one; null when empty. */
  static Long number(String value, String column) throws RowRejectedException {
    if (value == null) {
      return null;
    }
    Long id = UrlIds.trailingNumber(value);
    if (id == null || id < 0) {
      throw new RowRejectedException(RowRejectedException.BAD_VALUE, column + " = " + value);
    }
    return id;
  }

  /** Rejects a repeated id before it reaches SQLite, where it would fail the whole batch. */
  static final class Ids {
    private final BitSet dense = new BitSet();
    private final Set<Long> sparse = new HashSet<>();

    void claim(long id) throws RowRejectedException {
      boolean fresh;
      if (id >= 0 && id < Integer.MAX_VALUE) {
        fresh = !dense.get((int) id);
        dense.set((int) id);
      } else {
        fresh = sparse.add(id);
      }
      if (!fresh) {
        throw new RowRejectedException(RowRejectedException.DUPLICATE_KEY, "id = " + id);
      }
    }
  }
}
