package org.refugium.web;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The importer's warnings as a visitor of the about page reads them: in the page's language where the warning
 * has a known shape, and never with the server's directories (only a file's base name). The manifest keeps the
 * importer's own English text, which is what an operator greps in logs.
 */
final class ImportWarnings {

  /** A warning shape: its pattern over the English text and the message key whose arguments are the groups. */
  private record Shape(Pattern pattern, String key) {}

  private static final String FILE = "(\\S+?)";

  private static final List<Shape> SHAPES = List.of(
      shape(FILE + ": no VernacularNames-\\*\\.csv file: no common names imported", "warning.noVernacular"),
      shape("taxonomy DwC-A: (\\d+) vernacular name\\(s\\) of taxa not in the snapshot rejected.*",
          "warning.vernacularUnknownTaxon"),
      shape(FILE + ": ignored the extension (\\S+) .*", "warning.ignoredExtension"),
      shape("taxonomy DwC-A (\\S+): (\\d+) taxa matched the tree \\((\\d+) with another parent, (\\d+) another name,"
          + " (\\d+) another rank, (\\d+) inactive there\\); (\\d+) added, (\\d+) GBIF placeholders replaced; (\\d+)"
          + " active taxa of the tree are not in the DwC-A", "warning.taxonomyMerge"),
      shape("taxonomy DwC-A: (\\d+) added taxa have a parent chain that does not reach the root.*",
          "warning.detachedTaxa"),
      shape(FILE + ": skipped (\\d+) row\\(s\\): .*", "warning.skippedRows"),
      shape(FILE + ": no multimedia\\.txt: observations imported without photos", "warning.noMultimedia"),
      shape("skipped unknown file " + FILE + " \\(not a table of the Open Data export\\)", "warning.unknownFile"),
      shape("skipped unknown archive entry " + FILE, "warning.unknownEntry"),
      shape(FILE + ": skipped unknown column\\(s\\) (.*)", "warning.unknownColumns"),
      shape("ids: observations with iNaturalist's own id, by quality grade:(.*) the others are known by their stable"
          + " id \\(docs/ids\\.md\\)", "warning.idCoverage"),
      shape("ids: (\\d+) observation\\(s\\) were given an iNaturalist id another observation holds.*; (\\d+) stable-id"
          + " collision\\(s\\).*", "warning.idConflicts"),
      shape("GBIF download joined through photo ids: (\\d+) of (\\d+) occurrences matched.*; (\\d+) had no iNaturalist"
          + " photo to join by; (\\d+) of (\\d+) photo rows named a photo id absent.*: (\\d+) occurrence\\(s\\) whose"
          + " photos are under two or more observations, (\\d+) observation\\(s\\) whose photos are under two or"
          + " more occurrences; taxon differs in (\\d+).*", "warning.gbifJoin"),
      shape("web export " + FILE + ": (\\d+) created_at/updated_at/time_observed_at values not in a known time format"
          + " were left empty", "warning.webExportTimes"),
      shape("web export: (\\d+) taxa are placeholders made from the export's scientific_name.*",
          "warning.webExportPlaceholders"),
      shape("web export " + FILE + " joined by uuid: (\\d+) of (\\d+) rows matched an Open Data observation.*; (\\d+)"
          + " matched none.*; taxon differs in (\\d+), quality grade in (\\d+).*", "warning.webExportJoin"),
      shape("iNaturalist DwC-A " + FILE + " joined: (\\d+) of (\\d+) rows matched an Open Data observation \\((\\d+)"
          + " through photo ids, (\\d+) by an iNaturalist id.*; (\\d+) matched none.*: (\\d+) row\\(s\\) whose photos"
          + " or id are under two or more observations, (\\d+) observation\\(s\\) claimed by two or more rows; taxon"
          + " differs in (\\d+).*", "warning.dwcaJoin"),
      shape("iNaturalist DwC-A " + FILE + ": no images\\.csv beside it.*", "warning.dwcaNoImages"),
      shape("iNaturalist DwC-A " + FILE + ": (\\d+) media rows name no iNaturalist photo URL.*",
          "warning.dwcaMediaWithoutPhoto"),
      shape(FILE + ": skipped (\\d+) row\\(s\\) of (\\d+) other dataset\\(s\\).*", "warning.otherDatasets"),
      shape("GBIF download: (\\d+) taxa made from the occurrences.*", "warning.gbifTaxa"));

  /** An absolute path (Unix or Windows) of which only the last segment may be shown. */
  private static final Pattern ABSOLUTE_PATH = Pattern.compile("(?<![\\w.])(?:/|[A-Za-z]:\\\\)(?:[^/\\\\\\s'\":;,()]+[/\\\\])+([^/\\\\\\s'\":;,()]+)");

  private ImportWarnings() {}

  private static Shape shape(String regex, String key) {
    return new Shape(Pattern.compile(regex), key);
  }

  static List<String> forPage(List<String> warnings, PageRequest ui) {
    List<String> out = new ArrayList<>(warnings.size());
    for (String w : warnings) {
      out.add(translate(w, ui));
    }
    return out;
  }

  static String translate(String warning, PageRequest ui) {
    for (Shape s : SHAPES) {
      Matcher m = s.pattern().matcher(warning);
      if (m.matches() && s.key().equals("warning.idCoverage")) {
        return ui.format(s.key(), gradeCoverage(m.group(1), ui));
      }
      if (m.matches()) {
        Object[] args = new Object[m.groupCount()];
        for (int i = 0; i < args.length; i++) {
          String g = baseNames(m.group(i + 1));
          args[i] = g.matches("\\d{1,18}") ? (Object) Long.parseLong(g) : g;
        }
        return ui.format(s.key(), args);
      }
    }
    return baseNames(warning);
  }

  private static final Pattern GRADE_COVERAGE = Pattern.compile(" (\\S+) (\\d+) of (\\d+) \\(([\\d.]+)%\\);");

  /** " needs_id 0 of 13 (0.0%); research 2 of 19 (10.5%);" in the page's words. */
  private static String gradeCoverage(String list, PageRequest ui) {
    List<String> parts = new ArrayList<>();
    Matcher g = GRADE_COVERAGE.matcher(list);
    while (g.find()) {
      String grade = ui.messages().containsKey("quality." + g.group(1)) ? ui.text("quality." + g.group(1)) : g.group(1);
      parts.add(ui.format("warning.idCoverage.grade", grade, Long.parseLong(g.group(2)), Long.parseLong(g.group(3))));
    }
    return String.join("; ", parts);
  }

  /** Replaces every absolute path in {@code text} by its last segment. */
  static String baseNames(String text) {
    return ABSOLUTE_PATH.matcher(text).replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
  }
}
