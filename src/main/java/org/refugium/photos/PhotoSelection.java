package org.refugium.photos;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which photos of a snapshot to fetch: the filters of {@code photos fetch}, turned into one query over the
 * snapshot's photos and observations tables. Keys come from this table only, never from listing the bucket (a
 * listing of ~350M ids would take days and include photos the export does not carry).
 *
 * @param taxonId the taxon and everything below it (the taxa table's nested-set interval), or null
 * @param bbox {@code swlat, swlng, nelat, nelng}, or null
 * @param qualities quality grades (research, needs_id, casual), empty: any
 * @param licenses photo licences as the export spells them (CC0, CC-BY, CC-BY-NC…), case-insensitive; empty: any
 * @param observedFrom {@code YYYY-MM-DD} inclusive, or null
 * @param limit at most this many photos (each in every asked size), 0: no limit
 */
public record PhotoSelection(List<String> sizes, Long taxonId, double[] bbox, List<String> qualities,
    List<String> licenses, String observedFrom, String observedTo, long limit) {

  public PhotoSelection {
    sizes = List.copyOf(sizes);
    for (String s : sizes) {
      if (!PhotoKey.SIZES.contains(s)) {
        throw new IllegalArgumentException("unknown photo size \"" + s + "\"; sizes are " + PhotoKey.SIZES);
      }
    }
    if (sizes.isEmpty()) {
      throw new IllegalArgumentException("no photo size asked; sizes are " + PhotoKey.SIZES);
    }
    if (bbox != null && (bbox.length != 4 || bbox[0] > bbox[2] || bbox[0] < -90 || bbox[2] > 90)) {
      throw new IllegalArgumentException("--bbox is swlat,swlng,nelat,nelng with swlat <= nelat");
    }
    qualities = qualities == null ? List.of() : List.copyOf(qualities);
    licenses = licenses == null ? List.of() : List.copyOf(licenses);
  }

  /** Every photo of the snapshot in the given sizes. */
  public static PhotoSelection all(List<String> sizes) {
    return new PhotoSelection(sizes, null, null, List.of(), List.of(), null, null, 0);
  }

  /** One selected photo: its id and extension as the photos table gives them, and its licence. */
  public record Photo(long photoId, String extension, String license) {}

  /**
   * The selected photos, one row per photo id (the export repeats ~0.1% of them), in id order. A row whose
   * extension cannot form a key is skipped and counted in {@code skipped}.
   */
  public List<Photo> photos(Connection snapshot, long[] skipped) throws SQLException {
    List<Object> args = new ArrayList<>();
    String sql = query(snapshot, args);
    List<Photo> out = new ArrayList<>();
    try (PreparedStatement st = snapshot.prepareStatement(sql)) {
      for (int i = 0; i < args.size(); i++) {
        st.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = st.executeQuery()) {
        while (rs.next()) {
          String ext = rs.getString(2);
          try {
            new PhotoKey(rs.getLong(1), sizes.get(0), ext);
          } catch (IllegalArgumentException bad) {
            skipped[0]++;
            continue;
          }
          out.add(new Photo(rs.getLong(1), ext, rs.getString(3)));
        }
      }
    }
    return out;
  }

  private boolean filtersObservations() {
    return taxonId != null || bbox != null || !qualities.isEmpty() || observedFrom != null || observedTo != null;
  }

  private String query(Connection snapshot, List<Object> args) throws SQLException {
    StringBuilder where = new StringBuilder(" WHERE p.extension IS NOT NULL");
    if (!licenses.isEmpty()) {
      where.append(" AND upper(p.license) IN (").append(marks(licenses.size())).append(')');
      licenses.forEach(l -> args.add(l.toUpperCase(Locale.ROOT)));
    }
    String from = " FROM photos p";
    if (filtersObservations()) {
      // Open Data photos point at their observation by uuid; GBIF-imported ones by the observation's id
      from += " JOIN observations o ON (p.observation_uuid IS NOT NULL AND o.uuid = p.observation_uuid)"
          + " OR (p.observation_uuid IS NULL AND o.id = p.observation_id)";
      if (taxonId != null) {
        long[] interval = interval(snapshot, taxonId);
        from += " JOIN taxa t ON t.id = o.taxon_id";
        where.append(" AND t.tree_left BETWEEN ? AND ?");
        args.add(interval[0]);
        args.add(interval[1]);
      }
      if (bbox != null) {
        where.append(" AND o.latitude BETWEEN ? AND ?");
        args.add(bbox[0]);
        args.add(bbox[2]);
        if (bbox[1] <= bbox[3]) {
          where.append(" AND o.longitude BETWEEN ? AND ?");
        } else { // a box across the antimeridian
          where.append(" AND (o.longitude >= ? OR o.longitude <= ?)");
        }
        args.add(bbox[1]);
        args.add(bbox[3]);
      }
      if (!qualities.isEmpty()) {
        where.append(" AND o.quality_grade IN (").append(marks(qualities.size())).append(')');
        args.addAll(qualities);
      }
      if (observedFrom != null) {
        where.append(" AND o.observed_on >= ?");
        args.add(observedFrom);
      }
      if (observedTo != null) {
        where.append(" AND o.observed_on <= ?");
        args.add(observedTo);
      }
    }
    String sql = "SELECT p.photo_id, min(p.extension), min(p.license)" + from + where + " GROUP BY p.photo_id"
        + " ORDER BY p.photo_id";
    if (limit > 0) {
      sql += " LIMIT " + limit;
    }
    return sql;
  }

  private static long[] interval(Connection snapshot, long taxonId) throws SQLException {
    try (PreparedStatement st = snapshot.prepareStatement("SELECT tree_left, tree_right FROM taxa WHERE id = ?")) {
      st.setLong(1, taxonId);
      try (ResultSet rs = st.executeQuery()) {
        if (!rs.next()) {
          throw new IllegalArgumentException("taxon " + taxonId + " is not in this snapshot");
        }
        return new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  private static String marks(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  /**
   * Rough bytes per file of each size, for the estimate printed before a fetch: iNaturalist JPEGs at its sizes
   * (square 75 px, thumb 100, small 240, medium 500, large 1024, original up to 2048 on the long side).
   */
  public static long typicalBytes(String size) {
    return switch (size) {
      case "square" -> 4_000;
      case "thumb" -> 5_000;
      case "small" -> 18_000;
      case "medium" -> 60_000;
      case "large" -> 220_000;
      case "original" -> 900_000;
      default -> 60_000;
    };
  }
}
