package org.refugium.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local photo mirror, laid out as iNaturalist's open-data bucket: {@code {dir}/{photo_id}/{size}.{ext}}.
 * A request names a file only through a numeric id and a size from a fixed list, so no request text ever
 * becomes a path segment of its own; the resolved file must still be a regular file whose real path
 * (symlinks followed) lies inside the mirror, so a link pointing out of it is refused too.
 */
public final class PhotoFiles {

  /** The bucket's sizes, smallest first. */
  public static final List<String> SIZES = List.of("square", "thumb", "small", "medium", "large", "original");

  private static final Pattern ID = Pattern.compile("[0-9]{1,15}");
  private static final Pattern FILE = Pattern.compile("(square|thumb|small|medium|large|original)\\.([A-Za-z0-9]{1,5})");

  private final Path root;

  public PhotoFiles(Path dir) throws IOException {
    this.root = dir.toRealPath();
    if (!Files.isDirectory(root)) {
      throw new IOException(dir + " is not a directory");
    }
  }

  public Path root() {
    return root;
  }

  /** The file for {@code /photos/{id}/{file}}, or empty when it is absent or not allowed. */
  public Optional<Path> find(String id, String file) {
    if (id == null || file == null || !ID.matcher(id).matches()) {
      return Optional.empty();
    }
    Matcher m = FILE.matcher(file);
    if (!m.matches()) {
      return Optional.empty();
    }
    Path p = root.resolve(id).resolve(file);
    try {
      if (!Files.isRegularFile(p)) {
        return Optional.empty();
      }
      Path real = p.toRealPath();
      return real.startsWith(root) && Files.isRegularFile(real) ? Optional.of(real) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public boolean has(long id, String size, String extension) {
    return find(Long.toString(id), size + "." + extension).isPresent();
  }

  static String contentType(String file) {
    String ext = file.substring(file.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
    return switch (ext) {
      case "jpg", "jpeg" -> "image/jpeg";
      case "png" -> "image/png";
      case "gif" -> "image/gif";
      case "webp" -> "image/webp";
      default -> "application/octet-stream";
    };
  }
}
