package org.refugium.importer.opendata;

import java.util.List;
import org.refugium.importer.AbstractTableLoader;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.tsv.TsvRow;

/**
 * observers.csv. Some exports carry the literal name {@code None} (a Python serialisation artefact);
 * it is stored as NULL, since nobody's real display name in this export is the word "None".
 */
public final class ObserversLoader extends AbstractTableLoader {

  private static final List<String> REQUIRED = List.of("observer_id", "login");
  private static final List<String> OPTIONAL = List.of("name");

  private final UniqueIds seen = new UniqueIds();

  @Override
  public String table() {
    return "observers";
  }

  @Override
  public List<String> requiredColumns() {
    return REQUIRED;
  }

  @Override
  public List<String> optionalColumns() {
    return OPTIONAL;
  }

  @Override
  public String insertSql() {
    return "INSERT INTO observers (id, login, name) VALUES (?,?,?)";
  }

  @Override
  public Object[] map(TsvRow row) throws RowRejectedException {
    checkFieldCount(row);
    long id = requiredInteger(row, column(0), "observer_id");
    String login = requiredText(row, column(1), "login");
    String name = text(row, column(2));
    if ("None".equals(name)) {
      name = null;
    }
    seen.claim(id, "observer_id");
    return new Object[] {id, login, name};
  }
}
