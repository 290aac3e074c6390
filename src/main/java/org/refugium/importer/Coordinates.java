package org.refugium.importer;

/** The check every source applies to a point before it is stored (the tiles and the geo index assume it). */
public final class Coordinates {

  private Coordinates() {}

  /** Both or neither, each within its range; rejected as {@code coordinate out of range} otherwise. */
  public static void check(Double latitude, Double longitude) throws RowRejectedException {
    if ((latitude == null) != (longitude == null)) {
      throw new RowRejectedException(RowRejectedException.BAD_COORDINATE, "latitude without longitude or the reverse");
    }
    if (latitude != null && (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180)) {
      throw new RowRejectedException(RowRejectedException.BAD_COORDINATE, latitude + "," + longitude);
    }
  }
}
