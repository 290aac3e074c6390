package org.refugium.api.data;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Taxon name matching without a Lucene index: all names in memory, each query a scan (~2M names at full
 * scale: tens of milliseconds). Same ranking as the index is asked for: exact before prefix, then by
 * observations (iNaturalist ranks by the log of the count, which orders the same way).
 */
public final class ScanTaxonIndex implements TaxonIndex {

  private record Name(int taxon, String name, String lower, String locale) {}

  private final List<Name> names;
  private final TaxonCatalog taxa;

  private ScanTaxonIndex(List<Name> names, TaxonCatalog taxa) {
    this.names = names;
    this.taxa = taxa;
  }

  public static ScanTaxonIndex load(Connection db, TaxonCatalog taxa) throws SQLException {
    List<Name> names = new ArrayList<>();
    for (int id = 0; id <= taxa.maxId(); id++) {
      if (taxa.contains(id) && taxa.name(id) != null) {
        names.add(new Name(id, taxa.name(id), taxa.name(id).toLowerCase(Locale.ROOT), "sci"));
      }
    }
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT taxon_id, name, locale FROM taxon_names WHERE locale <> 'sci'")) {
      while (rs.next()) {
        if (taxa.contains(rs.getInt(1)) && rs.getString(2) != null) {
          names.add(new Name(rs.getInt(1), rs.getString(2), rs.getString(2).toLowerCase(Locale.ROOT), rs.getString(3)));
        }
      }
    }
    return new ScanTaxonIndex(names, taxa);
  }

  @Override
  public List<Match> autocomplete(String q, String locale, int limit) {
    String needle = q.strip().toLowerCase(Locale.ROOT);
    if (needle.isEmpty()) {
      return List.of();
    }
    String language = locale == null ? "en" : locale.split("[-_]")[0].toLowerCase(Locale.ROOT);
    Map<Integer, Scored> best = new HashMap<>();
    for (Name n : names) {
      int kind = n.lower.equals(needle) ? 0 : startsWordWith(n.lower, needle) ? 1 : -1;
      if (kind < 0) {
        continue;
      }
      boolean preferred = n.locale.equals("sci") || n.locale.equalsIgnoreCase(language);
      Scored s = new Scored(n, kind, preferred);
      best.merge(n.taxon, s, (a, b) -> a.better(b) ? a : b);
    }
    return best.values().stream()
        .sorted(Comparator.comparingInt((Scored s) -> s.kind)
            .thenComparing(s -> -taxa.observationsCount(s.name.taxon))
            .thenComparingInt(s -> s.name.taxon))
        .limit(limit)
        .map(s -> new Match(s.name.taxon, s.name.name))
        .toList();
  }

  private record Scored(Name name, int kind, boolean preferred) {
    boolean better(Scored o) {
      if (kind != o.kind) {
        return kind < o.kind;
      }
      return preferred && !o.preferred;
    }
  }

  static boolean startsWordWith(String text, String prefix) {
    int from = 0;
    while (from <= text.length() - prefix.length()) {
      if (text.startsWith(prefix, from)) {
        return true;
      }
      int next = nextWord(text, from);
      if (next < 0) {
        return false;
      }
      from = next;
    }
    return false;
  }

  private static int nextWord(String text, int from) {
    for (int i = from; i < text.length() - 1; i++) {
      char c = text.charAt(i);
      if (c == ' ' || c == '-' || c == '(' || c == '\'') {
        return i + 1;
      }
    }
    return -1;
  }

  @Override
  public void close() {}
}
