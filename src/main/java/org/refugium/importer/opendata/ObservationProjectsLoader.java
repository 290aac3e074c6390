package org.refugium.importer.opendata;

import java.util.List;
import org.refugium.importer.AbstractTableLoader;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.tsv.TsvRow;

/** observations_projects.csv (since 2025-08): which observation is in which project. */
public final class ObservationProjectsLoader extends AbstractTableLoader {

  @Override
  public String table() {
    return "observations_projects";
  }

  @Override
  public List<String> requiredColumns() {
    return List.of("observation_uuid", "project_id");
  }

  @Override
  public List<String> optionalColumns() {
    return List.of();
  }

  @Override
  public String insertSql() {
    return "INSERT INTO observations_projects (observation_uuid, project_id) VALUES (?,?)";
  }

  @Override
  public Object[] map(TsvRow row) throws RowRejectedException {
    checkFieldCount(row);
    return new Object[] {uuid(row, column(0), "observation_uuid"), requiredInteger(row, column(1), "project_id")};
  }
}
