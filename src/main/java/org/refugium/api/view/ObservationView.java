package org.refugium.api.view;

import java.util.List;
import java.util.Map;

/**
 * An observation as iNaturalist's API v1 serializes it. The exports carry the id, uuid, observer, place,
 * taxon, quality grade, day and photos; everything else (identifications, comments, times of day,
 * descriptions) is present with an empty value of the right JSON type, so clients parse it unchanged.
 */
public final class ObservationView {
  public long id;
  public String uuid;
  public String uri;
  public String qualityGrade;
  public String observedOn;
  public String observedOnString;
  public DateDetails observedOnDetails;
  public String timeObservedAt;
  public String observedTimeZone;
  public String timeZoneOffset;
  /** The exports carry no creation time: null rather than an invented one (see docs/api.md). */
  public String createdAt;
  public DateDetails createdAtDetails;
  public String createdTimeZone;
  public String updatedAt;
  public TaxonView taxon;
  public String speciesGuess;
  public UserView user;
  public String location;
  public String privateLocation;
  public GeoJson geojson;
  public Integer positionalAccuracy;
  public Integer publicPositionalAccuracy;
  public boolean mappable;
  public boolean obscured;
  public String geoprivacy;
  public String taxonGeoprivacy;
  public String placeGuess;
  public List<Integer> placeIds = List.of();
  public List<PhotoView> photos = List.of();
  public List<ObservationPhotoView> observationPhotos = List.of();
  public List<Object> sounds = List.of();
  public List<Integer> projectIds = List.of();
  public List<Integer> projectIdsWithCuratorId = List.of();
  public List<Integer> projectIdsWithoutCuratorId = List.of();
  public List<Object> projectObservations = List.of();
  public List<Integer> identTaxonIds = List.of();
  public List<Object> identifications = List.of();
  public List<Object> nonOwnerIds = List.of();
  public List<Object> comments = List.of();
  public List<Object> faves = List.of();
  public List<Object> ofvs = List.of();
  public List<Object> annotations = List.of();
  public List<Object> tags = List.of();
  public List<Object> votes = List.of();
  public List<Object> qualityMetrics = List.of();
  public List<Object> flags = List.of();
  public List<Object> outlinks = List.of();
  public List<Integer> reviewedBy = List.of();
  public long identificationsCount;
  public long commentsCount;
  public long favesCount;
  public long cachedVotesTotal;
  public long numIdentificationAgreements;
  public long numIdentificationDisagreements;
  public boolean identificationsMostAgree;
  public boolean identificationsMostDisagree;
  public boolean identificationsSomeAgree;
  public Integer communityTaxonId;
  public TaxonView communityTaxon;
  public boolean ownersIdentificationFromVision;
  public String description;
  public String licenseCode;
  public boolean captive;
  public boolean spam;
  public boolean idPlease;
  public Boolean outOfRange;
  public Integer mapScale;
  public Integer oauthApplicationId;
  public int siteId = 1;
  public String contextGeoprivacy;
  public String contextUserGeoprivacy;
  public String contextTaxonGeoprivacy;
  /** The app an observation was uploaded with: not in the exports. */
  public Object application;
  public List<Object> fieldChangeTimes = List.of();
  public Map<String, Object> preferences = preferences();

  private static Map<String, Object> preferences() {
    Map<String, Object> p = new java.util.LinkedHashMap<>();
    p.put("prefers_community_taxon", null);
    p.put("auto_obscuration", true); // iNaturalist's default: obscure threatened taxa
    return p;
  }

  /** observed_on split as iNaturalist does; week is the ISO week. The exports carry no time of day: hour is null. */
  public record DateDetails(String date, int day, int month, int year, int week, Integer hour) {}

  /** GeoJSON point: [longitude, latitude]. */
  public record GeoJson(String type, List<Double> coordinates) {}

  public record ObservationPhotoView(long id, int position, String uuid, long photoId, PhotoView photo) {}
}
