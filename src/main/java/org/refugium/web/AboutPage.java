package org.refugium.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.refugium.Version;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.snapshot.Manifest;

/**
 * About this mirror: the node's status, the snapshot served (from its manifest.json) and the model bundles
 * installed. Sources are shown by file name and checksum only: the server's directories are nobody's business.
 */
final class AboutPage {

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** A source as the page shows it. */
  public record SourceRow(String file, String kind, long size, String sha256, List<Manifest.Entry> entries) {}

  /** A count as the page shows it: the table's name in the page's language. */
  public record CountRow(String label, long value) {}

  private AboutPage() {}

  static Map<String, Object> model(ServedSnapshot s, WebRecognition recognition, NodeStatus status, PageRequest ui)
      throws IOException {
    Map<String, Object> m = new LinkedHashMap<>();
    Path file = s.directory().resolve(Manifest.FILE_NAME);
    Manifest manifest = Files.exists(file) ? Manifest.read(file) : null;
    m.put("snapshot", s.name());
    m.put("version", Version.current());
    m.put("status", status.status());
    m.put("servingSince", seconds(status.servingSince()));
    status.lastVerify().ifPresent(v -> {
      m.put("verifiedAt", seconds(v.at()));
      m.put("verifiedOk", v.ok());
      m.put("verifiedDepth", v.depth());
    });
    if (manifest != null) {
      m.put("manifest", manifest);
      m.put("startedAt", seconds(manifest.startedAt()));
      m.put("finishedAt", seconds(manifest.finishedAt()));
      List<CountRow> counts = new ArrayList<>();
      if (manifest.counts() != null) {
        manifest.counts().forEach((k, v) -> counts.add(new CountRow(label(ui, "about.table.", k), v)));
      }
      m.put("counts", counts);
      List<SourceRow> sources = new ArrayList<>();
      if (manifest.sources() != null) {
        for (Manifest.Source src : manifest.sources()) {
          sources.add(new SourceRow(baseName(src.file()), src.kind() == null ? "" : label(ui, "about.kind.", src.kind()),
              src.size(), src.sha256(), src.entries()));
        }
      }
      m.put("sources", sources);
      m.put("warnings", manifest.warnings() == null ? List.of() : ImportWarnings.forPage(manifest.warnings(), ui));
    }
    List<String> models = new ArrayList<>();
    if (recognition.available()) {
      if (recognition.recognizer().gate() != null) {
        models.add(describe(recognition.recognizer().gate().bundle()));
      }
      recognition.recognizer().species().forEach(l -> models.add(describe(l.bundle())));
    }
    m.put("models", models);
    return m;
  }

  /** The last segment of a path as the importer recorded it (Unix or Windows separators). */
  static String baseName(String file) {
    if (file == null) {
      return "";
    }
    String f = file.endsWith("/") || file.endsWith("\\") ? file.substring(0, file.length() - 1) : file;
    return f.substring(Math.max(f.lastIndexOf('/'), f.lastIndexOf('\\')) + 1);
  }

  /** A name in the page's language when the bundle has one ("about.table.observations"), else as recorded. */
  private static String label(PageRequest ui, String prefix, String name) {
    Matcher ids = ID_COUNT.matcher(name);
    if (ids.matches()) { // ids.real.research: observations of a grade with an iNaturalist id (importer.IdCoverage)
      String grade = ui.messages().containsKey("quality." + ids.group(2)) ? ui.text("quality." + ids.group(2))
          : ids.group(2);
      return ui.format("about.table.ids." + ids.group(1), grade);
    }
    String key = prefix + name.replace(' ', '_');
    return ui.messages().containsKey(key) ? ui.messages().getString(key) : name;
  }

  private static final Pattern ID_COUNT = Pattern.compile("ids\\.(observations|real|gbif)\\.(.+)");

  private static String seconds(Instant t) {
    return t == null ? "" : SECONDS.format(t);
  }

  private static String describe(org.refugium.recognition.ModelBundle b) {
    var manifest = b.manifest();
    return manifest.name() + (manifest.version() == null ? "" : " " + manifest.version())
        + (manifest.license() == null ? "" : " (" + manifest.license() + ")");
  }
}
