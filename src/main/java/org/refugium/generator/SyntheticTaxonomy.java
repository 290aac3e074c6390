package org.refugium.generator;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A taxon tree shaped like iNaturalist's and written as taxa.csv while it grows. The top is real (Life
 * 48460, the kingdoms, phyla and iconic classes with their real ids, so iconic-taxon derivation sees what
 * it would in a real export); below each class it grows synthetic orders, families, genera and species,
 * with iNaturalist's optional intermediate ranks (subclass 47, suborder 37, zoosubsection 33.5,
 * superfamily 33, subfamily 27, tribe 25) and a few subspecies. Species are what observations point at.
 */
final class SyntheticTaxonomy {

  /** ~1.6M taxa in a 2026 export: the species budget is capped so the whole tree stays near that. */
  static final int MAX_SPECIES = 1_150_000;
  static final int ROOT = 48460;

  /** The real top of the tree: id, parent id, rank, rank level, name, share of all species (0 = none). */
  private record Top(int id, int parent, String rank, String level, String name, double share) {}

  private static final Top[] TOP = {
      new Top(ROOT, 0, "stateofmatter", "100", "Life", 0),
      new Top(1, ROOT, "kingdom", "70", "Animalia", 0),
      new Top(2, 1, "phylum", "60", "Chordata", 0),
      new Top(355675, 2, "subphylum", "57", "Vertebrata", 0),
      new Top(3, 355675, "class", "50", "Aves", 0.05),
      new Top(40151, 355675, "class", "50", "Mammalia", 0.03),
      new Top(26036, 355675, "class", "50", "Reptilia", 0.03),
      new Top(20978, 355675, "class", "50", "Amphibia", 0.02),
      new Top(47178, 355675, "class", "50", "Actinopterygii", 0.05),
      new Top(47120, 1, "phylum", "60", "Arthropoda", 0),
      new Top(372739, 47120, "subphylum", "57", "Hexapoda", 0),
      new Top(47158, 372739, "class", "50", "Insecta", 0.30),
      new Top(245097, 47120, "subphylum", "57", "Chelicerata", 0),
      new Top(47119, 245097, "class", "50", "Arachnida", 0.05),
      new Top(47115, 1, "phylum", "60", "Mollusca", 0),
      new Top(47114, 47115, "class", "50", "Gastropoda", 0.04),
      new Top(47126, ROOT, "kingdom", "70", "Plantae", 0),
      new Top(211194, 47126, "phylum", "60", "Tracheophyta", 0),
      new Top(47125, 211194, "subphylum", "57", "Angiospermae", 0),
      new Top(47124, 47125, "class", "50", "Magnoliopsida", 0.19),
      new Top(47163, 47125, "class", "50", "Liliopsida", 0.06),
      new Top(121943, 211194, "class", "50", "Polypodiopsida", 0.02),
      new Top(47170, ROOT, "kingdom", "70", "Fungi", 0),
      new Top(47169, 47170, "phylum", "60", "Basidiomycota", 0),
      new Top(50814, 47169, "class", "50", "Agaricomycetes", 0.06),
      new Top(48250, 47170, "phylum", "60", "Ascomycota", 0),
      new Top(372740, 48250, "subphylum", "57", "Pezizomycotina", 0),
      new Top(54743, 372740, "class", "50", "Lecanoromycetes", 0.03),
      new Top(48222, ROOT, "kingdom", "70", "Chromista", 0),
      new Top(48221, 48222, "phylum", "60", "Ochrophyta", 0),
      new Top(57774, 48221, "class", "50", "Phaeophyceae", 0.01),
      new Top(47686, ROOT, "kingdom", "70", "Protozoa", 0),
      new Top(47685, 47686, "phylum", "60", "Mycetozoa", 0),
      new Top(47684, 47685, "class", "50", "Myxomycetes", 0.01),
  };

  /** One rank below class: its level, mean species per taxon of that rank, chance the layer exists. */
  private record Layer(String rank, String level, int meanSpecies, double presence, boolean animalsOnly) {}

