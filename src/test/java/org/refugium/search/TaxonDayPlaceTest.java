package org.refugium.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.archive.TaxonTree;
import org.refugium.generator.ExportGenerator;
import org.refugium.generator.ExportSpec;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import org.refugium.testing.Snapshots;

/**
 * The combined taxon/day/place field answers exactly what the own fields answer, and what SQL answers from the record:
 * on a generated export with unlocated, undated, taxon-less and orphan observations, for searches built around real
 * observations and for the edges (open date ranges, a whole-world box, a box across the antimeridian).
 */
class TaxonDayPlaceTest {

  @TempDir
  static Path tmp;

  static Connection db;
  static ObservationSearcher searcher;
  static TaxonTree tree;
  static Path indexDir;

  @BeforeAll
  static void importGenerated() throws Exception {
    Path export = tmp.resolve("gen/inaturalist-open-data-20250927.tar.gz");
    new ExportGenerator(Progress.silent()).generate(new ExportSpec(20_000, 3, LocalDate.of(2025, 9, 27),
        ExportSpec.Layout.CURRENT, ExportSpec.Format.TARBALL, export, 1));
    SnapshotImporter.Result result = Snapshots.importOpenData(tmp.resolve("data"), "gen", export);
    db = Snapshots.open(result);
    indexDir = result.directory().resolve(SnapshotImporter.INDEX_DIR).resolve(SearchIndexes.OBSERVATIONS);
    searcher = ObservationSearcher.open(indexDir);
    tree = TaxonTree.load(db);
  }

  @AfterAll
  static void close() throws Exception {
    searcher.close();
    db.close();
  }

  @Test
  void theGeneratedExportHasEveryKindOfGap() throws Exception {
    assertThat(searcher.taxonDayPlace()).isNotNull();
    assertThat(Snapshots.scalar(db, "SELECT count(*) FROM observations WHERE latitude IS NULL")).isPositive();
    assertThat(Snapshots.scalar(db, "SELECT count(*) FROM observations WHERE observed_on IS NULL")).isPositive();
    assertThat(Snapshots.scalar(db, "SELECT count(*) FROM observations WHERE taxon_id IS NULL")).isPositive();
    assertThat(Snapshots.scalar(db, "SELECT count(*) FROM observations WHERE flags & 1")).isPositive();
  }

  @Test
  void theFieldHasFilesOfItsOwnWithSmallLeaves() throws Exception {
    List<String> files;
    try (var list = java.nio.file.Files.list(indexDir)) {
      files = list.map(f -> f.getFileName().toString()).toList();
    }
    assertThat(files).anyMatch(f -> f.endsWith("_" + ObservationsCodec.FINE_SUFFIX + ".kdd"));
    try (var reader = org.apache.lucene.index.DirectoryReader.open(org.apache.lucene.store.FSDirectory.open(indexDir))) {
      var leaf = reader.leaves().get(0).reader();
      assertThat(leaf.getPointValues(ObservationFields.TAXON_DAY_PLACE).size()).isEqualTo(leaf.maxDoc());
      assertThat(leaf.getPointValues(ObservationFields.TAXON_DAY_PLACE).getNumIndexDimensions()).isEqualTo(4);
      assertThat(leaf.getPointValues(ObservationFields.ID).size()).isEqualTo(leaf.maxDoc());
      assertThat(firstLeafSize(leaf.getPointValues(ObservationFields.TAXON_DAY_PLACE)))
          .isLessThanOrEqualTo(ObservationsCodec.FINE_LEAF);
      assertThat(firstLeafSize(leaf.getPointValues(ObservationFields.ID))).as("Lucene's leaves for the others")
          .isGreaterThan(ObservationsCodec.FINE_LEAF);
    }
  }

  private static long firstLeafSize(org.apache.lucene.index.PointValues values) throws java.io.IOException {
    var tree = values.getPointTree();
    while (tree.moveToChild()) {
      // down the leftmost path
    }
    return tree.size();
  }

