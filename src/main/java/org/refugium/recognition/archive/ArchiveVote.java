package org.refugium.recognition.archive;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns neighbours into taxon scores: each observation votes once for its taxon with weight
 * {@code exp((cos - 1) / temperature)} (a near-duplicate counts much more than a vaguely similar
 * photo), and the votes are summed up the tree, so a genus holds the mass of its species.
 *
 * <p>Scores are shares of the total mass plus an "unknown" mass, the weight a neighbour at
 * {@code unknownCosine} would have: when every neighbour is far (a taxon the archive lacks), the
 * unknown mass dominates and no taxon gets a confident score. The answer is the most specific
 * taxon holding at least {@code threshold} of the mass (iNaturalist's common-ancestor rule uses
 * 0.78): a genus or family when the species disagree, nothing when even that is not reached.
 */
public final class ArchiveVote {

  /** Defaults, measured on the plant set (docs/recognition.md, "Learned from the archive"). */
  public static final double TEMPERATURE = 0.03;
  public static final double UNKNOWN_COSINE = 0.60;
  public static final double THRESHOLD = 0.78;
  /** Observations asked for. */
  public static final int NEIGHBOURS = 10;

  public record TaxonScore(int taxonId, double score, int depth) {}

  /**
   * @param leaves the neighbours' own taxa, best first (score = share of the mass)
   * @param answer the most specific taxon with at least the threshold, or null
   * @param rolled every taxon on a neighbour's path with its share
   */
  public record Result(List<TaxonScore> leaves, TaxonScore answer, Map<Integer, Double> rolled,
      int voters) {}

  private final double temperature;
  private final double unknownCosine;
  private final double threshold;

  public ArchiveVote(double temperature, double unknownCosine, double threshold) {
    this.temperature = temperature;
    this.unknownCosine = unknownCosine;
    this.threshold = threshold;
  }

  public static ArchiveVote defaults() {
    return new ArchiveVote(TEMPERATURE, UNKNOWN_COSINE, THRESHOLD);
  }

  public double weight(double cosine) {
    return Math.exp((cosine - 1) / temperature);
  }

  public Result vote(List<Neighbour> neighbours) {
    Map<Integer, Double> leaf = new HashMap<>();
    Map<Integer, Double> rolled = new HashMap<>();
    Map<Integer, Integer> depth = new HashMap<>();
    Set<Long> seen = new HashSet<>();
    double total = weight(unknownCosine);
    int voters = 0;
    for (Neighbour n : neighbours) {
      if (!seen.add(n.observationId())) {
        continue; // one vote per observation
      }
      voters++;
      double w = weight(n.cosine());
      total += w;
      leaf.merge(n.taxonId(), w, Double::sum);
      int[] path = n.ancestry().length > 0 ? n.ancestry() : new int[] {n.taxonId()};
      for (int i = 0; i < path.length; i++) {
        rolled.merge(path[i], w, Double::sum);
        depth.put(path[i], i);
      }
    }
    double sum = total;
    List<TaxonScore> leaves = new ArrayList<>();
    leaf.forEach((t, w) -> leaves.add(new TaxonScore(t, w / sum, depth.getOrDefault(t, 0))));
    leaves.sort(Comparator.comparingDouble(TaxonScore::score).reversed());
    Map<Integer, Double> shares = new HashMap<>();
    rolled.forEach((t, w) -> shares.put(t, w / sum));
    TaxonScore answer = null;
    for (var e : shares.entrySet()) {
      int d = depth.get(e.getKey());
      if (e.getValue() >= threshold && (answer == null || d > answer.depth())) {
        answer = new TaxonScore(e.getKey(), e.getValue(), d);
      }
    }
    return new Result(leaves, answer, shares, voters);
  }
}
