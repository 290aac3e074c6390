package org.refugium.api.data;

import java.util.List;

/** One observation as the record holds it, with its observer, photos (by position) and projects. */
public record ObservationRow(long id, String uuid, Long inatId, Integer observerId, String observerLogin,
    String observerName, Double latitude, Double longitude, Integer positionalAccuracy, Integer taxonId,
    String qualityGrade, String observedOn, List<PhotoRow> photos, List<Integer> projectIds, Details details) {

  /**
   * What the web export or GBIF brings beside the Open Data fields (null where no source had it); gbifId and
   * stableId are the other keys of the observation (docs/ids.md).
   */
  public record Details(Long gbifId, Long stableId, String createdAt, String updatedAt, String timeObservedAt,
      String timeZone, String placeGuess, String placeCountry, String placeRegion, String description,
      String license) {}
}
