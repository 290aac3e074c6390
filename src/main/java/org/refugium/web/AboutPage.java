package org.refugium.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.refugium.Version;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.snapshot.Manifest;

/** About this mirror: the snapshot served, from its manifest.json, and the model bundles installed. */
final class AboutPage {

  private AboutPage() {}

  static Map<String, Object> model(ServedSnapshot s) throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    Path file = s.directory().resolve(Manifest.FILE_NAME);
    Manifest manifest = Files.exists(file) ? Manifest.read(file) : null;
    m.put("snapshot", s.name());
    m.put("version", Version.current());
    if (manifest != null) {
      m.put("manifest", manifest);
      m.put("startedAt", manifest.startedAt() == null ? "" : manifest.startedAt().toString());
      m.put("finishedAt", manifest.finishedAt() == null ? "" : manifest.finishedAt().toString());
      m.put("counts", manifest.counts() == null ? Map.of() : manifest.counts());
      m.put("sources", manifest.sources() == null ? List.of() : manifest.sources());
      m.put("warnings", manifest.warnings() == null ? List.of() : manifest.warnings());
    }
    m.put("models", List.of()); // recognition model bundles: none can be installed yet
    return m;
  }
}