  private static final Layer[] BELOW_CLASS = {
      new Layer("subclass", "47", 3000, 0.3, false),
      new Layer("order", "40", 300, 1, false),
      new Layer("suborder", "37", 120, 0.25, false),
      new Layer("zoosubsection", "33.5", 80, 0.08, true),
      new Layer("superfamily", "33", 80, 0.25, false),
      new Layer("family", "30", 30, 1, false),
      new Layer("subfamily", "27", 12, 0.4, false),
      new Layer("tribe", "25", 6, 0.4, false),
      new Layer("genus", "20", 4, 1, false),
  };

  private final SplittableRandom random;
  private final RowWriter out;
  private final Set<Integer> reserved = new HashSet<>();
  private final int[] path = new int[32];
  private int depth;
  private int nextId = 100_000;
  private int taxa;
  private int inactive;

  // Per species: its id, and the ids an observation may name instead when identified less precisely.
  private int[] species = new int[1024];
  private int[] genusOf = new int[1024];
  private int[] familyOf = new int[1024];
  private int[] subspeciesOf = new int[1024];
  private int speciesCount;
  private int currentFamily;
  private String lastGenusName = "Incertus";

  private SyntheticTaxonomy(SplittableRandom random, RowWriter out) {
    this.random = random;
    this.out = out;
    for (Top t : TOP) {
      reserved.add(t.id());
    }
  }

  /** Grows a tree with {@code speciesBudget} species (capped), writing taxa.csv rows (header included). */
  static SyntheticTaxonomy write(SplittableRandom random, int speciesBudget, RowWriter out) throws IOException {
    SyntheticTaxonomy tree = new SyntheticTaxonomy(random, out);
    out.text("taxon_id\tancestry\trank_level\trank\tname\tactive").endRow();
    tree.grow(Math.max(60, Math.min(MAX_SPECIES, speciesBudget)));
    return tree;
  }

  private void grow(int speciesBudget) throws IOException {
    double totalShare = Arrays.stream(TOP).mapToDouble(Top::share).sum();
    int given = 0;
    for (int i = 0; i < TOP.length; i++) {
      Top t = TOP[i];
      depth = 0;
      for (int up = t.parent(); up != 0; up = parentOf(up)) {
        depth++;
      }
      int d = depth;
      for (int up = t.parent(); up != 0; up = parentOf(up)) {
        path[--d] = up;
      }
      row(t.id(), t.level(), t.rank(), t.name(), true);
      if (t.share() > 0) {
        boolean last = i == lastClassIndex();
        int budget = last ? speciesBudget - given
            : Math.max(1, (int) Math.round(speciesBudget * t.share() / totalShare));
        given += budget;
        path[depth++] = t.id();
        below(0, Math.max(1, budget), inAnimalia(t.id()));
      }
    }
  }

  /** Animal taxa take zoological endings (-idae, -iformes), the others botanical ones (-aceae, -ales). */
  private static boolean inAnimalia(int id) {
    for (int up = id; up != 0; up = parentOf(up)) {
      if (up == 1) {
        return true;
      }
    }
    return false;
  }

  private static int lastClassIndex() {
    for (int i = TOP.length - 1; i >= 0; i--) {
      if (TOP[i].share() > 0) {
        return i;
      }
    }
    throw new IllegalStateException();
  }

  private static int parentOf(int id) {
    for (Top t : TOP) {
      if (t.id() == id) {
        return t.parent();
      }
    }
    throw new IllegalStateException("not in the top of the tree: " + id);
  }

  /** Grows the ranks from layer {@code layer} down under path[depth-1], for {@code budget} species. */
  private void below(int layer, int budget, boolean animal) throws IOException {
    if (layer == BELOW_CLASS.length) {
      growSpecies(budget);
      return;
    }
    Layer l = BELOW_CLASS[layer];
    if (l.presence() < 1 && (l.animalsOnly() && !animal || random.nextDouble() >= l.presence())) {
      below(layer + 1, budget, animal);
      return;
    }
    for (int share : split(budget, l.meanSpecies())) {
      int id = newId();
      boolean active = !"genus".equals(l.rank()) || random.nextInt(200) != 0;
      String name = "genus".equals(l.rank()) ? Names.genus(random) : Names.higher(random, l.rank(), animal);
      row(id, l.level(), l.rank(), name, active);
      if ("family".equals(l.rank())) {
        currentFamily = id;
      }
      path[depth++] = id;
      below(layer + 1, share, animal);
      depth--;
    }
  }

