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

  static Map<String, Object> model(ServedSnapshot s, WebRecognition recognition) throws IOException {
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
    List<String> models = new java.util.ArrayList<>();
    if (recognition.available()) {
      if (recognition.recognizer().gate() != null) {
        models.add(describe(recognition.recognizer().gate().bundle()));
      }
      recognition.recognizer().species().forEach(l -> models.add(describe(l.bundle())));
    }
    m.put("models", models);
    return m;
  }

  private static String describe(org.refugium.recognition.ModelBundle b) {
    var manifest = b.manifest();
    return manifest.name() + (manifest.version() == null ? "" : " " + manifest.version())
        + (manifest.license() == null ? "" : " (" + manifest.license() + ")");
  }
}
