package org.refugium.importer.dwca;

import java.io.Closeable;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.refugium.importer.ImportFailedException;

/**
 * Reads one file of an archive table as records with columns found by name: from meta.xml's field
 * indexes when the archive has one, otherwise from the file's header line. Records whose field count
 * differs from the header's come back malformed (see {@link CsvReader}).
 */
public final class DwcTableReader implements Closeable {

  private final CsvReader csv;
  private final Map<String, Integer> columns;
  private final Map<String, String> defaults;
  private final String file;

  private DwcTableReader(CsvReader csv, Map<String, Integer> columns, Map<String, String> defaults, String file) {
    this.csv = csv;
    this.columns = columns;
    this.defaults = defaults;
    this.file = file;
  }

  /**
   * @param table the table as meta.xml describes it, or null to take the columns from the header line
   *     (iNaturalist's dialect)
   */
  public static DwcTableReader open(DwcArchive.Entry entry, ArchiveDescriptor.Table table) throws IOException {
    try {
      return openChecked(entry, table);
    } catch (org.refugium.importer.source.LineTooLongException e) {
      throw new ImportFailedException(org.refugium.text.SafeText.of(entry.name()) + ", " + e.getMessage(), e);
    }
  }

  private static DwcTableReader openChecked(DwcArchive.Entry entry, ArchiveDescriptor.Table table) throws IOException {
    CsvDialect dialect = table != null ? table.dialect() : CsvDialect.INATURALIST;
    CsvReader csv = new CsvReader(entry.in(), dialect);
    CsvRecord header = null;
    for (int i = 0; i < dialect.headerLines(); i++) {
      CsvRecord skipped = csv.next();
      if (skipped == null) {
        break;
      }
      if (i == 0) {
        header = skipped;
      }
    }
    if (table != null && dialect.headerLines() == 0) {
      return new DwcTableReader(csv, table.columns(), table.defaults(), entry.name()); // no header: no field count
    }
    if (header == null || header.malformed()) {
      throw new ImportFailedException(entry.name() + " has no readable header line");
    }
    csv.expectFields(header.fields().length);
    Map<String, Integer> columns = table != null ? table.columns() : ArchiveDescriptor.columnsFromHeader(header.fields());
    Map<String, String> defaults = table != null ? table.defaults() : Map.of();
    return new DwcTableReader(csv, columns, defaults, entry.name());
  }

  /** Position of a column by term name (any case), or -1 when the file lacks it. */
  public int column(String name) {
    return columns.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
  }

  public boolean hasColumn(String name) {
    return column(name) >= 0 || defaults.containsKey(name.toLowerCase(Locale.ROOT));
  }

  /** meta.xml's default for a column it gives without an index (null when none). */
  public String defaultValue(String name) {
    return defaults.get(name.toLowerCase(Locale.ROOT));
  }

  /** The value of a column in a record, falling back to meta.xml's default. */
  public String value(CsvRecord record, String name) {
    String value = record.get(column(name));
    return value != null ? value : defaultValue(name);
  }

  public void requireColumns(String... names) {
    for (String name : names) {
      if (!hasColumn(name)) {
        throw new ImportFailedException(file + " lacks the column " + name + "; it has " + columns.keySet());
      }
    }
  }

  public CsvRecord next() throws IOException {
    try {
      return csv.next();
    } catch (org.refugium.importer.source.LineTooLongException e) {
      throw new ImportFailedException(org.refugium.text.SafeText.of(file) + ", " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    csv.close();
  }
}
