package org.refugium.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.refugium.search.VernacularNamesFixture.ANAS;
import static org.refugium.search.VernacularNamesFixture.ANATIDAE;
import static org.refugium.search.VernacularNamesFixture.BLACK_SLUG;
import static org.refugium.search.VernacularNamesFixture.MALLARD;
import static org.refugium.search.VernacularNamesFixture.PIERIDAE;
import static org.refugium.search.VernacularNamesFixture.RED_TAILED_SQUIRREL;
import static org.refugium.search.VernacularNamesFixture.RUDDY_TURNSTONE;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.IntPoint;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import org.refugium.search.TaxonSearch.Hit;
import org.refugium.search.TaxonSearch.Match;

/** Autocomplete over the sample's taxa, with vernacular names from {@link VernacularNamesFixture}. */
class TaxonSearchTest {

  private static final int FIXTURE_PROJECT = 4242;
  private static final int ARION_GENUS = 54582;
  private static final int ARION_SUBGENUS = 549548;
  private static final int ARIONIDAE = 47778;

  @TempDir
  static Path dir;

  static Connection db;
  static TaxonSearch taxa;
  static Map<String, Long> built;

  @BeforeAll
  static void build() throws Exception {
    Path snapshot = SampleSnapshot.importInto(dir.resolve("data"));
    Path copy = dir.resolve("with-names.sqlite");
    Files.copy(snapshot.resolve(SnapshotImporter.DATABASE), copy);
    db = SampleSnapshot.open(copy);
    VernacularNamesFixture.insert(db);
    // project links: the 2022 sample predates observations_projects, so three links stand in (fixture)
    try (var st = db.createStatement()) {
      st.executeUpdate("INSERT INTO observations_projects (observation_uuid, project_id)"
          + " SELECT uuid, " + FIXTURE_PROJECT + " FROM observations ORDER BY id LIMIT 3");
      st.executeUpdate("INSERT INTO observations_projects (observation_uuid, project_id)"
          + " SELECT uuid, 7 FROM observations ORDER BY id LIMIT 1");
    }
    built = SearchIndexes.build(copy, dir.resolve("index"), Progress.silent());
    taxa = TaxonSearch.open(dir.resolve("index").resolve(SearchIndexes.TAXA));
  }

  @AfterAll
  static void close() throws Exception {
    taxa.close();
    db.close();
  }

  @Test
  void oneDocumentPerTaxon() throws Exception {
    long rows = SampleSnapshot.count(db, "SELECT count(*) FROM taxa");
    assertThat(built).containsEntry(SearchIndexes.TAXA, rows);
    assertThat(taxa.searcher().count(new MatchAllDocsQuery())).isEqualTo(rows);
    assertThat(built.get(SearchIndexes.OBSERVATIONS))
        .isEqualTo(SampleSnapshot.count(db, "SELECT count(*) FROM observations"));
  }

  @Test
  void prefixOfAnyWordOfAnyName() throws Exception {
    assertThat(ids(taxa.autocomplete("Mall", "en", 10))).containsExactly(MALLARD);
    assertThat(ids(taxa.autocomplete("turnst", "en", 10))).containsExactly(RUDDY_TURNSTONE); // second word
    assertThat(ids(taxa.autocomplete("red-tailed squ", "en", 10))).containsExactly(RED_TAILED_SQUIRREL);
    assertThat(ids(taxa.autocomplete("squirrel red", "en", 10))).containsExactly(RED_TAILED_SQUIRREL);
    assertThat(ids(taxa.autocomplete("platyrh", "en", 10))).containsExactly(MALLARD); // scientific, second word
    Hit hit = taxa.autocomplete("Ruddy Turn", "en", 10).get(0);
    assertThat(hit).isEqualTo(new Hit(RUDDY_TURNSTONE, "Ruddy Turnstone", "en", hit.observationsCount(), Match.PREFIX));
  }

  @Test
  void cyrillicWithYoFolded() throws Exception {
    assertThat(ids(taxa.autocomplete("кряк", "ru", 10))).containsExactly(MALLARD);
    assertThat(ids(taxa.autocomplete("КАМНЕ", "ru", 10))).containsExactly(RUDDY_TURNSTONE);
    assertThat(ids(taxa.autocomplete("черн", "ru", 10))).containsExactly(BLACK_SLUG);   // typed with е
    assertThat(ids(taxa.autocomplete("чёрный сл", "ru", 10))).containsExactly(BLACK_SLUG);
    assertThat(ids(taxa.autocomplete("слиз", "ru", 10))).containsExactly(BLACK_SLUG); // second word
    assertThat(taxa.autocomplete("слиз", "ru", 10).get(0).name()).isEqualTo("Чёрный слизень");
    // "бел" starts Белянки and the second word of Рыжехвостая белка
    assertThat(ids(taxa.autocomplete("бел", "ru", 10))).containsExactlyInAnyOrder(PIERIDAE, RED_TAILED_SQUIRREL);
  }

