package org.refugium.recognition;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The known public models (resource {@code catalogue.json}): name, file URLs, sha256, license and
 * what each covers. {@code refugium models install NAME} installs from here.
 */
public final class BundleCatalogue {

  private static final String RESOURCE = "catalogue.json";

  private BundleCatalogue() {}

  public static List<BundleManifest> entries() {
    try (InputStream in = BundleCatalogue.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("catalogue resource missing: " + RESOURCE);
      }
      JsonNode root = BundleManifest.JSON.readTree(in);
      List<BundleManifest> out = new ArrayList<>();
      for (JsonNode b : root.get("bundles")) {
        out.add(BundleManifest.JSON.treeToValue(b, BundleManifest.class));
      }
      return List.copyOf(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Optional<BundleManifest> find(String name) {
    return entries().stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** The names {@code scripts/run} installs by default. */
  public static List<String> names() {
    return entries().stream().map(BundleManifest::name).toList();
  }
}
