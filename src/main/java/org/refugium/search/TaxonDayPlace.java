package org.refugium.search;

import java.util.Map;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.geo.GeoEncodingUtils;
import org.apache.lucene.search.Query;

/**
 * The encoding of {@link ObservationFields#TAXON_DAY_PLACE}: one 4-dimensional point per observation (taxon
 * nested-set number, observed day, latitude, longitude) so that the commonest search, a taxon in a box over some
 * years, is one BKD range.
 *
 * <p>Lucene's BKD tree splits a cell on the dimension whose values span the most (and on any dimension split less
 * than half as often as the most split one). Latitude and longitude in LatLonPoint's encoding span the whole int
 * range, taxon numbers (~10^5–10^6) and days (~10^4) a tiny part of it, so the tree split almost only on place and
 * a genus query read many leaves of other taxa around its hits. Scaled up by shifts to spans of the same order, every
 * dimension gets its share of splits: on 10M observations the median taxon + box + three-year search fell from
 * 450 to 180 µs and the p99 from 10.6 to 3.9 ms, together with 64-point leaves ({@link ObservationsCodec}); the layouts
 * measured are in docs/search-index.md. Shifts keep the order and lose nothing, so the range is exact.
 *
 * @param taxonShift how far taxon numbers are shifted: the tree's largest number fills 31 bits
 */
public record TaxonDayPlace(int taxonShift) {

  /** The value of a dimension that the observation lacks: below every shifted value, so no queried range holds it. */
  public static final int NONE = Integer.MIN_VALUE;
  /** Days are shifted by this much; days beyond ±{@link #DAY_LIMIT} (before 1790, after 2149) are clamped to it. */
  static final int DAY_SHIFT = 15;
  static final int DAY_LIMIT = (1 << (31 - DAY_SHIFT)) - 1;
  /** Where the index keeps the taxon shift it was built with (commit user data): searches must use the same. */
  static final String COMMIT_KEY = "taxon_day_place.taxon_shift";

  /** The encoding for a tree numbered 1..size: the largest shift that keeps size below 2^31. */
  public static TaxonDayPlace forTaxa(int size) {
    return new TaxonDayPlace(Math.max(0, Integer.numberOfLeadingZeros(Math.max(1, size)) - 1));
  }

  /** The encoding an index was built with, from its commit data; null for an index built before the field. */
  static TaxonDayPlace fromCommit(Map<String, String> userData) {
    String shift = userData.get(COMMIT_KEY);
    return shift == null ? null : new TaxonDayPlace(Integer.parseInt(shift));
  }

  Map<String, String> commitData() {
    return Map.of(COMMIT_KEY, Integer.toString(taxonShift));
  }

  /**
   * The point of one observation. {@code treeLeft} 0 means no numbered taxon, {@code day} {@link Dates#NONE} no day,
   * {@code located} false no place.
   */
  IntPoint point(int treeLeft, int day, boolean located, double latitude, double longitude) {
    return new IntPoint(ObservationFields.TAXON_DAY_PLACE,
        treeLeft > 0 ? treeLeft << taxonShift : NONE,
        day != Dates.NONE ? Math.clamp(day, -DAY_LIMIT, DAY_LIMIT) << DAY_SHIFT : NONE,
        located ? GeoEncodingUtils.encodeLatitude(latitude) : NONE,
        located ? GeoEncodingUtils.encodeLongitude(longitude) : NONE);
  }

  /**
   * One range over the constrained dimensions (null = not constrained), or null when this encoding cannot say it
   * exactly and the own fields must: a day range reaching the clamped days, a box holding the unlocated observations'
   * (NONE, NONE) corner or starting on the edges LatLonPoint treats specially, one that crosses the antimeridian.
   *
   * @param subtree nested-set numbers [left, right]
   * @param days epoch days [from, to], inclusive; an open end is {@code NONE + 1} or {@code Integer.MAX_VALUE}
   * @param box swLat, swLng, neLat, neLng
   */
  Query range(int[] subtree, int[] days, double[] box) {
    int[] lower = {NONE, NONE, NONE, NONE};
    int[] upper = {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE};
    if (subtree != null) {
      if (subtree[0] <= 0 || subtree[1] > Integer.MAX_VALUE >> taxonShift) {
        return null;
      }
      lower[0] = subtree[0] << taxonShift;
      upper[0] = subtree[1] << taxonShift;
    }
    if (days != null) {
      boolean openFrom = days[0] <= NONE + 1;
      boolean openTo = days[1] == Integer.MAX_VALUE;
      if ((!openFrom && Math.abs(days[0]) >= DAY_LIMIT) || (!openTo && Math.abs(days[1]) >= DAY_LIMIT)
          || days[0] > days[1]) {
        return null; // an end among the clamped days
      }
      // an open end holds the clamped days beyond it, and never NONE (undated observations)
      lower[1] = openFrom ? NONE + 1 : days[0] << DAY_SHIFT;
      upper[1] = openTo ? Integer.MAX_VALUE : days[1] << DAY_SHIFT;
    }
    if (box != null) {
      if (box[1] > box[3] || box[0] == 90 || box[1] == 180) {
        return null;
      }
      lower[2] = GeoEncodingUtils.encodeLatitudeCeil(box[0]);
      upper[2] = GeoEncodingUtils.encodeLatitude(box[2]);
      lower[3] = GeoEncodingUtils.encodeLongitudeCeil(box[1]);
      upper[3] = GeoEncodingUtils.encodeLongitude(box[3]);
      if (lower[2] == NONE && lower[3] == NONE) {
        return null;
      }
    }
    return IntPoint.newRangeQuery(ObservationFields.TAXON_DAY_PLACE, lower, upper);
  }
}
