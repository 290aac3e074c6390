package org.refugium.importer.gbif;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.refugium.importer.BoundRow;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.TableSpec;

/**
 * multimedia.txt of a GBIF download → photos: one row per image, the photo id and extension parsed from
 * the iNaturalist URL, the Creative Commons URL mapped to iNaturalist's license code.
 *
 * <p>The row's gbifID is stored in {@code observation_id} for now: which occurrences were kept is known
 * only in SQLite (a full download has too many to hold in memory), so {@link PhotoLinks} swaps it for
 * the observation id afterwards and drops photos of occurrences not imported. That also makes the order
 * of occurrence.txt and multimedia.txt in a zip irrelevant. Sounds and non-iNaturalist media (other
 * datasets' images) are skipped and counted, not rejected. One per import ({@link #TABLE}'s mapping).
 */
final class GbifMultimedia implements TableSpec.RowMapping {

  static final String NOT_AN_IMAGE = "not an image";
  static final String NOT_AN_INATURALIST_PHOTO = "not an iNaturalist photo URL";

  static final TableSpec<GbifMultimedia> TABLE = TableSpec.perImport("photos", List.of("gbifID", "identifier"),
      List.of("type", "license"), "INSERT INTO photos (photo_id, observation_id, extension, license) VALUES (?,?,?,?)",
      GbifMultimedia::new);
  private static final int GBIF_ID = 0, IDENTIFIER = 1, TYPE = 2, LICENSE = 3;

  private final Map<String, Long> skipped = new TreeMap<>();

  @Override
  public Object[] map(BoundRow row) throws RowRejectedException {
    Long gbifId = GbifValues.key(row.text(GBIF_ID), row.name(GBIF_ID));
    if (gbifId == null) {
      throw new RowRejectedException(RowRejectedException.MISSING_VALUE, row.name(GBIF_ID));
    }
    String type = row.text(TYPE);
    if (type != null && !type.strip().equals("StillImage")) {
      skipped.merge(NOT_AN_IMAGE, 1L, Long::sum);
      return null;
    }
    Object[] photo = GbifValues.photo(row.text(IDENTIFIER));
    if (photo == null) {
      skipped.merge(NOT_AN_INATURALIST_PHOTO, 1L, Long::sum);
      return null;
    }
    String license = GbifValues.license(row.text(LICENSE));
    return new Object[] {photo[0], gbifId, photo[1], license};
  }

  /** Rows left out before SQLite, by reason. */
  Map<String, Long> skipped() {
    return skipped;
  }
}
