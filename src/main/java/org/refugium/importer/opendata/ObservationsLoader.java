package org.refugium.importer.opendata;

import java.util.List;
import org.refugium.archive.StableIds;
import org.refugium.importer.AbstractTableLoader;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.tsv.TsvRow;

/** observations.csv: 8 columns until 2024-10, anomaly_score added in 2024-11; both are read. */
public final class ObservationsLoader extends AbstractTableLoader {

  private static final List<String> REQUIRED = List.of("observation_uuid", "observer_id", "latitude",
      "longitude", "taxon_id", "quality_grade", "observed_on");
  private static final List<String> OPTIONAL = List.of("positional_accuracy", "anomaly_score");

  @Override
  public String table() {
    return "observations";
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
    return "INSERT INTO observations (id, uuid, stable_id, observer_id, latitude, longitude, positional_accuracy,"
        + " taxon_id, quality_grade, observed_on, anomaly_score) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
  }

  @Override
  public Object[] map(TsvRow row) throws RowRejectedException {
    checkFieldCount(row);
    String uuid = uuid(row, column(0), "observation_uuid");
    Long observer = integer(row, column(1), "observer_id");
    Double latitude = decimal(row, column(2), "latitude");
    Double longitude = decimal(row, column(3), "longitude");
    checkCoordinates(latitude, longitude);
    Long taxon = integer(row, column(4), "taxon_id");
    String quality = qualityGrade(row, column(5));
    String observedOn = date(row, column(6), "observed_on");
    Long accuracy = integer(row, column(7), "positional_accuracy");
    Double anomaly = decimal(row, column(8), "anomaly_score");
    // The row's line number is its id while loading (dense, so the bulk insert appends); ObservationIds then
    // gives it its public id: the iNaturalist id an enrichment brings, else the stable id derived here.
    return new Object[] {row.lineNumber(), uuid, StableIds.of(uuid), observer, latitude, longitude, accuracy, taxon, quality,
        observedOn, anomaly};
  }

  static void checkCoordinates(Double latitude, Double longitude) throws RowRejectedException {
    if ((latitude == null) != (longitude == null)) {
      throw new RowRejectedException(RowRejectedException.BAD_COORDINATE, "latitude without longitude or the reverse");
    }
    if (latitude != null && (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180)) {
      throw new RowRejectedException(RowRejectedException.BAD_COORDINATE, latitude + "," + longitude);
    }
  }

  private static String qualityGrade(TsvRow row, int field) throws RowRejectedException {
    if (row.equalsAscii(field, "research")) {
      return "research";
    }
    if (row.equalsAscii(field, "needs_id")) {
      return "needs_id";
    }
    if (row.equalsAscii(field, "casual")) {
      return "casual";
    }
    throw new RowRejectedException(RowRejectedException.BAD_VALUE, "quality_grade = " + row.stringOrNull(field));
  }
}
