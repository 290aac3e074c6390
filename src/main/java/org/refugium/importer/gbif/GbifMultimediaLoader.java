package org.refugium.importer.gbif;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.refugium.importer.AbstractTableLoader;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.tsv.TsvRow;

/**
 * multimedia.txt of a GBIF download → photos: one row per image, the photo id and extension parsed from
 * the iNaturalist URL, the Creative Commons URL mapped to iNaturalist's license code.
 *
 * <p>The row's gbifID is stored in {@code observation_id} for now: which occurrences were kept is known
 * only in SQLite (a full download has too many to hold in memory), so {@link PhotoLinks} swaps it for
 * the observation id afterwards and drops photos of occurrences not imported. That also makes the order
 * of occurrence.txt and multimedia.txt in a zip irrelevant. Sounds and non-iNaturalist media (other
 * datasets' images) are skipped and counted, not rejected.
 */
final class GbifMultimediaLoader extends AbstractTableLoader {

  static final String NOT_AN_IMAGE = "not an image";
  static final String NOT_AN_INATURALIST_PHOTO = "not an iNaturalist photo URL";

  private static final List<String> REQUIRED = List.of("gbifID", "identifier");
  private static final List<String> OPTIONAL = List.of("type", "license");
  private static final int GBIF_ID = 0, IDENTIFIER = 1, TYPE = 2, LICENSE = 3;

  private final Map<String, Long> skipped = new TreeMap<>();

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
    return "INSERT INTO photos (photo_id, observation_id, extension, license) VALUES (?,?,?,?)";
  }

  @Override
  public Object[] map(TsvRow row) throws RowRejectedException {
    checkFieldCount(row);
    Long gbifId = GbifValues.key(text(row, column(GBIF_ID)), "gbifID");
    if (gbifId == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, "gbifID");
    }
    String type = text(row, column(TYPE));
    if (type != null && !type.strip().equals("StillImage")) {
      skipped.merge(NOT_AN_IMAGE, 1L, Long::sum);
      return null;
    }
    Object[] photo = GbifValues.photo(text(row, column(IDENTIFIER)));
    if (photo == null) {
      skipped.merge(NOT_AN_INATURALIST_PHOTO, 1L, Long::sum);
      return null;
    }
    String license = GbifValues.license(text(row, column(LICENSE)));
    return new Object[] {photo[0], gbifId, photo[1], license};
  }

  /** Rows left out before SQLite, by reason. */
  Map<String, Long> skipped() {
    return skipped;
  }
}
