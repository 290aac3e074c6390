package org.refugium.api.data;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What /v1/observations and its sub-endpoints filter on, already validated and resolved (logins to ids,
 * q to taxa). Null or empty = no constraint. Every constraint must hold (AND); the values of a list
 * are alternatives (OR), as in iNaturalist.
 *
 * @param taxonIds      taxa including their descendants
 * @param qTaxonIds     taxa whose names matched q, including descendants; null when no q
 * @param ranks         rank names of the observation's own taxon
 * @param hrankLevel    highest rank level allowed (hrank), inclusive
 * @param lrankLevel    lowest rank level allowed (lrank), inclusive
 * @param radiusKm      with lat/lng: the circle
 * @param qualityGrades research / needs_id / casual; verifiable is folded in by the parser
 */
public record ObservationFilter(
    List<Integer> taxonIds,
    List<Integer> exactTaxonIds,
    List<Integer> withoutTaxonIds,
    List<Integer> qTaxonIds,
    List<String> ranks,
    Float hrankLevel,
    Float lrankLevel,
    List<Integer> userIds,
    BoundingBox box,
    Circle circle,
    LocalDate d1,
    LocalDate d2,
    LocalDate observedOn,
    List<Integer> years,
    List<Integer> months,
    List<Integer> days,
    Set<String> qualityGrades,
    Boolean photos,
    Set<String> photoLicenses,
    List<Integer> projectIds,
    List<Long> ids,
    Long idAbove,
    Long idBelow) {

  /** swlat/swlng/nelat/nelng; a box crossing the antimeridian has swlng > nelng, as in iNaturalist. */
  public record BoundingBox(double swlat, double swlng, double nelat, double nelng) {}

  public record Circle(double lat, double lng, double radiusKm) {}

  public static ObservationFilter all() {
    return new ObservationFilter(null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null);
  }

  public ObservationFilter withUserIds(List<Integer> users) {
    return new ObservationFilter(taxonIds, exactTaxonIds, withoutTaxonIds, qTaxonIds, ranks, hrankLevel,
        lrankLevel, users, box, circle, d1, d2, observedOn, years, months, days, qualityGrades, photos,
        photoLicenses, projectIds, ids, idAbove, idBelow);
  }

  public ObservationFilter withQTaxonIds(List<Integer> taxa) {
    return new ObservationFilter(taxonIds, exactTaxonIds, withoutTaxonIds, taxa, ranks, hrankLevel,
        lrankLevel, userIds, box, circle, d1, d2, observedOn, years, months, days, qualityGrades, photos,
        photoLicenses, projectIds, ids, idAbove, idBelow);
  }

  public ObservationFilter withPhotos(Boolean withPhotos) {
    return new ObservationFilter(taxonIds, exactTaxonIds, withoutTaxonIds, qTaxonIds, ranks, hrankLevel,
        lrankLevel, userIds, box, circle, d1, d2, observedOn, years, months, days, qualityGrades, withPhotos,
        photoLicenses, projectIds, ids, idAbove, idBelow);
  }

  static boolean set(List<?> l) {
    return l != null && !l.isEmpty();
  }
}
