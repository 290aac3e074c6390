package org.refugium.api;

/**
 * Settings of the API that are the operator's choice.
 *
 * @param photoBaseUrl where photo files are served from; photo URLs are
 *     {@code {photoBaseUrl}/{photo_id}/{size}.{extension}}: iNaturalist's open-data bucket by default,
 *     a local copy laid out the same way when the mirror has one
 */
public record ApiConfig(String photoBaseUrl) {

  public static final String OPEN_DATA_PHOTOS = "https://inaturalist-open-data.s3.amazonaws.com/photos";

  public ApiConfig {
    photoBaseUrl = photoBaseUrl.endsWith("/") ? photoBaseUrl.substring(0, photoBaseUrl.length() - 1) : photoBaseUrl;
  }

  public static ApiConfig defaults() {
    return new ApiConfig(OPEN_DATA_PHOTOS);
  }
}
