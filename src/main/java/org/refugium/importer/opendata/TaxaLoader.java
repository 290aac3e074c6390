package org.refugium.importer.opendata;

import java.util.List;
import org.refugium.archive.TaxonTree;
import org.refugium.importer.AbstractTableLoader;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.tsv.TsvRow;

/** taxa.csv: the tree (ancestry from the root down to the parent), rank, rank_level (may be 33.5), active flag. */
public final class TaxaLoader extends AbstractTableLoader {

  private static final List<String> REQUIRED = List.of("taxon_id", "ancestry", "rank_level", "rank", "name", "active");

  private final UniqueIds seen = new UniqueIds();

  @Override
  public String table() {
    return "taxa";
  }

  @Override
  public List<String> requiredColumns() {
    return REQUIRED;
  }

  @Override
  public List<String> optionalColumns() {
    return List.of();
  }

  @Override
  public String insertSql() {
    return "INSERT INTO taxa (id, parent_id, ancestry, rank_level, rank, name, active) VALUES (?,?,?,?,?,?,?)";
  }

  @Override
  public Object[] map(TsvRow row) throws RowRejectedException {
    checkFieldCount(row);
    long id = requiredInteger(row, column(0), "taxon_id");
    if (id > TaxonTree.MAX_TAXON_ID) {
      throw new RowRejectedException(RowRejectedException.BAD_VALUE, "taxon_id = " + id + " (above "
          + TaxonTree.MAX_TAXON_ID + ", the largest the taxon tree takes)");
    }
    String ancestry = text(row, column(1));
    Long parent = parentOf(ancestry);
    Double rankLevel = decimal(row, column(2), "rank_level");
    String rank = text(row, column(3));
    String name = requiredText(row, column(4), "name");
    int active;
    if (row.equalsAscii(column(5), "true")) {
      active = 1;
    } else if (row.equalsAscii(column(5), "false")) {
      active = 0;
    } else {
      throw new RowRejectedException(RowRejectedException.BAD_VALUE, "active = " + row.stringOrNull(column(5)));
    }
    seen.claim(id, "taxon_id");
    return new Object[] {id, parent, ancestry, rankLevel, rank, name, active};
  }

  /** The last id of the ancestry path, checking that every element is a number. */
  static Long parentOf(String ancestry) throws RowRejectedException {
    if (ancestry == null) {
      return null;
    }
    long last = -1;
    for (String part : ancestry.split("/")) {
      try {
        last = Long.parseLong(part);
      } catch (NumberFormatException e) {
        throw new RowRejectedException(RowRejectedException.BAD_VALUE, "ancestry = " + ancestry);
      }
      if (last > TaxonTree.MAX_TAXON_ID) {
        throw new RowRejectedException(RowRejectedException.BAD_VALUE, "ancestry = " + ancestry + " (an id above "
            + TaxonTree.MAX_TAXON_ID + ")");
      }
    }
    return last;
  }
}
