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
      shape(FILE + ": skipped unknown column\\(s\\) (.*)", "warning.unknownColumns"));

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

  /** Replaces every absolute path in {@code text} by its last segment. */
  static String baseNames(String text) {
    return ABSOLUTE_PATH.matcher(text).replaceAll(r -> Matcher.quoteReplacement(r.group(1)));
  }
}
