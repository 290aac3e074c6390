package org.refugium.photos;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/** Opens the photo store a command line names: a directory, or {@code s3://bucket[/prefix]}. */
public final class PhotoStores {

  private PhotoStores() {}

  /**
   * @param spec a directory path, or {@code s3://bucket/prefix} (endpoint from {@code AWS_ENDPOINT_URL}, region
   *     from {@code AWS_REGION}, credentials the standard AWS ways: environment, profile files; see docs/photos.md)
   */
  public static PhotoStore open(String spec) throws IOException {
    return open(spec, null);
  }

  /**
   * @param endpoint the S3 endpoint ({@code --s3-endpoint}); null: {@code AWS_ENDPOINT_URL}, else AWS itself
   */
  public static PhotoStore open(String spec, String endpoint) throws IOException {
    if (spec.startsWith("s3://")) {
      String e = endpoint != null && !endpoint.isBlank() ? endpoint : System.getenv("AWS_ENDPOINT_URL");
      URI uri;
      try {
        uri = e == null || e.isBlank() ? null : URI.create(e.strip());
      } catch (IllegalArgumentException bad) {
        throw new IOException("not a valid S3 endpoint URL: " + e);
      }
      if (uri != null && (uri.getScheme() == null || uri.getHost() == null)) {
        throw new IOException("an S3 endpoint is a URL like http://host:9000: " + e);
      }
      try {
        return new S3PhotoStore(S3PhotoStore.Settings.parse(spec, uri, System.getenv("AWS_REGION"), false));
      } catch (IllegalArgumentException bad) {
        throw new IOException(bad.getMessage());
      }
    }
    return DirectoryPhotoStore.open(Path.of(spec));
  }
}
