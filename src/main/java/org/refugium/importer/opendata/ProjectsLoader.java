package org.refugium.importer.opendata;

import java.util.List;
import org.refugium.importer.AbstractTableLoader;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.tsv.TsvRow;

/** projects.csv (in the export since 2025-08). */
public final class ProjectsLoader extends AbstractTableLoader {

  private final UniqueIds seen = new UniqueIds();

  @Override
  public String table() {
    return "projects";
  }

  @Override
  public List<String> requiredColumns() {
    return List.of("project_id");
  }

  @Override
  public List<String> optionalColumns() {
    return List.of("title", "slug");
  }

  @Override
  public String insertSql() {
    return "INSERT INTO projects (id, title, slug) VALUES (?,?,?)";
  }

  @Override
  public Object[] map(TsvRow row) throws RowRejectedException {
    checkFieldCount(row);
    long id = requiredInteger(row, column(0), "project_id");
    seen.claim(id, "project_id");
    return new Object[] {id, text(row, column(1)), text(row, column(2))};
  }
}
