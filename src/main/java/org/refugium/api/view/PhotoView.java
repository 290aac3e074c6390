package org.refugium.api.view;

import java.util.List;

/**
 * A photo as iNaturalist serializes it, on observations and as a taxon's default photo. The union of
 * the keys both contexts carry: clients read whichever they expect, and inaturalistjs breaks without
 * {@code flags}.
 */
public final class PhotoView {
  public long id;
  public String licenseCode;
  public String attribution;
  public String attributionName;
  public String url;
  public Dimensions originalDimensions;
  public List<Object> flags = List.of();
  public boolean hidden;
  public List<Object> moderatorActions = List.of();
  public String nativePageUrl;
  public String nativePhotoId;
  public String type = "LocalPhoto";
  public String squareUrl;
  public String smallUrl;
  public String mediumUrl;
  public String largeUrl;
  public String originalUrl;

  public record Dimensions(int width, int height) {}
}
