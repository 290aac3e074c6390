package org.refugium.web;

import org.refugium.api.ApiConfig;
import org.refugium.photos.PhotoStore;

/**
 * Settings of the web pages.
 *
 * @param photos the node's photo store (a directory or an S3 bucket, see docs/photos.md), served under
 *     {@code /photos/{photo_id}/{size}.{ext}}; null when the node has none (pages then show placeholders with the
 *     public URL as a plain link, never an image from elsewhere). Whoever opened it closes it.
 */
public record WebConfig(ApiConfig api, PhotoStore photos) {

  /** Where the photo store is served, and the API's photo base URL when {@code --photos} is given. */
  public static final String PHOTOS_PATH = "/photos";

  public static WebConfig of(ApiConfig api) {
    return new WebConfig(api, null);
  }
}
