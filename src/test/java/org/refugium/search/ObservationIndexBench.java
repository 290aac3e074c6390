package org.refugium.search;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.FSDirectory;
import org.refugium.archive.Schema;
import org.refugium.archive.SqliteFiles;
import org.refugium.archive.TaxonTree;
import org.refugium.importer.PostLoad;
import org.refugium.importer.RejectLog;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;

/**
 * Throwaway measurement, not a test (surefire does not run *Bench): generates a snapshot record of N
 * observations with a synthetic taxon tree of realistic depth, photos and project links, then times the
 * SQLite read (ObservationRows vs correlated subqueries), the index build at 1 and 2 indexing threads, a
 * force merge, and a few queries before and after it. Usage: ObservationIndexBench DIR [N].
 */
public final class ObservationIndexBench {

  static final String[] LICENSES = {"CC0", "CC-BY", "CC-BY-NC", "CC-BY-SA", "CC-BY-ND", "CC-BY-NC-SA", "CC-BY-NC-ND"};
  static final String[] GRADES = {"research", "needs_id", "casual"};

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
    Files.createDirectories(dir);
    Path sqlite = dir.resolve("bench.sqlite");
    if (!Files.exists(sqlite)) {
      generate(sqlite, n);
    }
    try (Connection db = SqliteFiles.openForBulkLoad(sqlite); Progress progress = Progress.onStderr()) {
      TaxonTree tree = TaxonTree.load(db);
      timeRead("correlated subqueries per row", () -> correlated(db));
      timeRead("ObservationRows (index-only links, id-ordered scan)", () -> {
        long[] rows = {0};
        new ObservationRows(db, tree, ObservationLinks.read(db)).forEach(r -> rows[0]++);
        return rows[0];
      });
      if (args.length > 2 && args[2].equals("read")) {
        timeRead("ObservationLinks alone", () -> {
          ObservationLinks.read(db);
          return IndexFiles.count(db, "observations");
        });
        timeRead("ObservationRows again", () -> {
          long[] rows = {0};
          new ObservationRows(db, tree, ObservationLinks.read(db)).forEach(r -> rows[0]++);
          return rows[0];
        });
        timeRead("observations alone, rowid order", () -> scan(db, "SELECT id, uuid, observer_id, latitude, longitude,"
            + " positional_accuracy, taxon_id, quality_grade, observed_on, flags FROM observations", 10));
        return;
      }
      for (int threads : new int[] {1, 2}) {
        Path index = dir.resolve("index-" + threads);
        org.refugium.snapshot.SnapshotStore.deleteRecursively(index);
        long start = System.nanoTime();
        double cpu = cpuSeconds();
        Map<String, Long> counts = SearchIndexes.build(sqlite, index, progress, threads, false);
        double s = (System.nanoTime() - start) / 1e9;
        double c = cpuSeconds() - cpu;
        System.out.printf("build, %d indexing thread(s): %s in %.1fs = %.0f obs docs/s (taxa included);"
            + " CPU %.1fs = %.2f us/doc%n", threads, counts, s, counts.get(SearchIndexes.OBSERVATIONS) / s, c,
            c * 1e6 / counts.get(SearchIndexes.OBSERVATIONS));
      }
      Path obs = dir.resolve("index-2").resolve(SearchIndexes.OBSERVATIONS);
      queries("before force merge", obs, tree);
      long start = System.nanoTime();
      try (IndexWriter w = new IndexWriter(FSDirectory.open(obs),
          new IndexWriterConfig().setOpenMode(IndexWriterConfig.OpenMode.APPEND))) {
        w.forceMerge(1);
      }
      System.out.printf("force merge to 1 segment: %.1fs%n", (System.nanoTime() - start) / 1e9);
      queries("after force merge", obs, tree);
    }
  }

  interface Read {
    long run() throws Exception;
  }

  static void timeRead(String what, Read read) throws Exception {
    long start = System.nanoTime();
    double cpu = cpuSeconds();
    long rows = read.run();
    double s = (System.nanoTime() - start) / 1e9;
    double c = cpuSeconds() - cpu;
    System.out.printf("read %s: %d rows in %.1fs = %.0f rows/s; CPU %.1fs = %.2f us/row%n", what, rows, s, rows / s,
        c, c * 1e6 / rows);
  }

  /** CPU time of this process: on a shared machine wall time measures the neighbours too. */
  static double cpuSeconds() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
  }

  static long scan(Connection db, String sql, int columns) throws Exception {
    long rows = 0;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        for (int c = 1; c <= columns; c++) {
          rs.getObject(c);
        }
        rows++;
      }
    }
    return rows;
  }

  static long correlated(Connection db) throws Exception {
    long rows = 0;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT o.id, o.uuid, o.observer_id,"
        + " o.latitude, o.longitude, o.positional_accuracy, o.taxon_id, o.quality_grade, o.observed_on, o.flags,"
        + " (SELECT group_concat(license, ',') FROM photos p WHERE p.observation_uuid = o.uuid),"
        + " (SELECT group_concat(project_id, ',') FROM observations_projects j WHERE j.observation_uuid = o.uuid)"
        + " FROM observations o")) {
      while (rs.next()) {
        for (int c = 1; c <= 12; c++) {
          rs.getObject(c);
        }
        rows++;
      }
    }
    return rows;
  }

  static void queries(String label, Path index, TaxonTree tree) throws Exception {
    try (ObservationSearcher s = ObservationSearcher.open(index);
        DirectoryReader r = DirectoryReader.open(FSDirectory.open(index))) {
      System.out.printf("%s: %d segments%n", label, r.leaves().size());
      Query all = new MatchAllDocsQuery();
      Query taxon = ObservationQuery.builder(tree).taxa(List.of(1000)).build();
      Query mixed = ObservationQuery.builder(tree).qualityGrades(List.of("research")).boundingBox(30, -20, 60, 40)
          .observedBetween(LocalDate.of(2015, 1, 1), LocalDate.of(2020, 12, 31)).build();
      for (int round = 0; round < 3; round++) { // the first round warms up
        String line = String.format("  count(taxon) %s  count(mixed) %s  page(mixed, observed_on desc) %s"
                + "  page 5000 deep %s  species(all) %s  histogram(mixed, month_of_year) %s",
            ms(() -> s.count(taxon)), ms(() -> s.count(mixed)),
            ms(() -> s.search(mixed, ObservationSearcher.Order.OBSERVED_ON_DESC, 0, 30).size()),
            ms(() -> s.search(all, ObservationSearcher.Order.ID_DESC, 5000 * 30, 30).size()),
            ms(() -> s.speciesCounts(all, 500, tree).taxa()), ms(() -> s.histogram(mixed, Histogram.MONTH_OF_YEAR).size()));
        if (round == 2) {
          System.out.println(line);
        }
      }
    }
  }

  static String ms(Read r) throws Exception {
    long start = System.nanoTime();
    r.run();
    return String.format("%.1fms", (System.nanoTime() - start) / 1e6);
  }

  /** Taxa: 40 lineages 20 levels deep under the root, then ~20k species hanging off the deepest levels. */
  static void generate(Path sqlite, int n) throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    long start = System.nanoTime();
    try (Connection db = SqliteFiles.openForBulkLoad(sqlite)) {
      Schema.createTables(db);
      List<Integer> deep = new ArrayList<>();
      List<Integer> species = new ArrayList<>();
      try (PreparedStatement t = db.prepareStatement("INSERT INTO taxa (id, parent_id, ancestry, rank, rank_level,"
          + " name, active) VALUES (?, ?, ?, ?, ?, ?, 1)")) {
        addTaxon(t, TaxonTree.ROOT, null, null, "stateofmatter", 100, "Life");
        int next = 1000;
        for (int lineage = 0; lineage < 40; lineage++) {
          int parent = TaxonTree.ROOT;
          String ancestry = Integer.toString(TaxonTree.ROOT);
          for (int level = 0; level < 20; level++) {
            int id = next++;
            addTaxon(t, id, parent, ancestry, "clade", 90 - level * 4, "Clade" + id);
            ancestry = ancestry + "/" + id;
            parent = id;
            if (level >= 17) {
              deep.add(id);
            }
          }
        }
        for (int i = 0; i < 20_000; i++) {
          int parent = deep.get(random.nextInt(deep.size()));
          int id = next++;
          addTaxon(t, id, parent, null, "species", 10, "Genus species" + id);
          species.add(id);
        }
        t.executeBatch();
      }
      try (Statement st = db.createStatement()) { // ancestry of the species from their parents
        st.executeUpdate("UPDATE taxa SET ancestry = (SELECT p.ancestry || '/' || p.id FROM taxa p"
            + " WHERE p.id = taxa.parent_id) WHERE ancestry IS NULL AND parent_id IS NOT NULL");
      }
      try (PreparedStatement o = db.prepareStatement("INSERT INTO observations (id, uuid, observer_id, latitude,"
          + " longitude, positional_accuracy, taxon_id, quality_grade, observed_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
          PreparedStatement p = db.prepareStatement("INSERT INTO photos (photo_id, uuid, observation_uuid, observer_id,"
              + " extension, license, width, height, position) VALUES (?, ?, ?, ?, 'jpg', ?, 2048, 1536, ?)");
          PreparedStatement j = db.prepareStatement(
              "INSERT INTO observations_projects (observation_uuid, project_id) VALUES (?, ?)")) {
        long photoId = 1;
        for (int i = 0; i < n; i++) {
          String uuid = new UUID(random.nextLong(), random.nextLong()).toString();
          int observer = 1 + random.nextInt(100_000);
          o.setLong(1, i + 2);
          o.setString(2, uuid);
          o.setInt(3, observer);
          if (random.nextInt(20) > 0) {
            o.setDouble(4, random.nextDouble(-60, 75));
            o.setDouble(5, random.nextDouble(-180, 180));
          } else {
            o.setNull(4, java.sql.Types.REAL);
            o.setNull(5, java.sql.Types.REAL);
          }
          o.setInt(6, random.nextInt(500));
          o.setInt(7, random.nextInt(500) == 0 ? 9_000_000 + random.nextInt(1000) : species.get(random.nextInt(species.size())));
          o.setString(8, GRADES[random.nextInt(3)]);
          o.setString(9, LocalDate.ofEpochDay(LocalDate.of(2000, 1, 1).toEpochDay() + random.nextInt(9000)).toString());
          o.addBatch();
          int photos = random.nextInt(4); // 0..3, mean 1.5
          for (int k = 0; k < photos; k++) {
            p.setLong(1, photoId++);
            p.setString(2, new UUID(random.nextLong(), random.nextLong()).toString());
            p.setString(3, uuid);
            p.setInt(4, observer);
            p.setString(5, LICENSES[random.nextInt(LICENSES.length)]);
            p.setInt(6, k);
            p.addBatch();
          }
          if (random.nextInt(20) == 0) {
            j.setString(1, uuid);
            j.setInt(2, 1 + random.nextInt(500));
            j.addBatch();
          }
          if (i % 10_000 == 9_999) {
            o.executeBatch();
            p.executeBatch();
            j.executeBatch();
          }
        }
        o.executeBatch();
        p.executeBatch();
        j.executeBatch();
      }
      db.commit();
      try (RejectLog rejects = new RejectLog(sqlite.resolveSibling("rejects.tsv.gz"));
          Progress progress = Progress.silent()) {
        new PostLoad(db, rejects, progress, SnapshotImporter.DEFAULT_SUMMARIES_FROM).run();
      }
    }
    System.out.printf("generated %d observations in %.1fs%n", n, (System.nanoTime() - start) / 1e9);
  }

  private static void addTaxon(PreparedStatement t, int id, Integer parent, String ancestry, String rank,
      double level, String name) throws Exception {
    t.setInt(1, id);
    if (parent == null) {
      t.setNull(2, java.sql.Types.INTEGER);
    } else {
      t.setInt(2, parent);
    }
    t.setString(3, ancestry);
    t.setString(4, rank);
    t.setDouble(5, level);
    t.setString(6, name);
    t.addBatch();
  }
}
