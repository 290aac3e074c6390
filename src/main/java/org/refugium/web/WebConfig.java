package org.refugium.web;

import java.nio.file.Path;
import org.refugium.api.ApiConfig;

/**
 * Settings of the web pages.
 *
 * @param photoDir a local photo mirror laid out as the open-data bucket ({@code {dir}/{photo_id}/{size}.{ext}}),
 *     served under {@code /photos}; null when the node has none (pages then show placeholders with the
 *     public URL as a plain link, never an image from elsewhere)
 */
public record WebConfig(ApiConfig api, Path photoDir) {

  /** Where a local mirror is served, and the API's photo base URL when {@code --photos} is given. */
  public static final String PHOTOS_PATH = "/photos";

  public static WebConfig of(ApiConfig api) {
    return new WebConfig(api, null);
  }
}