  @Test
  void searchesAroundRealObservationsMatchTheOwnFieldsAndSql() throws Exception {
    SplittableRandom random = new SplittableRandom(5);
    // ids are sparse (iNaturalist's, or stable ids from 2^52 up: docs/ids.md), so draw from the rows themselves
    List<Long> candidates = new java.util.ArrayList<>();
    try (var st = db.createStatement(); var rs = st.executeQuery("SELECT o.id FROM observations o JOIN taxa t"
        + " ON t.id = o.taxon_id WHERE o.latitude IS NOT NULL AND o.observed_on IS NOT NULL ORDER BY o.id")) {
      while (rs.next()) {
        candidates.add(rs.getLong(1));
      }
    }
    assertThat(candidates).as("located, dated observations of known taxa").hasSizeGreaterThan(1_000);
    int checked = 0;
    int nonEmpty = 0;
    try (PreparedStatement ps = db.prepareStatement("SELECT o.latitude, o.longitude, o.observed_on, t.ancestry"
        + " FROM observations o JOIN taxa t ON t.id = o.taxon_id WHERE o.id = ? AND o.latitude IS NOT NULL"
        + " AND o.observed_on IS NOT NULL")) {
      while (checked < 150) {
        ps.setLong(1, candidates.get(random.nextInt(candidates.size())));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            continue;
          }
          double lat = rs.getDouble(1);
          double lng = rs.getDouble(2);
          LocalDate day = LocalDate.parse(rs.getString(3));
          String[] ancestors = rs.getString(4).split("/");
          int taxon = Integer.parseInt(ancestors[random.nextInt(ancestors.length)]);
          double h = 0.5 + random.nextDouble() * 5;
          LocalDate d1 = day.minusDays(random.nextInt(1500));
          LocalDate d2 = day.plusDays(random.nextInt(400));
          double swLat = Math.max(-90, lat - h);
          double neLat = Math.min(90, lat + h);
          double swLng = Math.max(-180, lng - 1.5 * h);
          double neLng = Math.min(180, lng + 1.5 * h);
          long hits = check(q -> q.taxa(List.of(taxon)).boundingBox(swLat, swLng, neLat, neLng).observedBetween(d1, d2),
              sql(taxon, d1, d2, swLat, swLng, neLat, neLng));
          check(q -> q.taxa(List.of(taxon)).observedBetween(d1, d2), sql(taxon, d1, d2, null, null, null, null));
          check(q -> q.taxa(List.of(taxon)).boundingBox(swLat, swLng, neLat, neLng),
              sql(taxon, null, null, swLat, swLng, neLat, neLng));
          check(q -> q.boundingBox(swLat, swLng, neLat, neLng).observedBetween(d1, null),
              sql(null, d1, null, swLat, swLng, neLat, neLng));
          nonEmpty += hits > 0 ? 1 : 0;
          checked++;
        }
      }
    }
    assertThat(nonEmpty).as("searches around a real observation find it").isEqualTo(checked);
  }

  @Test
  void edgesFallBackToTheOwnFieldsWithTheSameAnswer() throws Exception {
    int life = 48460;
    LocalDate d1 = LocalDate.of(2015, 1, 1);
    LocalDate d2 = LocalDate.of(2020, 12, 31);
    assertThat(check(q -> q.taxa(List.of(life)).boundingBox(-90, -180, 90, 180).observedBetween(d1, d2),
        sql(life, d1, d2, -90.0, -180.0, 90.0, 180.0), false)).as("whole world: every located observation").isPositive();
    assertThat(check(q -> q.taxa(List.of(life)).observedBetween(null, d2), sql(life, null, d2, null, null, null, null)))
        .isPositive();
    assertThat(check(q -> q.taxa(List.of(life)).boundingBox(-90, -170, 10, 180),
        sql(life, null, null, -90.0, -170.0, 10.0, 180.0))).isPositive();
    // across the antimeridian: two boxes, answered by the location field (taxon and dates still by the combined one)
    long east = sql(life, d1, d2, -60.0, 100.0, 60.0, 180.0);
    long west = sql(life, d1, d2, -60.0, -180.0, 60.0, -100.0);
    assertThat(check(q -> q.taxa(List.of(life)).boundingBox(-60, 100, 60, -100).observedBetween(d1, d2), east + west))
        .isPositive();
  }

  /**
   * Counts and ids with the combined field equal those without it; the count equals SQL's; the query uses the field
   * (or falls back to the own fields, where it cannot say the filter exactly). Returns the count.
   */
  private static long check(UnaryOperator<ObservationQuery> filters, long expected) throws Exception {
    return check(filters, expected, true);
  }

  private static long check(UnaryOperator<ObservationQuery> filters, long expected, boolean usesField)
      throws Exception {
    Query combined = filters.apply(ObservationQuery.builder(tree).withTaxonDayPlace(searcher.taxonDayPlace())).build();
    assertThat(combined.toString().contains(ObservationFields.TAXON_DAY_PLACE)).as(combined.toString())
        .isEqualTo(usesField);
    Query own = filters.apply(ObservationQuery.builder(tree)).build();
    List<Long> a = searcher.search(combined, ObservationSearcher.Order.ID_ASC, 0, 100_000);
    List<Long> b = searcher.search(own, ObservationSearcher.Order.ID_ASC, 0, 100_000);
    assertThat(a).as(combined.toString()).isEqualTo(b);
    assertThat((long) a.size()).as(combined.toString()).isEqualTo(expected).isEqualTo(searcher.count(combined));
    return a.size();
  }

  private static long sql(Integer taxon, LocalDate d1, LocalDate d2, Double swLat, Double swLng, Double neLat,
      Double neLng) throws Exception {
    List<String> where = new ArrayList<>();
    List<Object> args = new ArrayList<>();
    if (taxon != null) {
      where.add("o.taxon_id IN (SELECT id FROM taxa WHERE tree_left BETWEEN ? AND ?)");
      args.add(tree.left(taxon));
      args.add(tree.right(taxon));
    }
    if (d1 != null) {
      where.add("o.observed_on >= ?");
      args.add(d1.toString());
    }
    if (d2 != null) {
      where.add("o.observed_on <= ?");
      args.add(d2.toString());
    }
    if (d1 == null && d2 == null && taxon == null && swLat == null) {
      throw new IllegalArgumentException("no filter");
    }
    if (swLat != null) {
      where.add("o.latitude BETWEEN ? AND ?");
      args.add(swLat);
      args.add(neLat);
      where.add("o.longitude BETWEEN ? AND ?");
      args.add(swLng);
      args.add(neLng);
    }
    try (PreparedStatement ps = db.prepareStatement("SELECT count(*) FROM observations o WHERE "
        + String.join(" AND ", where))) {
      for (int i = 0; i < args.size(); i++) {
        ps.setObject(i + 1, args.get(i));
      }
      try (ResultSet rs = ps.executeQuery()) {
        return rs.getLong(1);
      }
    }
  }
}
