package org.refugium.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.SnapshotImporter;

/** The observations index of the real sample, checked against the SQLite record it was built from. */
class ObservationIndexTest {

  /** Hylidae (tree frogs): two species of Pseudacris observed in the sample, none at the family itself. */
  private static final int HYLIDAE = 23540;

  @TempDir
  static Path dataDir;

  static Connection db;
  static ObservationSearcher searcher;
  static Path database;
  static org.refugium.archive.TaxonTree tree;

  @BeforeAll
  static void importSample() throws Exception {
    Path snapshot = SampleSnapshot.importInto(dataDir);
    database = snapshot.resolve(SnapshotImporter.DATABASE);
    db = SampleSnapshot.open(database);
    searcher = ObservationSearcher.open(snapshot.resolve(SnapshotImporter.INDEX_DIR).resolve(SearchIndexes.OBSERVATIONS));
    tree = org.refugium.archive.TaxonTree.load(db);
  }

  @AfterAll
  static void close() throws Exception {
    searcher.close();
    db.close();
  }

  @Test
  void oneDocumentPerObservation() throws Exception {
    long rows = SampleSnapshot.count(db, "SELECT count(*) FROM observations");
    assertThat(rows).isEqualTo(32);
    assertThat(searcher.count(new MatchAllDocsQuery())).isEqualTo(rows);
  }

  @Test
  void taxonFilterFindsObservationsOfDescendants() throws Exception {
    long expected = sqlDescendantObservations(HYLIDAE);
    assertThat(expected).as("the sample has tree frogs").isGreaterThanOrEqualTo(2);
    assertThat(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE taxon_id = " + HYLIDAE)).isZero();
    assertThat(searcher.count(ObservationQuery.builder(tree).taxa(List.of(HYLIDAE)).build())).isEqualTo(expected);
    assertThat(searcher.count(ObservationQuery.builder(tree).exactTaxa(List.of(HYLIDAE)).build())).isZero();
  }

  @Test
  void everyTaxonFilterAgreesWithTheAncestryInSqlite() throws Exception {
    for (long taxon : SampleSnapshot.longs(db, "SELECT id FROM taxa")) {
      assertThat(searcher.count(ObservationQuery.builder(tree).taxa(List.of((int) taxon)).build()))
          .as("taxon %d", taxon).isEqualTo(sqlDescendantObservations(taxon));
    }
    long all = SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE taxon_id IS NOT NULL");
    long withoutFrogs = searcher.count(ObservationQuery.builder(tree).withoutTaxa(List.of(HYLIDAE)).build());
    assertThat(withoutFrogs).isEqualTo(
        SampleSnapshot.count(db, "SELECT count(*) FROM observations") - sqlDescendantObservations(HYLIDAE));
    assertThat(all).isPositive();
  }

  @Test
  void boundingBoxAndRadius() throws Exception {
    // the conterminous United States
    long expected = SampleSnapshot.count(db, "SELECT count(*) FROM observations"
        + " WHERE latitude BETWEEN 24 AND 50 AND longitude BETWEEN -125 AND -66");
    assertThat(expected).isBetween(1L, 31L);
    assertThat(searcher.count(ObservationQuery.builder(tree).boundingBox(24, -125, 50, -66).build())).isEqualTo(expected);

    double lat = 40;
    double lng = -95;
    double km = 1500;
    long inCircle = 0;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT latitude, longitude FROM observations WHERE latitude IS NOT NULL")) {
      while (rs.next()) {
        if (haversineKm(lat, lng, rs.getDouble(1), rs.getDouble(2)) <= km) {
          inCircle++;
        }
      }
    }
    assertThat(inCircle).isPositive();
    assertThat(searcher.count(ObservationQuery.builder(tree).circle(lat, lng, km).build())).isEqualTo(inCircle);
  }

