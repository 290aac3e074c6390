package org.refugium.recognition;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Installs a bundle under the models directory: from a catalogue name (files copied from a local
 * folder, or downloaded), from a bundle directory, or from the URL of a bundle.json. Every file is
 * checked against its sha256 before the bundle appears: it is assembled in a hidden
 * {@code .NAME.partial} directory and renamed into place, so a failed install leaves nothing behind.
 */
public final class BundleInstaller {

  private static final int SEARCH_DEPTH = 3;

  private final Path modelsDir;
  private final Consumer<String> log;
  private final boolean force;

  public BundleInstaller(Path modelsDir, boolean force, Consumer<String> log) {
    this.modelsDir = modelsDir;
    this.force = force;
    this.log = log;
  }

  /**
   * @param source a catalogue name, a bundle directory, or an http(s) URL of a bundle.json
   * @param from   a folder holding the model files (a USB stick, ../shared/models); searched a few
   *               levels deep by file name; null = download
   */
  public ModelBundle install(String source, Path from) throws IOException {
    Optional<BundleManifest> known = BundleCatalogue.find(source);
    if (known.isPresent()) {
      return assemble(known.get(), from, null);
    }
    if (source.startsWith("http://") || source.startsWith("https://")) {
      URI uri = URI.create(source);
      Path tmp = Files.createTempFile("bundle", ".json");
      try {
        download(uri, tmp);
        return assemble(BundleManifest.read(tmp), from, uri);
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
    Path dir = Path.of(source);
    if (Files.isDirectory(dir)) {
      ModelBundle b = ModelBundle.open(dir);
      return assemble(b.manifest(), dir, null);
    }
    throw new IOException(source + " is neither a catalogue name (" + String.join(", ", BundleCatalogue.names())
        + "), a bundle directory, nor an http(s) URL of a bundle.json");
  }

  private ModelBundle assemble(BundleManifest m, Path from, URI base) throws IOException {
    if (m.name() == null || !m.name().matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
      throw new IOException("bad bundle name " + m.name() + ": letters, digits, . _ - only");
    }
    Path target = modelsDir.resolve(m.name());
    if (Files.exists(target) && !force) {
      throw new IOException(m.name() + " is already installed in " + target + " (use --force to replace it)");
    }
    Files.createDirectories(modelsDir);
    Path partial = modelsDir.resolve("." + m.name() + ".partial");
    deleteTree(partial);
    Files.createDirectories(partial);
    try {
      Map<String, BundleManifest.FileEntry> local = new LinkedHashMap<>();
      for (Map.Entry<String, BundleManifest.FileEntry> f : m.files().entrySet()) {
        String file = f.getKey();
        if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
          throw new IOException("bad file name in bundle " + m.name() + ": " + file);
        }
        Path dest = partial.resolve(file);
        fetch(file, f.getValue(), from, base, dest);
        String actual = ModelBundle.sha256(dest);
        if (!actual.equalsIgnoreCase(f.getValue().sha256())) {
          throw new IOException(file + ": sha256 is " + actual + " but " + m.name() + " expects "
              + f.getValue().sha256() + "; the copy is damaged or a different version");
        }
        local.put(file, new BundleManifest.FileEntry(actual, Files.size(dest), f.getValue().url()));
        log.accept("  " + file + " ok (" + Files.size(dest) + " bytes, sha256 " + actual.substring(0, 12) + "...)");
      }
      if (!Files.exists(partial.resolve(ServingConfig.FILE))) {
        Path fromProps = from == null ? null : from.resolve(ServingConfig.FILE);
        if (fromProps != null && Files.isRegularFile(fromProps) && Files.isRegularFile(from.resolve(BundleManifest.FILE))) {
          Files.copy(fromProps, partial.resolve(ServingConfig.FILE));
        } else if ("tflite".equals(m.format())) {
          ServingConfig.tflite(224).write(partial.resolve(ServingConfig.FILE));
        } else {
          throw new IOException(m.name() + ": a " + m.format() + " bundle needs its serving.properties");
        }
      }
      m.installed(local, Instant.now().toString()).write(partial.resolve(BundleManifest.FILE));
      if (Files.exists(target)) {
        deleteTree(target);
      }
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return ModelBundle.open(target);
    } finally {
      deleteTree(partial);
    }
  }

  private void fetch(String file, BundleManifest.FileEntry entry, Path from, URI base, Path dest) throws IOException {
    if (from != null) {
      Path found = find(from, file).orElseThrow(() -> new IOException("no file " + file + " in " + from
          + " (searched " + SEARCH_DEPTH + " levels deep)"));
      log.accept("  copying " + found);
      Files.copy(found, dest, StandardCopyOption.REPLACE_EXISTING);
      return;
    }
    URI uri = entry.url() != null ? URI.create(entry.url()) : base != null ? base.resolve(file) : null;
    if (uri == null) {
      throw new IOException("no URL for " + file + ": give --from DIR");
    }
    log.accept("  downloading " + uri);
    download(uri, dest);
  }

  static Optional<Path> find(Path from, String file) throws IOException {
    if (!Files.isDirectory(from)) {
      throw new IOException("--from " + from + " is not a directory");
    }
    try (Stream<Path> s = Files.find(from, SEARCH_DEPTH, (p, a) -> a.isRegularFile() && p.getFileName().toString().equals(file))) {
      return s.sorted(Comparator.comparingInt(Path::getNameCount)).findFirst();
    }
  }

  private static void download(URI uri, Path dest) throws IOException {
    HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
        .connectTimeout(Duration.ofSeconds(20)).build();
    try {
      HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
          HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = r.body()) {
        if (r.statusCode() != 200) {
          throw new IOException("download of " + uri + " answered HTTP " + r.statusCode());
        }
        Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new IOException("cannot download " + uri + " (" + describe(e) + "). Without internet, copy the files"
          + " (e.g. from a USB stick or ../shared/models) and run: refugium models install NAME --from DIR", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("download of " + uri + " interrupted", e);
    }
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
