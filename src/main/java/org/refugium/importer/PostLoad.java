package org.refugium.importer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.refugium.archive.Schema;
import org.refugium.archive.TaxonTree;
import org.refugium.progress.Progress;
import org.refugium.search.SummaryBuilder;

/**
 * What the record needs once the rows are in: indexes, duplicate keys removed (and logged), orphans
 * flagged, and the data derived from the whole tree that pages and the API read directly: each taxon's
 * observation count including descendants, its observed species count, and its iconic taxon.
 */
public final class PostLoad {

  /** Bit in observations.flags: the observation's taxon is not in taxa.csv (~400k of them in a full export). */
  public static final int FLAG_UNKNOWN_TAXON = 1;


  private final Connection db;
  private final RejectLog rejects;
  private final Progress progress;

  private final int summariesFrom;
  /** Set by deriveTaxonCounts: fed by its scan, written once the counts say which taxa are big. */
  private TaxonSummaries summaries;
  private long[] observationsPerTaxon;
  private List<ObservationIds.Enrichment> enrichments = List.of();
  private long idDuplicates;
  private long realIdConflicts;
  private long stableCollisions;

  /** @param summariesFrom taxa with at least this many observations get a taxon_summaries row */
  public PostLoad(Connection db, RejectLog rejects, Progress progress, int summariesFrom) {
    this.db = db;
    this.rejects = rejects;
    this.progress = progress;
    this.summariesFrom = summariesFrom;
  }

  /** Fields an enrichment gives the observations, taken while their ids are assigned (see ObservationIds). */
  public PostLoad enrichedBy(List<ObservationIds.Enrichment> e) {
    this.enrichments = List.copyOf(e);
    return this;
  }

  public void run() throws SQLException, IOException {
    timed(enrichments.isEmpty() ? "assigning ids (real, else stable)" : "assigning ids, joining the enrichment",
        () -> {
      ObservationIds ids = new ObservationIds(db, rejects).enrichedBy(enrichments);
      ids.assign();
      idDuplicates = ids.duplicates();
      realIdConflicts = ids.realIdConflicts();
      stableCollisions = ids.stableCollisions();
    });
    timed("creating indexes", () -> Schema.createIndexes(db));
    timed("deriving taxon counts, flagging orphans", this::deriveTaxonCounts);
    timed("summarizing taxa of " + summariesFrom + "+ observations", () -> {
      int rows = summaries.write(db, observationsPerTaxon);
      summaries = null; // the columns it kept: hundreds of MB at 10M
      progress.say("  " + rows + " taxon summaries");
    });
    timed("analyzing", () -> {
      try (Statement st = db.createStatement()) {
        st.execute("ANALYZE");
      }
    });
    db.commit();
  }

  private interface Step {
    void run() throws SQLException, IOException;
  }

  private void timed(String what, Step step) throws SQLException, IOException {
    long start = System.nanoTime();
    step.run();
    progress.say(String.format("  %-40s %6.1fs", what, (System.nanoTime() - start) / 1e9));
  }