  /** Species under the genus at path[depth-1]; a few get two subspecies, a few are inactive or oddly named. */
  private void growSpecies(int count) throws IOException {
    int genus = path[depth - 1];
    String genusName = lastGenusName;
    for (int i = 0; i < count; i++) {
      int id = newId();
      String name = random.nextInt(2000) == 0 ? genusName + " sp. \"" + Names.stem(random) + "\""
          : genusName + " " + Names.epithet(random);
      row(id, "10", "species", name, random.nextInt(50) != 0);
      int subspecies = 0;
      if (random.nextInt(40) == 0) {
        path[depth++] = id;
        for (int s = 0; s < 2; s++) {
          int sub = newId();
          row(sub, "5", "subspecies", name + " " + Names.epithet(random), true);
          subspecies = subspecies == 0 ? sub : subspecies;
        }
        depth--;
      }
      addSpecies(id, genus, currentFamily, subspecies);
    }
  }

  private void row(int id, String level, String rank, String name, boolean active) throws IOException {
    out.number(id).tab().path(path, depth).tab().text(level).tab().text(rank).tab().text(name).tab()
        .text(active ? "true" : "false").endRow();
    taxa++;
    if (!active) {
      inactive++;
    }
    if ("genus".equals(rank)) {
      lastGenusName = name;
    }
  }

  private int newId() {
    do {
      nextId += random.nextInt(3) == 0 ? 2 : 1;
    } while (reserved.contains(nextId));
    return nextId;
  }

  private void addSpecies(int id, int genus, int family, int subspecies) {
    if (speciesCount == species.length) {
      int n = species.length * 2;
      species = Arrays.copyOf(species, n);
      genusOf = Arrays.copyOf(genusOf, n);
      familyOf = Arrays.copyOf(familyOf, n);
      subspeciesOf = Arrays.copyOf(subspeciesOf, n);
    }
    species[speciesCount] = id;
    genusOf[speciesCount] = genus;
    familyOf[speciesCount] = family;
    subspeciesOf[speciesCount] = subspecies;
    speciesCount++;
  }

  /**
   * Splits {@code budget} species over children of about {@code mean} species each: the number of
   * children varies ±50% and the shares follow an exponential spread, every child getting at least one.
   */
  private int[] split(int budget, int mean) {
    int k = (int) Math.max(1, Math.min(budget, Math.round(budget / (double) mean * (0.5 + random.nextDouble()))));
    double[] weights = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) {
      weights[i] = -Math.log(1 - random.nextDouble());
      sum += weights[i];
    }
    int[] shares = new int[k];
    int rest = budget - k;
    int given = 0;
    for (int i = 0; i < k; i++) {
      shares[i] = 1 + (int) (rest * weights[i] / sum);
      given += shares[i];
    }
    shares[random.nextInt(k)] += budget - given;
    return shares;
  }

  int taxaWritten() {
    return taxa;
  }

  int inactiveWritten() {
    return inactive;
  }

  int speciesCount() {
    return speciesCount;
  }

  /** The largest taxon id written: ids above it are safe to use as "missing from taxa.csv". */
  int maxId() {
    int max = nextId;
    for (Top t : TOP) {
      max = Math.max(max, t.id());
    }
    return max;
  }

  int species(int index) {
    return species[index];
  }

  int genusOf(int index) {
    return genusOf[index];
  }

  int familyOf(int index) {
    return familyOf[index];
  }

  /** A subspecies of the species, or 0 when it has none. */
  int subspeciesOf(int index) {
    return subspeciesOf[index];
  }
}
