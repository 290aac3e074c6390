package org.refugium.importer;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.apache.lucene.geo.GeoEncodingUtils;
import org.refugium.archive.TaxonTree;
import org.refugium.search.IntCounts;
import org.refugium.search.ObservationSummary;
import org.refugium.search.SummaryBuilder;
import org.refugium.search.SummaryTable;

/**
 * The taxon_summaries rows: what the taxon page of a taxon with many observations shows about them, counted once
 * here instead of per request (a pass over Life's 10M observations took 12.7 s). PostLoad's one scan of
 * observations hands each observation of a taxon in the tree to {@link #add}; which taxa are big is only known once
 * that scan has counted them, so the observation is kept as five int columns (20 bytes: 200 MB at 10M, for seconds).
 * {@link #write} then feeds one {@link SummaryBuilder} per big taxon with each observation under it, in the
 * builder's two passes over those columns. Values are the ones the index would read (same date parsing, same
 * coordinate encoding, same validity rules as {@code ObservationFields.document}), so a page is the same whether its
 * summary comes from this table or from a live pass.
 */
final class TaxonSummaries {

  /** Taxa with at least this many observations get a row: below it a live pass is a few milliseconds. */
  static final int DEFAULT_FROM = 20_000;

  private static final int RESEARCH = 1;
  private static final int LOCATED = 2;
  private static final int[] NONE = {};

  /**
   * One int per observation, computed by SQLite in PostLoad's scan (one column instead of four: the JDBC calls per
   * column were most of the scan's extra cost): bit 0 research grade, bit 1 has coordinates, bits 2–5 the month
   * (0: undated), bits 6– the year. observed_on is a real YYYY-MM-DD or null (checked at load), so the year and
   * month are the ones the index derives from it.
   */
  static final String WHEN_SQL = "(quality_grade IS 'research') + 2 * (latitude IS NOT NULL AND longitude IS NOT NULL)"
      + " + coalesce(substr(observed_on, 1, 4) * 64 + substr(observed_on, 6, 2) * 4, 0)";

  private final TaxonTree tree;
  private final int from;
  private int size;
  private int[] taxon = new int[1 << 16];
  private int[] observer = new int[1 << 16];
  /** {@link #WHEN_SQL}'s value. */
  private int[] when = new int[1 << 16];
  private int[] lat = new int[1 << 16];
  private int[] lng = new int[1 << 16];

  TaxonSummaries(TaxonTree tree, int from) {
    this.tree = tree;
    this.from = from;
  }

  /** Whether a {@link #WHEN_SQL} value says the observation has coordinates. */
  static boolean located(int when) {
    return (when & LOCATED) != 0;
  }

  /**
   * One observation of {@code taxonId} (a taxon of the tree): its observer or {@link SummaryBuilder#NO_OBSERVER}, its
   * {@link #WHEN_SQL} value, and its coordinates (read only when that says it has some).
   */
  void add(int taxonId, int observerId, int when, double latitude, double longitude) {
    if (size == taxon.length) {
      int grown = size * 2;
      taxon = Arrays.copyOf(taxon, grown);
      observer = Arrays.copyOf(observer, grown);
      this.when = Arrays.copyOf(this.when, grown);
      lat = Arrays.copyOf(lat, grown);
      lng = Arrays.copyOf(lng, grown);
    }
    int w = when;
    // as the index: coordinates out of range are not a location (the import rejects them anyway)
    if ((w & LOCATED) != 0 && latitude >= -90 && latitude <= 90 && longitude >= -180 && longitude <= 180) {
      lat[size] = GeoEncodingUtils.encodeLatitude(latitude);
      lng[size] = GeoEncodingUtils.encodeLongitude(longitude);
    } else {
      w &= ~LOCATED;
    }
    taxon[size] = taxonId;
    observer[size] = observerId;
    this.when[size] = w;
    size++;
  }

