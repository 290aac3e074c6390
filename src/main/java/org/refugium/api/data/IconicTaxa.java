package org.refugium.api.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.refugium.archive.TaxonTree;

/**
 * The names iconic_taxa takes (iNaturalist's spec enum) and the taxon ids they stand for: the same fixed ids the
 * importer derives each taxon's iconic taxon from ({@link TaxonTree#ICONIC_TAXA}), so the filter and the stored
 * iconic_taxon_id agree on every snapshot, real or generated.
 */
public final class IconicTaxa {

  /** iconic_taxa=unknown: observations with no iconic taxon (no taxon, or outside every iconic taxon). */
  public static final String UNKNOWN = "unknown";

  private static final Map<String, Integer> BY_NAME = byName();

  private static Map<String, Integer> byName() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("Actinopterygii", 47178);
    m.put("Animalia", 1);
    m.put("Amphibia", 20978);
    m.put("Arachnida", 47119);
    m.put("Aves", 3);
    m.put("Chromista", 48222);
    m.put("Fungi", 47170);
    m.put("Insecta", 47158);
    m.put("Mammalia", 40151);
    m.put("Mollusca", 47115);
    m.put("Reptilia", 26036);
    m.put("Plantae", 47126);
    m.put("Protozoa", 47686);
    return m;
  }

  private IconicTaxa() {}

  /** The names the API accepts, lowercased (the parser matches any case). */
  public static Set<String> lowerCaseNames() {
    Set<String> out = new java.util.TreeSet<>();
    BY_NAME.keySet().forEach(n -> out.add(n.toLowerCase(Locale.ROOT)));
    out.add(UNKNOWN);
    return out;
  }

  /** The canonical spelling of a name given in any case ("aves" → "Aves"), or null when it is not one. */
  public static String canonical(String name) {
    if (name.equalsIgnoreCase(UNKNOWN)) {
      return UNKNOWN;
    }
    for (String n : BY_NAME.keySet()) {
      if (n.equalsIgnoreCase(name)) {
        return n;
      }
    }
    return null;
  }

  /** The taxon id of a canonical name (not {@link #UNKNOWN}). */
  public static int id(String canonicalName) {
    Integer id = BY_NAME.get(canonicalName);
    if (id == null) {
      throw new IllegalArgumentException("not an iconic taxon: " + canonicalName);
    }
    return id;
  }

  /** Every taxon the importer treats as iconic (Life included: it is the outermost). */
  public static List<Integer> ids() {
    return java.util.Arrays.stream(TaxonTree.ICONIC_TAXA).boxed().toList();
  }
}
