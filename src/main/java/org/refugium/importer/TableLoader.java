package org.refugium.importer;

import java.util.List;
import org.refugium.importer.tsv.Header;
import org.refugium.importer.tsv.TsvRow;

/**
 * How one table of a source becomes rows of a SQLite table: which columns it needs, the insert
 * statement, and the per-row validation. One implementation per table; they hold no connection.
 */
public interface TableLoader {

  /** The table name in the source (e.g. {@code observations}); also used in the manifest. */
  String table();

  List<String> requiredColumns();

  List<String> optionalColumns();

  /** The insert statement; its parameters match the array that {@link #map} returns. */
  String insertSql();

  /** Called once with the file's header before any row. */
  void bind(Header header);

  /**
   * Validates and converts one row; throws with a counted reason when the row cannot be imported.
   * Returns null for a row that is valid but deliberately not imported (a GBIF row of another dataset):
   * such rows are neither imported nor rejected, and the loader that skips them counts them.
   */
  Object[] map(TsvRow row) throws RowRejectedException;
}
