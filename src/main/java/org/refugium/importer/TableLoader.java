package org.refugium.importer;

import org.refugium.importer.tsv.Header;
import org.refugium.importer.tsv.TsvRow;

/**
 * One import of a {@link TableSpec}: its mapping, and the row view bound to the file's header. Holds no
 * connection; {@link TableIngest} drives it on its parser thread.
 */
public final class TableLoader {

  private final TableSpec<?> spec;
  private final TableSpec.RowMapping mapping;
  private BoundRow row;

  TableLoader(TableSpec<?> spec, TableSpec.RowMapping mapping) {
    this.spec = spec;
    this.mapping = mapping;
  }

  public TableSpec<?> spec() {
    return spec;
  }

  /** Called once with the file's header before any row. */
  void bind(Header header) {
    row = new BoundRow(spec.columns(), header);
  }

  /**
   * Checks the field count, then maps the row (see {@link TableSpec.RowMapping#map}): null for a row left out on
   * purpose, an exception with a counted reason for a row that cannot be imported.
   */
  Object[] map(TsvRow next) throws RowRejectedException {
    row.at(next);
    return mapping.map(row);
  }
}
