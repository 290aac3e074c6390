package org.refugium.importer.dwca;

import java.util.Locale;
import java.util.Map;

/**
 * iNaturalist's rank → rank_level table (Taxon::RANK_LEVELS in inaturalist/inaturalist, mirrored in its
 * apps), needed for taxa built from the DwC-A or a GBIF download, which give the rank name only.
 * Levels are what the Open Data taxa.csv carries, so derived counts (species = 10) work the same.
 */
public final class RankLevels {

  private static final Map<String, Double> LEVELS = Map.ofEntries(
      Map.entry("stateofmatter", 100.0), Map.entry("kingdom", 70.0), Map.entry("phylum", 60.0),
      Map.entry("subphylum", 57.0), Map.entry("superclass", 53.0), Map.entry("class", 50.0),
      Map.entry("subclass", 47.0), Map.entry("infraclass", 45.0), Map.entry("subterclass", 44.0),
      Map.entry("superorder", 43.0), Map.entry("order", 40.0), Map.entry("suborder", 37.0),
      Map.entry("infraorder", 35.0), Map.entry("parvorder", 34.5), Map.entry("zoosection", 34.0),
      Map.entry("zoosubsection", 33.5), Map.entry("superfamily", 33.0), Map.entry("epifamily", 32.0),
      Map.entry("family", 30.0), Map.entry("subfamily", 27.0), Map.entry("supertribe", 26.0),
      Map.entry("tribe", 25.0), Map.entry("subtribe", 24.0), Map.entry("genus", 20.0),
      Map.entry("genushybrid", 20.0), Map.entry("subgenus", 15.0), Map.entry("section", 13.0),
      Map.entry("subsection", 12.0), Map.entry("complex", 11.0), Map.entry("species", 10.0),
      Map.entry("hybrid", 10.0), Map.entry("subspecies", 5.0), Map.entry("variety", 5.0),
      Map.entry("form", 5.0), Map.entry("infrahybrid", 5.0));

  private RankLevels() {}

  /** The level of a rank name (any case), or null for a rank iNaturalist does not use. */
  public static Double of(String rank) {
    return rank == null ? null : LEVELS.get(rank.strip().toLowerCase(Locale.ROOT));
  }
}
