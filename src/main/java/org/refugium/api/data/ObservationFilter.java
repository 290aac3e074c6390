package org.refugium.api.data;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;

/**
 * What /v1/observations and its sub-endpoints filter on, already validated and resolved (logins to ids,
 * q and taxon_name to taxa). Null = no constraint; an empty list or set of a positive filter (taxa, grades,
 * licenses, users ...) = nothing can match (verifiable=true&quality_grade=casual leaves no grade; a q that matches
 * no name leaves no taxon), never "no filter"; an empty list of exclusions excludes nothing. Every constraint must
 * hold (AND); the values of a list are alternatives (OR), as in iNaturalist.
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
    Long idBelow,
    List<String> iconicTaxa,
    List<Integer> taxonNameIds,
    Attributes attributes) {

  public ObservationFilter {
    attributes = attributes == null ? Attributes.NONE : attributes;
  }

  /** The filters before iconic_taxa, taxon_name and {@link Attributes} existed: none of those. */
  public ObservationFilter(List<Integer> taxonIds, List<Integer> exactTaxonIds, List<Integer> withoutTaxonIds,
      List<Integer> qTaxonIds, List<String> ranks, Float hrankLevel, Float lrankLevel, List<Integer> userIds,
      BoundingBox box, Circle circle, LocalDate d1, LocalDate d2, LocalDate observedOn, List<Integer> years,
      List<Integer> months, List<Integer> days, Set<String> qualityGrades, Boolean photos, Set<String> photoLicenses,
      List<Integer> projectIds, List<Long> ids, Long idAbove, Long idBelow) {
    this(taxonIds, exactTaxonIds, withoutTaxonIds, qTaxonIds, ranks, hrankLevel, lrankLevel, userIds, box, circle, d1,
        d2, observedOn, years, months, days, qualityGrades, photos, photoLicenses, projectIds, ids, idAbove, idBelow,
        null, null, Attributes.NONE);
  }

  /**
   * Presence and accuracy filters (acc, geo, identified, taxon_is_active, photo_licensed: null = either), the accuracy
   * range in whole metres (acc_above/acc_below, inclusive bounds here; accOrUnknown for acc_below_or_unknown),
   * projects to leave out (not_in_project), taxa to leave out exactly (unobserved_by_user_id, resolved) and
   * observations to leave out by id (not_id: any id an observation answers to, docs/ids.md).
   */
  public record Attributes(Boolean acc, Boolean geo, Boolean identified, Boolean taxonIsActive, Boolean photoLicensed,
      Integer accMin, Integer accMax, boolean accOrUnknown, List<Integer> notInProjects,
      List<Integer> unobservedTaxonIds, List<Long> notIds) {
    public static final Attributes NONE =
        new Attributes(null, null, null, null, null, null, null, false, null, null, null);

    public Attributes withUnobservedTaxonIds(List<Integer> taxa) {
      return new Attributes(acc, geo, identified, taxonIsActive, photoLicensed, accMin, accMax, accOrUnknown,
          notInProjects, taxa, notIds);
    }
  }

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
        photoLicenses, projectIds, ids, idAbove, idBelow, iconicTaxa, taxonNameIds, attributes);
  }

  public ObservationFilter withQTaxonIds(List<Integer> taxa) {
    return new ObservationFilter(taxonIds, exactTaxonIds, withoutTaxonIds, taxa, ranks, hrankLevel,
        lrankLevel, userIds, box, circle, d1, d2, observedOn, years, months, days, qualityGrades, photos,
        photoLicenses, projectIds, ids, idAbove, idBelow, iconicTaxa, taxonNameIds, attributes);
  }

  /** Keeps only ids above {@code above} (the larger of it and any id_above already there): paging by id. */
  public ObservationFilter withIdAbove(long above) {
    Long floor = idAbove == null ? above : Math.max(idAbove, above);
    return new ObservationFilter(taxonIds, exactTaxonIds, withoutTaxonIds, qTaxonIds, ranks, hrankLevel,
        lrankLevel, userIds, box, circle, d1, d2, observedOn, years, months, days, qualityGrades, photos,
        photoLicenses, projectIds, ids, floor, idBelow, iconicTaxa, taxonNameIds, attributes);
  }

  public ObservationFilter withQualityGrades(Set<String> grades) {
    return new ObservationFilter(taxonIds, exactTaxonIds, withoutTaxonIds, qTaxonIds, ranks, hrankLevel,
        lrankLevel, userIds, box, circle, d1, d2, observedOn, years, months, days, grades, photos,
        photoLicenses, projectIds, ids, idAbove, idBelow, iconicTaxa, taxonNameIds, attributes);
  }

  public ObservationFilter withPhotos(Boolean withPhotos) {
    return new ObservationFilter(taxonIds, exactTaxonIds, withoutTaxonIds, qTaxonIds, ranks, hrankLevel,
        lrankLevel, userIds, box, circle, d1, d2, observedOn, years, months, days, qualityGrades, withPhotos,
        photoLicenses, projectIds, ids, idAbove, idBelow, iconicTaxa, taxonNameIds, attributes);
  }

  public ObservationFilter withTaxonIds(List<Integer> taxa) {
    return new ObservationFilter(taxa, exactTaxonIds, withoutTaxonIds, qTaxonIds, ranks, hrankLevel,
        lrankLevel, userIds, box, circle, d1, d2, observedOn, years, months, days, qualityGrades, photos,
        photoLicenses, projectIds, ids, idAbove, idBelow, iconicTaxa, taxonNameIds, attributes);
  }

  public ObservationFilter withTaxonNameIds(List<Integer> taxa) {
    return new ObservationFilter(taxonIds, exactTaxonIds, withoutTaxonIds, qTaxonIds, ranks, hrankLevel,
        lrankLevel, userIds, box, circle, d1, d2, observedOn, years, months, days, qualityGrades, photos,
        photoLicenses, projectIds, ids, idAbove, idBelow, iconicTaxa, taxa, attributes);
  }

  public ObservationFilter withAttributes(Attributes a) {
    return new ObservationFilter(taxonIds, exactTaxonIds, withoutTaxonIds, qTaxonIds, ranks, hrankLevel,
        lrankLevel, userIds, box, circle, d1, d2, observedOn, years, months, days, qualityGrades, photos,
        photoLicenses, projectIds, ids, idAbove, idBelow, iconicTaxa, taxonNameIds, a == null ? Attributes.NONE : a);
  }

  static boolean set(List<?> l) {
    return l != null && !l.isEmpty();
  }
}
