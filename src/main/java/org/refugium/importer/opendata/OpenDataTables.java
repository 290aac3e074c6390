package org.refugium.importer.opendata;

import java.util.List;
import java.util.Optional;
import org.refugium.archive.StableIds;
import org.refugium.archive.TaxonTree;
import org.refugium.importer.BoundRow;
import org.refugium.importer.Coordinates;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.TableLoader;
import org.refugium.importer.TableSpec;
import org.refugium.importer.TableSpec.RowMapping;
import org.refugium.importer.UniqueIds;

/**
 * The tables of the iNaturalist Open Data export, matched by file base name, each declared as a {@link TableSpec}:
 * columns, insert and row mapping. In a mapping {@code r.integer(1)} is the second declared column (required
 * columns first, then optional ones); reject messages name it.
 */
public enum OpenDataTables {
  /** taxa.csv: the tree (ancestry from the root down to the parent), rank, rank_level (may be 33.5), active flag. */
  TAXA(true, TableSpec.perImport("taxa",
      List.of("taxon_id", "ancestry", "rank_level", "rank", "name", "active"), List.of(),
      "INSERT INTO taxa (id, parent_id, ancestry, rank_level, rank, name, active) VALUES (?,?,?,?,?,?,?)",
      OpenDataTables::taxa)),
  /**
   * observers.csv. Some exports carry the literal name {@code None} (a Python serialisation artefact); it is
   * stored as NULL, since nobody's real display name in this export is the word "None".
   */
  OBSERVERS(true, TableSpec.perImport("observers", List.of("observer_id", "login"), List.of("name"),
      "INSERT INTO observers (id, login, name) VALUES (?,?,?)", OpenDataTables::observers)),
  /** observations.csv: 8 columns until 2024-10, anomaly_score added in 2024-11; both are read. The hot path. */
  OBSERVATIONS(true, TableSpec.of("observations",
      List.of("observation_uuid", "observer_id", "latitude", "longitude", "taxon_id", "quality_grade", "observed_on"),
      List.of("positional_accuracy", "anomaly_score"),
      "INSERT INTO observations (id, uuid, stable_id, observer_id, latitude, longitude, positional_accuracy,"
          + " taxon_id, quality_grade, observed_on, anomaly_score) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
      OpenDataTables::observation)),
  /** photos.csv. photo_id repeats (~0.1%) are real and kept: a photo can belong to several observations. */
  PHOTOS(true, TableSpec.of("photos", List.of("photo_id", "observation_uuid", "extension", "license"),
      List.of("photo_uuid", "observer_id", "width", "height", "position"),
      "INSERT INTO photos (photo_id, observation_uuid, extension, license, uuid, observer_id, width,"
          + " height, position) VALUES (?,?,?,?,?,?,?,?,?)",
      r -> new Object[] {r.requiredInteger(0), r.uuid(1), r.requiredText(2), r.requiredText(3), r.text(4),
          r.integer(5), r.integer(6), r.integer(7), r.integer(8)})),
  /** projects.csv (in the export since 2025-08). */
  PROJECTS(false, TableSpec.perImport("projects", List.of("project_id"), List.of("title", "slug"),
      "INSERT INTO projects (id, title, slug) VALUES (?,?,?)", OpenDataTables::projects)),
  /** observations_projects.csv (since 2025-08): which observation is in which project. */
  OBSERVATIONS_PROJECTS(false, TableSpec.of("observations_projects", List.of("observation_uuid", "project_id"),
      List.of(), "INSERT INTO observations_projects (observation_uuid, project_id) VALUES (?,?)",
      r -> new Object[] {r.uuid(0), r.requiredInteger(1)}));

  private final boolean required;
  private final TableSpec<?> spec;

  OpenDataTables(boolean required, TableSpec<?> spec) {
    this.required = required;
    this.spec = spec;
  }

  public String table() {
    return spec.table();
  }

  public TableSpec<?> spec() {
    return spec;
  }

  /** Every export since 2021 has the four core tables; the project tables appeared in 2025-08. */
  public boolean required() {
    return required;
  }

  public TableLoader newLoader() {
    return spec.newLoader();
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
      if (base.equals(t.table() + ".csv")) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  public static List<OpenDataTables> requiredTables() {
    return java.util.Arrays.stream(values()).filter(OpenDataTables::required).toList();
  }

  private static Object[] observation(BoundRow r) throws RowRejectedException {
    String uuid = r.uuid(0);
    Long observer = r.integer(1);
    Double latitude = r.decimal(2);
    Double longitude = r.decimal(3);
    Coordinates.check(latitude, longitude);
    Long taxon = r.integer(4);
    String quality = qualityGrade(r, 5);
    String observedOn = r.date(6);
    Long accuracy = r.integer(7);
    Double anomaly = r.decimal(8);
    // The row's line number is its id while loading (dense, so the bulk insert appends); ObservationIds then
    // gives it its public id: the iNaturalist id an enrichment brings, else the stable id derived here.
    return new Object[] {r.lineNumber(), uuid, StableIds.of(uuid), observer, latitude, longitude, accuracy, taxon,
        quality, observedOn, anomaly};
  }

  private static String qualityGrade(BoundRow r, int c) throws RowRejectedException {
    if (r.is(c, "research")) {
      return "research";
    }
    if (r.is(c, "needs_id")) {
      return "needs_id";
    }
    if (r.is(c, "casual")) {
      return "casual";
    }
    throw r.badValue(c);
  }

  private static RowMapping observers() {
    UniqueIds seen = new UniqueIds();
    return r -> {
      long id = r.requiredInteger(0);
      String login = r.requiredText(1);
      String name = r.text(2);
      if ("None".equals(name)) {
        name = null;
      }
      seen.claim(id, r.name(0));
      return new Object[] {id, login, name};
    };
  }

  private static RowMapping projects() {
    UniqueIds seen = new UniqueIds();
    return r -> {
      long id = r.requiredInteger(0);
      seen.claim(id, r.name(0));
      return new Object[] {id, r.text(1), r.text(2)};
    };
  }

  private static RowMapping taxa() {
    UniqueIds seen = new UniqueIds();
    return r -> {
      long id = r.requiredInteger(0);
      if (id > TaxonTree.MAX_TAXON_ID) {
        throw new RowRejectedException(RowRejectedException.BAD_VALUE, r.name(0) + " = " + id + " (above "
            + TaxonTree.MAX_TAXON_ID + ", the largest the taxon tree takes)");
      }
      String ancestry = r.text(1);
      Long parent = parentOf(ancestry);
      Double rankLevel = r.decimal(2);
      String rank = r.text(3);
      String name = r.requiredText(4);
      int active;
      if (r.is(5, "true")) {
        active = 1;
      } else if (r.is(5, "false")) {
        active = 0;
      } else {
        throw r.badValue(5);
      }
      seen.claim(id, r.name(0));
      return new Object[] {id, parent, ancestry, rankLevel, rank, name, active};
    };
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