  private void flagOrphans(java.util.Map<Long, Long> missing, List<Long> orphanIds) throws SQLException {
    try (PreparedStatement flag = db.prepareStatement(
        "UPDATE observations SET flags = flags | " + FLAG_UNKNOWN_TAXON + " WHERE id = ?")) {
      for (long id : orphanIds) {
        flag.setLong(1, id);
        flag.addBatch();
      }
      flag.executeBatch();
    }
    try (PreparedStatement insert = db.prepareStatement(
        "INSERT INTO missing_taxa (taxon_id, observations_count) VALUES (?, ?)")) {
      for (var e : missing.entrySet()) {
        insert.setLong(1, e.getKey());
        insert.setLong(2, e.getValue());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  /** Observations an enrichment gave an iNaturalist id that another one holds (kept under their stable id). */
  public long realIdConflicts() {
    return realIdConflicts;
  }

  /** Observations whose derived id collided with a lower uuid's and moved to the next free one. */
  public long stableCollisions() {
    return stableCollisions;
  }

  /** Rows whose uuid repeats an earlier row's: rejected, the first kept (ObservationIds). */
  public long duplicateObservations() {
    return idDuplicates;
  }

  /**
   * One scan of observations counts them per taxon in an array (faster than an index on taxon_id, which
   * the server does not need), then walks each observed taxon's ancestors once. Observations of taxa
   * missing from the tree are flagged by id and listed in missing_taxa.
   */
  private void deriveTaxonCounts() throws SQLException {
    TaxonTree tree = TaxonTree.load(db);
    int[] observedPerTaxon = new int[tree.maxId() + 1];
    java.util.Map<Long, Long> missing = new java.util.TreeMap<>();
    List<Long> orphanIds = new ArrayList<>();
    int[] speciesOf = tree.speciesOfEach();
    ObserverTotals observers = new ObserverTotals(speciesOf);
    summaries = new TaxonSummaries(tree, summariesFrom);
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, taxon_id, observer_id, latitude, longitude, "
            + TaxonSummaries.WHEN_SQL + " FROM observations")) {
      while (rs.next()) {
        long taxon = rs.getLong(2);
        boolean identified = !rs.wasNull();
        long observer = rs.getLong(3);
        boolean observed = !rs.wasNull();
        if (observed) {
          observers.add(observer, identified ? taxon : -1);
        }
        if (!identified) {
          continue;
        }
        if (tree.contains(taxon)) {
          observedPerTaxon[(int) taxon]++;
          int when = rs.getInt(6);
          boolean located = TaxonSummaries.located(when);
          summaries.add((int) taxon, observed ? (int) observer : SummaryBuilder.NO_OBSERVER, when,
              located ? rs.getDouble(4) : 0, located ? rs.getDouble(5) : 0);
        } else {
          missing.merge(taxon, 1L, Long::sum);
          orphanIds.add(rs.getLong(1));
        }
      }
    }
    flagOrphans(missing, orphanIds);
    observers.write(db);
    long[] observations = new long[tree.maxId() + 1];
    observationsPerTaxon = observations;
    int[] species = new int[tree.maxId() + 1];
    int[] path = TaxonTree.pathBuffer();
    boolean[] speciesSeen = new boolean[tree.maxId() + 1];
    for (int taxon = 0; taxon <= tree.maxId(); taxon++) {
      int n = observedPerTaxon[taxon];
      if (n == 0) {
        continue;
      }
      int depth = tree.selfAndAncestors(taxon, path);
      int speciesAt = -1;
      for (int i = 0; i < depth; i++) {
        observations[path[i]] += n;
        if (speciesAt < 0 && path[i] == speciesOf[taxon]) {
          speciesAt = i;
        }
      }
      if (speciesAt >= 0 && !speciesSeen[path[speciesAt]]) {
        speciesSeen[path[speciesAt]] = true;
        for (int i = speciesAt; i < depth; i++) {
          species[path[i]]++;
        }
      }
    }
    try (PreparedStatement update = db.prepareStatement(
        "UPDATE taxa SET observations_count = ?, species_count = ?, iconic_taxon_id = ?, tree_left = ?,"
            + " tree_right = ? WHERE id = ?")) {
      int batched = 0;
      for (int id = 0; id <= tree.maxId(); id++) {
        if (!tree.contains(id)) {
          continue;
        }
        int iconic = tree.iconicTaxon(id, path);
        update.setLong(1, observations[id]);
        update.setInt(2, species[id]);
        if (iconic < 0) {
          update.setNull(3, java.sql.Types.INTEGER);
        } else {
          update.setInt(3, iconic);
        }
        update.setInt(4, tree.left(id));
        update.setInt(5, tree.right(id));
        update.setInt(6, id);
        update.addBatch();
        if (++batched % 10_000 == 0) {
          update.executeBatch();
        }
      }
      update.executeBatch();
    }
  }
}
