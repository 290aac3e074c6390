package org.refugium.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.api.data.TaxonCatalog;
import org.refugium.recognition.Label;
import org.refugium.recognition.ModelBundle;

/**
 * Which snapshot taxon each label of a bundle stands for: by the bundle's taxon ids when it has
 * them, else by scientific name ("Genus species (Common name)" labels). A name held by several taxa
 * (homonyms across kingdoms, or an inactive synonym beside the active name) resolves to, in order:
 * an active taxon inside the bundle's clade, any active taxon, an inactive one inside the clade, any
 * inactive one. Built once per (snapshot, bundle) and kept in the snapshot's caches.
 */
public final class LabelTaxa {

  /** -1 = no taxon in the snapshot (or a label that is not a taxon, such as "background"). */
  private final int[] taxonOf;
  /**
   * For a label without a taxon: the nearest taxon of the snapshot above it, the genus of its binomial
   * when the snapshot has that genus inside the clade, else the bundle's clade; -1 when neither.
   */
  private final int[] ancestorOf;
  private final int clade;

  private LabelTaxa(int[] taxonOf, int[] ancestorOf, int clade) {
    this.taxonOf = taxonOf;
    this.ancestorOf = ancestorOf;
    this.clade = clade;
  }

  public static LabelTaxa of(ServedSnapshot snapshot, ModelBundle bundle, List<Label> labels) {
    return snapshot.caches().get("vision-labels", bundle.directory().toString(),
        k -> build(snapshot.taxa(), names(snapshot), bundle, labels));
  }

  public int taxon(int classIndex) {
    return taxonOf[classIndex];
  }

  /** The nearest snapshot taxon above a label that has none (see {@link #ancestorOf}); -1 when none. */
  public int nearestInArchive(int classIndex) {
    return ancestorOf[classIndex];
  }

  /** The bundle's clade in this snapshot, or -1 (covers nothing named, or a taxon the snapshot lacks). */
  public int clade() {
    return clade;
  }

  /** Labels with a scientific name but no taxon in the snapshot: for `models verify` and the report. */
  public List<String> unmatched(List<Label> labels) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < labels.size(); i++) {
      if (taxonOf[i] < 0 && labels.get(i).scientificName() != null) {
        out.add(labels.get(i).text());
      }
    }
    return out;
  }

  public int matchedCount() {
    int n = 0;
    for (int t : taxonOf) {
      n += t >= 0 ? 1 : 0;
    }
    return n;
  }

  /** Scientific name → taxon ids (all of them, active and not), built once per snapshot. */
  @SuppressWarnings("unchecked")
  private static Map<String, int[]> names(ServedSnapshot snapshot) {
    return snapshot.caches().get("vision-names", "", k -> {
      TaxonCatalog taxa = snapshot.taxa();
      Map<String, int[]> out = new HashMap<>();
      for (int id = 0; id <= taxa.maxId(); id++) {
        if (taxa.contains(id) && taxa.name(id) != null) {
          out.merge(taxa.name(id), new int[] {id}, (a, b) -> {
            int[] c = java.util.Arrays.copyOf(a, a.length + 1);
            c[a.length] = b[0];
            return c;
          });
        }
      }
      return out;
    });
  }

  private static LabelTaxa build(TaxonCatalog taxa, Map<String, int[]> names, ModelBundle bundle, List<Label> labels) {
    int clade = clade(taxa, names, bundle);
    List<Integer> ids;
    try {
      ids = bundle.labelIds();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int[] out = new int[labels.size()];
    int[] above = new int[labels.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = -1;
      above[i] = -1;
      String name = labels.get(i).scientificName();
      if (ids != null && i < ids.size() && ids.get(i) != null && taxa.contains(ids.get(i))) {
        out[i] = ids.get(i);
      } else if (name != null) {
        out[i] = pick(taxa, names.get(name), clade);
      }
      if (out[i] < 0 && name != null) {
        above[i] = clade;
        String genus = genus(name);
        int g = genus == null ? -1 : pick(taxa, names.get(genus), clade);
        if (g >= 0 && "genus".equals(taxa.rank(g)) && (clade < 0 || within(taxa, g, clade))) {
          above[i] = g;
        }
      }
    }
    return new LabelTaxa(out, above, clade);
  }

  private static int clade(TaxonCatalog taxa, Map<String, int[]> names, ModelBundle bundle) {
    var covers = bundle.manifest().covers();
    if (covers == null) {
      return -1;
    }
    if (covers.taxonId() != null && taxa.contains(covers.taxonId())) {
      return covers.taxonId();
    }
    return covers.name() == null ? -1 : pick(taxa, names.get(covers.name()), -1);
  }

  private static int pick(TaxonCatalog taxa, int[] candidates, int clade) {
    if (candidates == null) {
      return -1;
    }
    int best = -1;
    int bestRank = Integer.MAX_VALUE;
    for (int id : candidates) {
      boolean inClade = clade >= 0 && within(taxa, id, clade);
      int rank = (taxa.active(id) ? 0 : 2) + (inClade || clade < 0 ? 0 : 1);
      if (rank < bestRank) {
        best = id;
        bestRank = rank;
      }
    }
    return best;
  }

  /** "Passer domesticus" → "Passer"; null for a one-word name (a genus or higher itself). */
  public static String genus(String scientificName) {
    int space = scientificName.indexOf(' ');
    return space > 0 ? scientificName.substring(0, space) : null;
  }

  static boolean within(TaxonCatalog taxa, int id, int ancestor) {
    for (int t : taxa.selfAndAncestorsFromRoot(id)) {
      if (t == ancestor) {
        return true;
      }
    }
    return false;
  }
}