  @Test
  void dateRangeDayAndYearLists() throws Exception {
    long expected = SampleSnapshot.count(db,
        "SELECT count(*) FROM observations WHERE observed_on BETWEEN '2018-01-01' AND '2020-12-31'");
    assertThat(expected).isBetween(1L, 31L);
    Query range = ObservationQuery.builder(tree)
        .observedBetween(LocalDate.parse("2018-01-01"), LocalDate.parse("2020-12-31")).build();
    assertThat(searcher.count(range)).isEqualTo(expected);
    assertThat(searcher.count(ObservationQuery.builder(tree).observedBetween(LocalDate.parse("2018-01-01"), null).build()))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE observed_on >= '2018-01-01'"));
    assertThat(searcher.count(ObservationQuery.builder(tree).observedOn(LocalDate.parse("2017-09-08")).build()))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE observed_on = '2017-09-08'"))
        .isPositive();
    assertThat(searcher.count(ObservationQuery.builder(tree).years(List.of(2017, 2018)).months(List.of(6, 9)).build()))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE substr(observed_on, 1, 4)"
            + " IN ('2017', '2018') AND substr(observed_on, 6, 2) IN ('06', '09')"));
  }

  @Test
  void qualityObserverPhotosLicensesAndIds() throws Exception {
    assertThat(searcher.count(ObservationQuery.builder(tree).qualityGrades(List.of("research")).build()))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE quality_grade = 'research'"));
    assertThat(searcher.count(ObservationQuery.builder(tree).observers(List.of(615549, 11861)).build()))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE observer_id IN (615549, 11861)"));
    long withPhotos = SampleSnapshot.count(db, "SELECT count(*) FROM observations o"
        + " WHERE EXISTS (SELECT 1 FROM photos p WHERE p.observation_uuid = o.uuid)");
    assertThat(searcher.count(ObservationQuery.builder(tree).hasPhotos(true).build())).isEqualTo(withPhotos);
    assertThat(searcher.count(ObservationQuery.builder(tree).hasPhotos(false).build()))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations") - withPhotos);
    assertThat(searcher.count(ObservationQuery.builder(tree).photoLicenses(List.of("cc-by-nc-sa", "CC0")).build()))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations o WHERE EXISTS (SELECT 1 FROM photos p"
            + " WHERE p.observation_uuid = o.uuid AND p.license IN ('CC-BY-NC-SA', 'CC0'))"))
        .isPositive();
    assertThat(searcher.count(ObservationQuery.builder(tree).idAbove(10).idBelow(20).build()))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE id > 10 AND id < 20"));
    assertThat(searcher.count(ObservationQuery.builder(tree).orphan(true).build()))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE flags & 1"));
    assertThat(searcher.count(ObservationQuery.builder(tree).orphan(false).build()))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE NOT flags & 1"));
  }

  @Test
  void pagesInIdOrderAtAnyDepth() throws Exception {
    List<Long> all = SampleSnapshot.longs(db, "SELECT id FROM observations ORDER BY id");
    Query q = new MatchAllDocsQuery();
    assertThat(searcher.search(q, ObservationSearcher.Order.ID_ASC, 0, 100)).isEqualTo(all);
    assertThat(searcher.search(q, ObservationSearcher.Order.ID_ASC, 30, 10)).isEqualTo(all.subList(30, all.size()));
    assertThat(searcher.search(q, ObservationSearcher.Order.ID_ASC, 40, 10)).isEmpty();
    List<Long> reversed = new ArrayList<>(all);
    java.util.Collections.reverse(reversed);
    assertThat(searcher.search(q, ObservationSearcher.Order.ID_DESC, 5, 7)).isEqualTo(reversed.subList(5, 12));
    // rounds of 3 hits stand in for rounds of 10,000: the searchAfter walk must neither skip nor repeat
    searcher.pageSize = 3;
    try {
      assertThat(searcher.search(q, ObservationSearcher.Order.ID_ASC, 7, 11)).isEqualTo(all.subList(7, 18));
      assertThat(searcher.search(q, ObservationSearcher.Order.OBSERVED_ON_DESC, 0, 100)).isEqualTo(
          SampleSnapshot.longs(db, "SELECT id FROM observations ORDER BY observed_on IS NULL, observed_on DESC, id DESC"));
    } finally {
      searcher.pageSize = ObservationSearcher.PAGE;
    }
  }

  @Test
  void speciesCountsEqualSqlGroupBy() throws Exception {
    Map<Long, Long> expected = new LinkedHashMap<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT taxon_id, count(*) n"
        + " FROM observations WHERE taxon_id IS NOT NULL GROUP BY taxon_id ORDER BY n DESC, taxon_id")) {
      while (rs.next()) {
        expected.put(rs.getLong(1), rs.getLong(2));
      }
    }
    ObservationSearcher.SpeciesCounts counts = searcher.speciesCounts(new MatchAllDocsQuery(), 1000, null);
    Map<Long, Long> actual = new LinkedHashMap<>();
    counts.top().forEach(c -> actual.put((long) c.taxonId(), c.count()));
    assertThat(actual).containsExactlyEntriesOf(expected);
    assertThat(counts.taxa()).isEqualTo(expected.size());
    assertThat(searcher.speciesCounts(new MatchAllDocsQuery(), 3, null).top()).hasSize(3);
  }

  @Test
  void leafSpeciesCountsDropTaxaThatAreAncestorsOfOthers() throws Exception {
    ObservationSearcher.SpeciesCounts leaves = searcher.speciesCounts(new MatchAllDocsQuery(), 1000, tree);
    Set<Long> counted = new HashSet<>();
    searcher.speciesCounts(new MatchAllDocsQuery(), 1000, null).top().forEach(c -> counted.add((long) c.taxonId()));
    Set<Long> ancestorsOfCounted = new HashSet<>();
    for (long t : counted) {
      ancestorsOfCounted.addAll(SampleSnapshot.longs(db, "SELECT a.id FROM taxa a, taxa t WHERE t.id = " + t
          + " AND ('/' || t.ancestry || '/') LIKE ('%/' || a.id || '/%')"));
    }
    Set<Long> expected = new HashSet<>(counted);
    expected.removeAll(ancestorsOfCounted);
    Set<Long> actual = new HashSet<>();
    leaves.top().forEach(c -> actual.add((long) c.taxonId()));
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void histogramsAgreeWithSql() throws Exception {
    Map<String, Long> months = searcher.histogram(new MatchAllDocsQuery(), Histogram.MONTH_OF_YEAR);
    assertThat(months.keySet()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12");
    for (int m = 1; m <= 12; m++) {
      assertThat(months.get(Integer.toString(m))).as("month %d", m).isEqualTo(SampleSnapshot.count(db,
          "SELECT count(*) FROM observations WHERE CAST(substr(observed_on, 6, 2) AS INTEGER) = " + m));
    }
    Map<String, Long> years = searcher.histogram(new MatchAllDocsQuery(), Histogram.YEAR);
    String first = "" + SampleSnapshot.count(db, "SELECT min(substr(observed_on, 1, 4)) FROM observations");
    String last = "" + SampleSnapshot.count(db, "SELECT max(substr(observed_on, 1, 4)) FROM observations");
    assertThat(years.keySet()).first().isEqualTo(first + "-01-01");
    assertThat(years.keySet()).last().isEqualTo(last + "-01-01");
    assertThat(years).hasSize(Integer.parseInt(last) - Integer.parseInt(first) + 1); // gaps backfilled with 0
    assertThat(years.values().stream().mapToLong(Long::longValue).sum())
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE observed_on IS NOT NULL"));
    Map<String, Long> weeks = searcher.histogram(
        ObservationQuery.builder(tree).observedOn(LocalDate.parse("2017-09-08")).build(), Histogram.WEEK);
    assertThat(weeks).containsOnlyKeys("2017-09-04"); // weeks start on Monday, as iNaturalist's do
  }

  @Test
  void countedSearchAgreesWithCountAndSearch() throws Exception {
    List<org.apache.lucene.search.Query> queries = List.of(new MatchAllDocsQuery(), // counted without visiting
        ObservationQuery.builder(tree).qualityGrades(List.of("research")).build(),
        ObservationQuery.builder(tree).taxa(List.of(HYLIDAE))
            .observedBetween(LocalDate.parse("2010-01-01"), LocalDate.parse("2022-12-31")).build(), // visited once
        ObservationQuery.builder(tree).taxa(List.of(HYLIDAE)).qualityGrades(List.of("casual")).build());
    for (var q : queries) {
      for (var order : ObservationSearcher.Order.values()) {
        for (int[] page : new int[][] {{0, 10}, {3, 5}, {0, 0}, {30, 10}, {100, 5}}) {
          ObservationSearcher.Counted counted = searcher.searchCounted(q, order, page[0], page[1]);
          assertThat(counted.total()).as("%s %s", q, order).isEqualTo(searcher.count(q));
          assertThat(counted.ids()).as("%s %s %s", q, order, java.util.Arrays.toString(page))
              .isEqualTo(page[1] == 0 ? List.of() : searcher.search(q, order, page[0], page[1]));
        }
      }
    }
  }

  @Test
  void linksReadInTwoPartsEqualLinksReadInOne() throws Exception {
    long uuidsBelowSplit = SampleSnapshot.count(db, "SELECT count(*) FROM observations WHERE uuid < '8'");
    assertThat(uuidsBelowSplit).isBetween(1L, 31L); // both parts hold observations
    try (var second = SampleSnapshot.open(database)) {
      ObservationLinks one = ObservationLinks.read(db);
      ObservationLinks two = ObservationLinks.read(db, second);
      // ids are sparse (stable ids above 2^52, docs/ids.md): every id of the record, and ids next to them
      List<Long> ids = new java.util.ArrayList<>();
      try (var st = db.createStatement(); var rs = st.executeQuery("SELECT id FROM observations ORDER BY id")) {
        while (rs.next()) {
          ids.add(rs.getLong(1) - 1);
          ids.add(rs.getLong(1));
        }
      }
      assertThat(ids).hasSize(64);
      ids.add(0L);
      ids = ids.stream().distinct().sorted().toList();
      for (long id : ids) {
        assertThat(two.photoCount(id)).as("photos of %d", id).isEqualTo(one.photoCount(id));
        assertThat(two.licenses(id)).as("licences of %d", id).isEqualTo(one.licenses(id));
        assertThat(two.projects(id)).as("projects of %d", id).isEqualTo(one.projects(id));
      }
    }
  }

  @Test
  void rowsCarryTheirPhotosAndProjectsAsSqlJoinsThem() throws Exception {
    Map<Long, String> read = new java.util.TreeMap<>();
    new ObservationRows(db, tree, ObservationLinks.read(db)).forEach(r -> read.put(r.id(), render(r)));
    assertThat(read).hasSize(32);
    Map<Long, String> joined = new java.util.TreeMap<>(); // the plain join, one query per observation
    try (var st = db.createStatement(); var rs = st.executeQuery("SELECT o.id,"
        + " (SELECT count(*) FROM photos p WHERE p.observation_uuid = o.uuid),"
        + " (SELECT group_concat(license, ',') FROM (SELECT DISTINCT license FROM photos p"
        + "   WHERE p.observation_uuid = o.uuid AND license IS NOT NULL ORDER BY license)),"
        + " (SELECT group_concat(project_id, ',') FROM (SELECT project_id FROM observations_projects j"
        + "   WHERE j.observation_uuid = o.uuid ORDER BY project_id))"
        + " FROM observations o")) {
      while (rs.next()) {
        joined.put(rs.getLong(1), "photos=" + rs.getInt(2) + " [" + String.valueOf(rs.getString(3)).replace(",", ", ")
            .replace("null", "") + "] projects=[" + String.valueOf(rs.getString(4)).replace(",", ", ").replace("null", "") + "]");
      }
    }
    assertThat(read.keySet()).isEqualTo(joined.keySet());
    for (long id : read.keySet()) {
      assertThat(read.get(id)).as("observation %d", id).contains(joined.get(id));
    }
    assertThat(read.values()).anyMatch(r -> r.contains("photos=2")); // the sample has multi-photo observations
  }

  /**
   * Newest first searches a growing window of the highest ids instead of sorting every hit: the pages are the plain
   * sort's, for filters that match the newest observations and ones that match only old ones (the window grows).
   */
  @Test
  void newestFirstPagesAreThoseOfTheFullSort() throws Exception {
    List<Query> queries = new ArrayList<>(List.of(new MatchAllDocsQuery()));
    for (long taxon : SampleSnapshot.longs(db, "SELECT id FROM taxa WHERE observations_count > 0")) {
      queries.add(ObservationQuery.builder(tree).taxa(List.of((int) taxon)).build());
    }
    long oldest = SampleSnapshot.count(db, "SELECT min(id) FROM observations");
    queries.add(ObservationQuery.builder(tree).idBelow(oldest + 2).build());
    for (Query q : queries) {
      List<Long> all = new ArrayList<>();
      for (var hit : searcher.searcher().search(q, 100, ObservationSearcher.Order.ID_DESC.sort(), false).scoreDocs) {
        all.add((Long) ((org.apache.lucene.search.FieldDoc) hit).fields[0]);
      }
      for (int offset = 0; offset <= 3; offset++) {
        for (int limit = 1; limit <= 4; limit++) {
          assertThat(searcher.search(q, ObservationSearcher.Order.ID_DESC, offset, limit)).as("%s %d+%d", q, offset, limit)
              .isEqualTo(all.subList(Math.min(offset, all.size()), Math.min(offset + limit, all.size())));
        }
      }
    }
    assertThat(queries).hasSizeGreaterThan(50);
  }

  private static String render(ObservationFields.ObservationRow r) {
    return r.id() + " tree=" + r.taxonTreeLeft() + " photos="
        + r.photoCount() + " " + r.licenses() + " projects=" + java.util.Arrays.toString(r.projectIds()) + " "
        + List.of(String.valueOf(r.observerId()), String.valueOf(r.latitude()), String.valueOf(r.longitude()),
            String.valueOf(r.positionalAccuracy()), String.valueOf(r.taxonId()), String.valueOf(r.qualityGrade()),
            String.valueOf(r.observedOn()), String.valueOf(r.orphan()));
  }

  private static long sqlDescendantObservations(long taxon) throws Exception {
    return SampleSnapshot.count(db, "SELECT count(*) FROM observations o JOIN taxa t ON t.id = o.taxon_id"
        + " WHERE t.id = " + taxon + " OR ('/' || t.ancestry || '/') LIKE '%/" + taxon + "/%'");
  }

  private static double haversineKm(double lat1, double lng1, double lat2, double lng2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLng = Math.toRadians(lng2 - lng1);
    double a = Math.pow(Math.sin(dLat / 2), 2)
        + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * 6371.0087714 * Math.asin(Math.sqrt(a));
  }
}
