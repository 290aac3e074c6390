package org.refugium.api.data;

import java.util.Locale;
import java.util.Map;

/** iNaturalist's rank names and their rank levels (Taxon::RANK_LEVELS), for rank, hrank and lrank filters. */
public final class Ranks {

  public static final float SPECIES = 10f;

  private static final Map<String, Float> LEVELS = Map.ofEntries(
      Map.entry("stateofmatter", 100f), Map.entry("kingdom", 70f), Map.entry("subkingdom", 67f),
      Map.entry("phylum", 60f), Map.entry("subphylum", 57f), Map.entry("superclass", 53f),
      Map.entry("class", 50f), Map.entry("subclass", 47f), Map.entry("infraclass", 45f),
      Map.entry("subterclass", 44f), Map.entry("superorder", 43f), Map.entry("order", 40f),
      Map.entry("suborder", 37f), Map.entry("infraorder", 35f), Map.entry("parvorder", 34.5f),
      Map.entry("zoosection", 34f), Map.entry("zoosubsection", 33.5f), Map.entry("superfamily", 33f),
      Map.entry("epifamily", 32f), Map.entry("family", 30f), Map.entry("subfamily", 27f),
      Map.entry("supertribe", 26f), Map.entry("tribe", 25f), Map.entry("subtribe", 24f),
      Map.entry("genus", 20f), Map.entry("genushybrid", 20f), Map.entry("subgenus", 15f),
      Map.entry("section", 13f), Map.entry("subsection", 12f), Map.entry("complex", 11f),
      Map.entry("species", 10f), Map.entry("hybrid", 10f), Map.entry("subspecies", 5f),
      Map.entry("variety", 5f), Map.entry("form", 5f), Map.entry("infrahybrid", 5f));

  private Ranks() {}

  public static boolean known(String rank) {
    return LEVELS.containsKey(rank.toLowerCase(Locale.ROOT));
  }

  public static java.util.Set<String> names() {
    return LEVELS.keySet();
  }

  /** The level of a rank name, or null when unknown. */
  public static Float level(String rank) {
    return LEVELS.get(rank.toLowerCase(Locale.ROOT));
  }
}
