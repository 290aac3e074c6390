package org.refugium.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.refugium.api.ApiConfig;
import org.refugium.api.view.PhotoView;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.PhotoPresence;

/**
 * Photos as pages show them. An image is shown only from the node itself (its photo store); a photo the store
 * lacks, or a store that cannot be reached, becomes a placeholder that names it and links its public URL as plain
 * text, so a page never shows a broken image and never makes the browser reach outside the campus.
 *
 * <p>Which sizes are present comes from {@link PhotoPresence} (cached), and every present size goes into the
 * image's {@code srcset} with its nominal width, so a phone loads the 240 px file where a desktop loads the 1024 px
 * one. The nominal widths are the bucket's longest edges; square is a 75 px crop, which the pages' object-fit:
 * cover frames show as intended at thumbnail sizes.
 */
public final class PhotoCards {

  /** Longest edge of each bucket size, in pixels (the srcset width descriptors). */
  static final Map<String, Integer> WIDTHS = Map.of("square", 75, "thumb", 100, "small", 240, "medium", 500,
      "large", 1024, "original", 2048);

  /**
   * One photo: {@code src} is a local URL or null (placeholder); {@code srcset} the present sizes; {@code sizes}
   * lists every size, local or public (the observation page); {@code largest} the biggest local size (the
   * "larger view" link), null when none.
   */
  public record PhotoCard(long photoId, String src, String srcset, String sizesAttr, String publicUrl, String alt,
      String attribution, String licenseCode, String license, String largest, List<SizeLink> sizes) {}

  public record SizeLink(String size, String url, boolean local) {}

  private final PhotoPresence presence;
  private final String publicBase;

  public PhotoCards(WebConfig config, PhotoPresence presence) {
    this.presence = presence;
    String base = config.api().photoBaseUrl();
    // with --photos the API's base URL is the node's own /photos; the public copy is still the bucket
    this.publicBase = base.startsWith("http://") || base.startsWith("https://") ? base : ApiConfig.OPEN_DATA_PHOTOS;
  }

  /**
   * @param preferred the size to show; a smaller or larger local size stands in when the mirror lacks it
   * @param subject   what the photo shows (taxon names), for the alt text
   */
  public PhotoCard card(PhotoView p, String preferred, String subject) {
    return card(p, preferred, subject, false);
  }

  /** @param allSizes list every size with where it is (the observation page) */
  public PhotoCard card(PhotoView p, String preferred, String subject, boolean allSizes) {
    String ext = extension(p);
    List<String> local = new ArrayList<>();
    // an extension no bucket key can have (the photos table is free text) cannot be in any store: never a 500
    if (presence != null && PhotoKey.parse(Long.toString(p.id), "square." + ext) != null) {
      for (String size : PhotoKey.SIZES) {
        if (presence.has(new PhotoKey(p.id, size, ext))) {
          local.add(size);
        }
      }
    }
    List<SizeLink> sizes = new ArrayList<>();
    for (String size : allSizes ? PhotoKey.SIZES : List.<String>of()) {
      boolean here = local.contains(size);
      sizes.add(new SizeLink(size, here ? localUrl(p.id, size, ext) : publicUrl(p.id, size, ext), here));
    }
    String src = null;
    String srcset = null;
    if (!local.isEmpty()) {
      src = localUrl(p.id, nearest(preferred, local), ext);
      List<String> parts = new ArrayList<>();
      for (String size : local) {
        parts.add(localUrl(p.id, size, ext) + " " + WIDTHS.get(size) + "w");
      }
      srcset = String.join(", ", parts);
    }
    String largest = local.isEmpty() ? null : localUrl(p.id, local.get(local.size() - 1), ext);
    String alt = (subject == null ? "" : subject + ". ") + (p.attribution == null ? "" : p.attribution);
    return new PhotoCard(p.id, src, srcset, sizesAttr(preferred), publicUrl(p.id, preferred, ext), alt.strip(),
        p.attribution, p.licenseCode, licenseName(p.licenseCode), largest, sizes);
  }

  /** The preferred size when present, else the nearest present one, larger before smaller. */
  static String nearest(String preferred, List<String> present) {
    int at = PhotoKey.SIZES.indexOf(preferred);
    for (int d = 0; d < PhotoKey.SIZES.size(); d++) {
      if (at + d < PhotoKey.SIZES.size() && present.contains(PhotoKey.SIZES.get(at + d))) {
        return PhotoKey.SIZES.get(at + d);
      }
      if (at - d >= 0 && present.contains(PhotoKey.SIZES.get(at - d))) {
        return PhotoKey.SIZES.get(at - d);
      }
    }
    return present.get(0);
  }

  /** How wide the pages draw each kind of photo (see app.css), so the browser picks from the srcset well. */
  private static String sizesAttr(String preferred) {
    return switch (preferred) {
      case "square", "thumb" -> "96px";
      case "small", "medium" -> "(max-width: 600px) 50vw, 260px";
      default -> "(max-width: 900px) 100vw, 860px";
    };
  }

  /** "cc-by-nc" → "CC BY-NC"; "CC0" and unknown codes as given, upper-cased. */
  static String licenseName(String code) {
    if (code == null || code.isBlank()) {
      return null;
    }
    String c = code.strip().toUpperCase(Locale.ROOT);
    return c.startsWith("CC-") ? "CC " + c.substring(3) : c;
  }

  static String extension(PhotoView p) {
    String url = p.squareUrl == null ? "" : p.squareUrl;
    int dot = url.lastIndexOf('.');
    return dot < 0 || dot < url.lastIndexOf('/') ? "jpg" : url.substring(dot + 1);
  }

  private static String localUrl(long id, String size, String ext) {
    return WebConfig.PHOTOS_PATH + "/" + id + "/" + size + "." + ext;
  }

  private String publicUrl(long id, String size, String ext) {
    return publicBase + "/" + id + "/" + size + "." + ext;
  }
}
