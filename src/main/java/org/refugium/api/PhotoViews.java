package org.refugium.api;

import java.util.Locale;
import org.refugium.api.data.PhotoRow;
import org.refugium.api.view.PhotoView;

/** Photo rows to iNaturalist's photo JSON: URLs per size, lowercase license code, attribution text. */
public final class PhotoViews {

  private final ApiConfig config;

  public PhotoViews(ApiConfig config) {
    this.config = config;
  }

  /**
   * @param uploadedBy iNaturalist appends ", uploaded by X" to a taxon's default photo attribution only
   */
  public PhotoView view(PhotoRow p, boolean uploadedBy) {
    PhotoView v = new PhotoView();
    v.id = p.photoId();
    v.licenseCode = licenseCode(p.license());
    String who = p.observerName() != null && !p.observerName().isBlank() ? p.observerName() : p.observerLogin();
    v.attributionName = who;
    v.attribution = attribution(who, v.licenseCode) + (uploadedBy && who != null ? ", uploaded by " + who : "");
    v.squareUrl = url(p, "square");
    v.url = v.squareUrl;
    v.smallUrl = url(p, "small");
    v.mediumUrl = url(p, "medium");
    v.largeUrl = url(p, "large");
    v.originalUrl = url(p, "original");
    v.originalDimensions = p.width() == null || p.height() == null ? null
        : new PhotoView.Dimensions(p.width(), p.height());
    return v;
  }

  /** The extension is case-sensitive on the bucket (jpg vs JPG): kept as the export wrote it. */
  String url(PhotoRow p, String size) {
    String ext = p.extension() == null || p.extension().isBlank() ? "jpg" : p.extension();
    return config.photoBaseUrl() + "/" + p.photoId() + "/" + size + "." + ext;
  }

  /** CC-BY-NC → cc-by-nc; CC0 → cc0; PD → pd; null stays null (all rights reserved). */
  static String licenseCode(String license) {
    return license == null || license.isBlank() ? null : license.strip().toLowerCase(Locale.ROOT);
  }

  /** iNaturalist's wording: "(c) name, some rights reserved (CC BY-NC)". */
  static String attribution(String who, String code) {
    String name = who == null ? "anonymous" : who;
    if (code == null) {
      return "(c) " + name + ", all rights reserved";
    }
    return switch (code) {
      case "cc0" -> "no rights reserved";
      case "pd" -> "no known copyright restrictions (public domain)";
      default -> "(c) " + name + ", some rights reserved (" + shortLicense(code) + ")";
    };
  }

  /** cc-by-nc-sa → CC BY-NC-SA. */
  static String shortLicense(String code) {
    String upper = code.toUpperCase(Locale.ROOT);
    return upper.startsWith("CC-") ? "CC " + upper.substring(3) : upper;
  }
}
