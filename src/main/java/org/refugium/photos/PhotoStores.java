package org.refugium.photos;

import java.io.IOException;
import java.nio.file.Path;

/** Opens the photo store a command line names: a directory, or {@code s3://bucket[/prefix]}. */
public final class PhotoStores {

  private PhotoStores() {}

  /**
   * @param spec a directory path, or {@code s3://bucket/prefix} (endpoint and credentials the standard AWS ways:
   *     environment, profile files; see docs/photos.md)
   */
  public static PhotoStore open(String spec) throws IOException {
    if (spec.startsWith("s3://")) {
      // TODO(fetch branch): S3PhotoStore over the AWS SDK v2
      throw new IOException("S3 photo stores are not built yet: " + spec);
    }
    return DirectoryPhotoStore.open(Path.of(spec));
  }
}
