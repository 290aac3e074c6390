package org.refugium.importer.opendata;

import java.util.List;
import org.refugium.importer.AbstractTableLoader;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.tsv.TsvRow;

/** photos.csv. photo_id repeats (~0.1%) are real and kept: a photo can belong to several observations. */
public final class PhotosLoader extends AbstractTableLoader {

  private static final List<String> REQUIRED = List.of("photo_id", "observation_uuid", "extension", "license");
  private static final List<String> OPTIONAL = List.of("photo_uuid", "observer_id", "width", "height", "position");

  @Override
  public String table() {
    return "photos";
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
    return "INSERT INTO photos (photo_id, observation_uuid, extension, license, uuid, observer_id, width,"
        + " height, position) VALUES (?,?,?,?,?,?,?,?,?)";
  }

  @Override
  public Object[] map(TsvRow row) throws RowRejectedException {
    checkFieldCount(row);
    long photoId = requiredInteger(row, column(0), "photo_id");
    String observation = uuid(row, column(1), "observation_uuid");
    String extension = requiredText(row, column(2), "extension");
    String license = requiredText(row, column(3), "license");
    String uuid = text(row, column(4));
    return new Object[] {photoId, observation, extension, license, uuid,
        integer(row, column(5), "observer_id"), integer(row, column(6), "width"),
        integer(row, column(7), "height"), integer(row, column(8), "position")};
  }
}
