package org.refugium.importer;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The iNaturalist photo id in a photo URL, in every form iNaturalist has published: the static host
 * ({@code static.inaturalist.org/photos/ID/original.jpg?…}), the open-data bucket by host
 * ({@code inaturalist-open-data.s3.amazonaws.com/photos/ID/medium.jpeg}) or by path
 * ({@code s3.amazonaws.com/inaturalist-open-data/photos/ID/…}), the older photos bucket
 * ({@code inaturalist-photos.s3.amazonaws.com/photos/ID/…}) and the photo page ({@code www.inaturalist.org/photos/ID}).
 * GBIF multimedia rows and the web export's image_url both carry these; the id joins them to the Open Data
 * photos table. Photos hosted elsewhere (Flickr, Facebook) have no iNaturalist photo id in their URL.
 */
public final class PhotoUrls {

  private static final Pattern PHOTO = Pattern.compile(
      "https?://(?:[^/?#]*inaturalist[^/?#]*|[^/?#]*amazonaws\\.com/inaturalist[^/?#]*)/photos/(\\d{1,18})(?:[/?#.].*)?",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern EXTENSION = Pattern.compile("/photos/\\d+/[A-Za-z_]+\\.([A-Za-z0-9]{1,8})(?:[?#].*)?$");

  private PhotoUrls() {}

  /** The photo id, or null when the URL is not one of iNaturalist's photo URLs. */
  public static Long photoId(String url) {
    if (url == null) {
      return null;
    }
    Matcher m = PHOTO.matcher(url.strip());
    return m.matches() ? Long.valueOf(m.group(1)) : null;
  }

  /** The file extension as written ({@code jpg}, {@code jpeg}, {@code JPG}), or null when the URL has none. */
  public static String extension(String url) {
    if (url == null) {
      return null;
    }
    Matcher m = EXTENSION.matcher(url.strip());
    return m.find() ? m.group(1) : null;
  }
}