  /**
   * Writes a row for every taxon with at least {@code from} observations.
   *
   * @param observations per taxon id, descendants included (PostLoad's counts)
   * @return how many rows
   */
  int write(Connection db, long[] observations) throws SQLException {
    int[] big = new int[tree.maxId() + 1]; // taxon id -> builder index, -1 when not big
    Arrays.fill(big, -1);
    int[] bigTaxa = new int[big.length];
    int count = 0;
    for (int id = 0; id < big.length; id++) {
      if (tree.contains(id) && observations[id] >= from) {
        bigTaxa[count] = id;
        big[id] = count++;
      }
    }
    SummaryBuilder[] builders = new SummaryBuilder[count];
    for (int i = 0; i < count; i++) {
      builders[i] = new SummaryBuilder();
    }
    int[][] chains = bigAncestors(big);
    // children before parents: a big taxon has more big taxa on its chain than its big parent
    Integer[] childrenFirst = new Integer[count];
    for (int i = 0; i < count; i++) {
      childrenFirst[i] = i;
    }
    Arrays.sort(childrenFirst, (x, y) -> Integer.compare(chains[bigTaxa[y]].length, chains[bigTaxa[x]].length));

    // First pass: each observation counted once, in its deepest big taxon; the sums then roll up the tree.
    for (int i = 0; i < size; i++) {
      int[] chain = chains[taxon[i]];
      if (chain.length > 0) {
        int w = when[i];
        builders[chain[0]].count(observer[i], w >>> 6, w >>> 2 & 15, (w & RESEARCH) != 0, (w & LOCATED) != 0, lat[i],
            lng[i]);
      }
    }
    for (int b : childrenFirst) {
      int[] chain = chains[bigTaxa[b]];
      if (chain.length > 1) {
        builders[chain[1]].add(builders[b]);
      }
    }
    IntCounts topAnywhere = new IntCounts();
    for (SummaryBuilder b : builders) {
      b.startPlacing();
      for (int user : b.topObservers()) {
        topAnywhere.add(user, 1);
      }
    }
    // Second pass: an observation's cell is counted in the deepest taxon of each run of big ancestors that share a
    // grid (most of the top of the tree draws the whole world at 5°) and rolled up along the run; species only
    // matter for observations of someone's top observers.
    int[] speciesOf = tree.speciesOfEach();
    for (int i = 0; i < size; i++) {
      int[] chain = chains[taxon[i]];
      if ((when[i] & LOCATED) != 0) {
        for (int k = 0; k < chain.length; k++) {
          if (k == 0 || builders[chain[k]].cellDegrees() != builders[chain[k - 1]].cellDegrees()) {
            builders[chain[k]].placeCell(lat[i], lng[i]);
          }
        }
      }
      if (observer[i] != SummaryBuilder.NO_OBSERVER && topAnywhere.contains(observer[i])) {
        for (int b : chain) {
          builders[b].placeSpecies(observer[i], speciesOf[taxon[i]]);
        }
      }
    }
    for (int b : childrenFirst) {
      int[] chain = chains[bigTaxa[b]];
      if (chain.length > 1 && builders[chain[1]].cellDegrees() == builders[b].cellDegrees()) {
        builders[chain[1]].addCells(builders[b]);
      }
    }
    Map<Integer, ObservationSummary> rows = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      rows.put(bigTaxa[i], builders[i].build());
    }
    SummaryTable.write(db, rows);
    return count;
  }

  /** Per taxon id, the builder indexes of the big taxa among the taxon and its ancestors. */
  private int[][] bigAncestors(int[] big) {
    int[][] out = new int[big.length][];
    int[] path = TaxonTree.pathBuffer();
    int[] found = new int[path.length];
    for (int id = 0; id < big.length; id++) {
      int n = tree.selfAndAncestors(id, path);
      int k = 0;
      for (int i = 0; i < n; i++) {
        if (big[path[i]] >= 0) {
          found[k++] = big[path[i]];
        }
      }
      out[id] = k == 0 ? NONE : Arrays.copyOf(found, k);
    }
    return out;
  }
}
