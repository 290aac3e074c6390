package org.refugium.photos;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One file of iNaturalist's open-data photo bucket: {@code photos/{photo_id}/{size}.{extension}}.
 * Built only from a numeric id, a size from the fixed list and a short alphanumeric extension, so no key
 * can name anything outside the photo layout (no request text ever becomes a path or key segment of its own).
 *
 * @param extension as the photos table gives it; the bucket's keys are case-sensitive ("jpg", "jpeg", "png", "JPG")
 */
public record PhotoKey(long photoId, String size, String extension) {

  /** The bucket's sizes, smallest first: square 75 px, thumb 100, small 240, medium 500, large 1024, original 2048. */
  public static final List<String> SIZES = List.of("square", "thumb", "small", "medium", "large", "original");

  private static final Pattern EXTENSION = Pattern.compile("[A-Za-z0-9]{1,5}");
  private static final Pattern ID = Pattern.compile("[0-9]{1,15}");

  public PhotoKey {
    if (photoId < 0) {
      throw new IllegalArgumentException("photo id must not be negative: " + photoId);
    }
    if (!SIZES.contains(size)) {
      throw new IllegalArgumentException("photo size must be one of " + SIZES + ": " + size);
    }
    if (extension == null || !EXTENSION.matcher(extension).matches()) {
      throw new IllegalArgumentException("photo extension must be 1-5 letters or digits");
    }
  }

  /**
   * Parses the two path segments of {@code /photos/{id}/{size}.{ext}}; null when they do not name a photo
   * (the caller answers 404, never an error that echoes the text).
   */
  public static PhotoKey parse(String id, String file) {
    if (id == null || file == null || !ID.matcher(id).matches()) {
      return null;
    }
    int dot = file.indexOf('.');
    if (dot <= 0 || dot != file.lastIndexOf('.')) {
      return null;
    }
    String size = file.substring(0, dot);
    String ext = file.substring(dot + 1);
    if (!SIZES.contains(size) || !EXTENSION.matcher(ext).matches()) {
      return null;
    }
    return new PhotoKey(Long.parseLong(id), size, ext);
  }

  /** The key in the open-data bucket (and in an S3 photo store under its prefix). */
  public String bucketKey() {
    return "photos/" + photoId + "/" + fileName();
  }

  /** {@code {size}.{extension}}. */
  public String fileName() {
    return size + "." + extension;
  }

  /** The MIME type served for this file, from its extension. */
  public String contentType() {
    return switch (extension.toLowerCase(Locale.ROOT)) {
      case "jpg", "jpeg" -> "image/jpeg";
      case "png" -> "image/png";
      case "gif" -> "image/gif";
      case "webp" -> "image/webp";
      default -> "application/octet-stream";
    };
  }

  @Override
  public String toString() {
    return bucketKey();
  }
}
