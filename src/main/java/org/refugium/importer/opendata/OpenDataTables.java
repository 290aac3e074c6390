package org.refugium.importer.opendata;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.refugium.importer.TableLoader;

/** The tables of the iNaturalist Open Data export, matched by file base name. */
public enum OpenDataTables {
  TAXA("taxa", true, TaxaLoader::new),
  OBSERVERS("observers", true, ObserversLoader::new),
  OBSERVATIONS("observations", true, ObservationsLoader::new),
  PHOTOS("photos", true, PhotosLoader::new),
  PROJECTS("projects", false, ProjectsLoader::new),
  OBSERVATIONS_PROJECTS("observations_projects", false, ObservationProjectsLoader::new);

  private final String table;
  private final boolean required;
  private final Supplier<TableLoader> loader;

  OpenDataTables(String table, boolean required, Supplier<TableLoader> loader) {
    this.table = table;
    this.required = required;
    this.loader = loader;
  }

  public String table() {
    return table;
  }

  /** Every export since 2021 has the four core tables; the project tables appeared in 2025-08. */
  public boolean required() {
    return required;
  }

  public TableLoader newLoader() {
    return loader.get();
  }

  /**
   * The table a file holds, from its base name: {@code observations.csv}, {@code observations.csv.gz},
   * or the same under any folder (the tarball puts them under {@code inaturalist-open-data-YYYYMMDD/}).
   */
  public static Optional<OpenDataTables> forFileName(String path) {
    String base = path.substring(path.lastIndexOf('/') + 1);
    if (base.endsWith(".gz")) {
      base = base.substring(0, base.length() - 3);
    }
    for (OpenDataTables t : values()) {
      if (base.equals(t.table + ".csv")) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public static List<OpenDataTables> requiredTables() {
    return java.util.Arrays.stream(values()).filter(OpenDataTables::required).toList();
  }
}
