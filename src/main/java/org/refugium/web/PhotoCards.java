package org.refugium.web;

import java.util.ArrayList;
import java.util.List;
import org.refugium.api.ApiConfig;
import org.refugium.api.view.PhotoView;

/**
 * Photos as pages show them. An image is shown only from the node itself (the local mirror); a photo the
 * mirror lacks becomes a placeholder that names it and links its public URL as plain text, so a page never
 * shows a broken image and never makes the browser reach outside the campus.
 */
public final class PhotoCards {

  /** One photo: {@code src} is a local URL or null (placeholder); {@code sizes} lists every size, local or public. */
  public record PhotoCard(long photoId, String src, String publicUrl, String alt, String attribution,
      String licenseCode, List<SizeLink> sizes) {}

  public record SizeLink(String size, String url, boolean local) {}

  private final PhotoFiles files;
  private final String publicBase;

  public PhotoCards(WebConfig config, PhotoFiles files) {
    this.files = files;
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

  /** @param allSizes list every size with where it is (the observation page); thumbnails skip the file checks */
  public PhotoCard card(PhotoView p, String preferred, String subject, boolean allSizes) {
    String ext = extension(p);
    List<SizeLink> sizes = new ArrayList<>();
    String src = null;
    for (String size : allSizes ? PhotoFiles.SIZES : List.<String>of()) {
      boolean local = files != null && files.has(p.id, size, ext);
      sizes.add(new SizeLink(size, local ? localUrl(p.id, size, ext) : publicUrl(p.id, size, ext), local));
    }
    if (files != null) {
      List<String> order = new ArrayList<>();
      order.add(preferred);
      int at = PhotoFiles.SIZES.indexOf(preferred);
      for (int d = 1; d < PhotoFiles.SIZES.size(); d++) { // nearest sizes first, larger before smaller
        if (at + d < PhotoFiles.SIZES.size()) {
          order.add(PhotoFiles.SIZES.get(at + d));
        }
        if (at - d >= 0) {
          order.add(PhotoFiles.SIZES.get(at - d));
        }
      }
      for (String size : order) {
        if (files.has(p.id, size, ext)) {
          src = localUrl(p.id, size, ext);
          break;
        }
      }
    }
    String alt = (subject == null ? "" : subject + ". ") + (p.attribution == null ? "" : p.attribution);
    return new PhotoCard(p.id, src, publicUrl(p.id, preferred, ext), alt.strip(), p.attribution, p.licenseCode,
        sizes);
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