  @Test
  void wordsFoundInDifferentNamesDoNotMatch() throws Exception {
    // Anatidae has "Ducks, Geese, and Swans" and "Утиные": the words of one query must meet in one name
    assertThat(ids(taxa.autocomplete("ducks утин", "ru", 10))).doesNotContain(ANATIDAE);
  }

  @Test
  void exactNameFirstThenPrefixByObservationCount() throws Exception {
    List<Hit> anas = taxa.autocomplete("Anas", "en", 10);
    assertThat(anas).extracting(Hit::id, Hit::match)
        .containsExactly(tuple(ANAS, Match.EXACT), tuple(MALLARD, Match.PREFIX));
    // the genus and the subgenus Arion match exactly; the family Arionidae has as many observations and a
    // lower id, so only the exact tier puts it after them
    List<Hit> arion = taxa.autocomplete("Arion", "en", 10);
    assertThat(arion).extracting(Hit::id).startsWith(ARION_GENUS, ARION_SUBGENUS).contains(ARIONIDAE);
    assertThat(arion).extracting(Hit::match).startsWith(Match.EXACT, Match.EXACT).contains(Match.PREFIX);
    List<Hit> prefix = arion.stream().filter(h -> h.match() == Match.PREFIX).toList();
    assertThat(prefix).hasSizeGreaterThan(2);
    for (int i = 1; i < prefix.size(); i++) {
      assertThat(prefix.get(i).observationsCount()).isLessThanOrEqualTo(prefix.get(i - 1).observationsCount());
    }
  }

  @Test
  void typosFoundOnlyWhenNothingMatched() throws Exception {
    List<Hit> hits = taxa.autocomplete("Mallrad", "en", 10);
    assertThat(ids(hits)).containsExactly(MALLARD);
    assertThat(hits.get(0).match()).isEqualTo(Match.FUZZY);
    assertThat(ids(taxa.autocomplete("Крякав", "ru", 10))).containsExactly(MALLARD);
    assertThat(ids(taxa.autocomplete("Arenaria interpers", "en", 10))).containsExactly(RUDDY_TURNSTONE);
    assertThat(taxa.autocomplete("Mallard", "en", 10)).extracting(Hit::match).containsOnly(Match.EXACT);
    assertThat(taxa.autocomplete("xqzvw", "en", 10)).isEmpty();
  }

  @Test
  void localePicksTheReportedName() throws Exception {
    assertThat(taxa.autocomplete("Anas platyrhynchos", "ru", 1).get(0).name()).isEqualTo("Anas platyrhynchos");
    assertThat(taxa.autocomplete("Кряква", "en", 1).get(0).locale()).isEqualTo("ru");
  }

  @Test
  void taxaUnderAnAncestor() throws Exception {
    long under = taxa.searcher().count(IntPoint.newExactQuery(TaxonFields.ANCESTOR_IDS, ANATIDAE));
    assertThat(under).isEqualTo(SampleSnapshot.count(db,
        "SELECT count(*) FROM taxa WHERE ('/' || ancestry || '/') LIKE '%/" + ANATIDAE + "/%'"));
    assertThat(under).isPositive();
  }

  @Test
  void projectLinksReachTheObservationsIndex() throws Exception {
    try (ObservationSearcher observations =
        ObservationSearcher.open(dir.resolve("index").resolve(SearchIndexes.OBSERVATIONS))) {
      List<Long> firstThree = SampleSnapshot.longs(db, "SELECT id FROM observations ORDER BY id LIMIT 3");
      assertThat(observations.search(ObservationQuery.builder(null).projects(List.of(FIXTURE_PROJECT)).build(),
          ObservationSearcher.Order.ID_ASC, 0, 10)).isEqualTo(firstThree);
      assertThat(observations.count(ObservationQuery.builder(null).projects(List.of(7)).build())).isEqualTo(1);
      assertThat(observations.count(ObservationQuery.builder(null).projects(List.of(1)).build())).isZero();
    }
  }

  private static List<Integer> ids(List<Hit> hits) {
    return hits.stream().map(Hit::id).toList();
  }
}
