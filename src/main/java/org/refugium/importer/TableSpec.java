package org.refugium.importer;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A source table described as data, the way dwca-io maps terms: its name, the columns it requires and those it
 * reads when present, the insert statement, and how one row becomes the insert's parameters. A new source is
 * one declaration; {@link TableIngest} does the reading, header checks, batching and reject counting.
 *
 * <p>A spec is immutable and shared. Mappings that keep state across the rows of one import (ids seen, rows
 * skipped per dataset) come from {@code mappings}, a factory called once per import; a stateless mapping is one
 * shared instance ({@link #of}).
 *
 * @param table the table name in the source (e.g. {@code observations}); also used in the manifest
 * @param requiredColumns columns a file must have (its header is refused otherwise); ordinals 0.. in the row
 * @param optionalColumns columns read when present, null when not; ordinals follow the required ones
 * @param insertSql its parameters match the array the mapping returns
 * @param mappings makes the row mapping for one import
 */
public record TableSpec<M extends TableSpec.RowMapping>(String table, List<String> requiredColumns,
    List<String> optionalColumns, String insertSql, Supplier<M> mappings) {

  /** How one row becomes the insert's parameters. */
  @FunctionalInterface
  public interface RowMapping {
    /**
     * Validates and converts one row; throws with a counted reason when the row cannot be imported. Returns null
     * for a row that is valid but deliberately not imported (a GBIF row of another dataset): such rows are
     * neither imported nor rejected, and the mapping that skips them counts them.
     */
    Object[] map(BoundRow row) throws RowRejectedException;
  }

  public TableSpec {
    Objects.requireNonNull(table);
    requiredColumns = List.copyOf(requiredColumns);
    optionalColumns = List.copyOf(optionalColumns);
    Objects.requireNonNull(insertSql);
    Objects.requireNonNull(mappings);
  }

  /** A table whose mapping keeps no state between rows: the one mapping serves every import. */
  public static TableSpec<RowMapping> of(String table, List<String> requiredColumns, List<String> optionalColumns,
      String insertSql, RowMapping mapping) {
    Objects.requireNonNull(mapping);
    return new TableSpec<>(table, requiredColumns, optionalColumns, insertSql, () -> mapping);
  }

  /** A table whose mapping keeps state for one import: {@code mappings} makes a fresh one each time. */
  public static <M extends RowMapping> TableSpec<M> perImport(String table, List<String> requiredColumns,
      List<String> optionalColumns, String insertSql, Supplier<M> mappings) {
    return new TableSpec<>(table, requiredColumns, optionalColumns, insertSql, mappings);
  }

  /** Required then optional columns: the ordinals a {@link BoundRow} reads by. */
  public List<String> columns() {
    return Stream.concat(requiredColumns.stream(), optionalColumns.stream()).toList();
  }

  /** The mapping for one import; keep it to read what it counted once the load is done. */
  public M newMapping() {
    return Objects.requireNonNull(mappings.get(), "mapping");
  }

  /** A loader for one import of this table, with {@code mapping} (from {@link #newMapping()}). */
  public TableLoader loader(M mapping) {
    return new TableLoader(this, mapping);
  }

  /** A loader for one import of this table with a fresh mapping. */
  public TableLoader newLoader() {
    return loader(newMapping());
  }
}
