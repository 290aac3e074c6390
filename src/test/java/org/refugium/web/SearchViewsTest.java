package org.refugium.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.archive.SqliteFiles;
import org.refugium.importer.SnapshotImporter;
import org.refugium.testing.Snapshots;

/**
 * The search page's views of a search (species, observers, map) and what it says about the search itself (filters in
 * effect, why nothing matched, the order, a corrected name), in English and Russian, on the real sample. Counts are
 * compared with SQL over the served snapshot.
 */
class SearchViewsTest {

  @TempDir
  static Path tmp;
  static WebNode node;
  static Connection db;

  @BeforeAll
  static void start() throws Exception {
    node = WebNode.start(tmp);
    Path sqlite;
    try (Stream<Path> files = Files.walk(tmp.resolve("data"))) {
      sqlite = files.filter(p -> p.getFileName().toString().equals(SnapshotImporter.DATABASE)).findFirst().orElseThrow();
    }
    db = SqliteFiles.openReadOnly(sqlite);
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
    node.close();
  }

  static String page(String pathAndQuery) throws Exception {
    HttpResponse<String> r = node.get(pathAndQuery);
    assertThat(r.statusCode()).as(pathAndQuery).isEqualTo(200);
    return r.body();
  }

  static List<String> all(String html, String regex) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile(regex).matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** Leaf taxa of the birds (3): observed taxa none of whose descendants is observed. */
  static long birdLeaves() throws Exception {
    return Snapshots.scalar(db, "WITH seen AS (SELECT DISTINCT t.id, '/' || t.ancestry || '/' AS path FROM observations o"
        + " JOIN taxa t ON t.id = o.taxon_id WHERE ('/' || t.ancestry || '/' || t.id || '/') LIKE '%/3/%')"
        + " SELECT count(*) FROM seen a WHERE NOT EXISTS (SELECT 1 FROM seen b WHERE b.path LIKE '%/' || a.id || '/%')");
  }

  @Test
  void speciesViewListsTheLeafTaxaWithLinksAndSortsByName() throws Exception {
    long leaves = birdLeaves();
    assertThat(leaves).isGreaterThan(1);
    String html = page("/?taxon_id=3&view=species");
    assertThat(html).contains("data-total=\"" + leaves + "\"");
    List<String> links = all(html, "<td><a href=\"/taxa/(\\d+)\"");
    assertThat(links).hasSize((int) leaves);
    // each count links to the photo grid of that taxon within the same search
    assertThat(html).contains("view=grid").contains("taxon_id=" + links.get(0));
    List<String> byName = all(page("/?taxon_id=3&view=species&sort=name"), "<td><a href=\"/taxa/\\d+\"[^>]*>(?:<[^>]+>)*([^<]+)");
    assertThat(byName).hasSize((int) leaves);
    List<String> sorted = new ArrayList<>(byName);
    sorted.sort(String::compareTo);
    assertThat(byName).isEqualTo(sorted);
    assertThat(page("/?taxon_id=3&view=species&locale=ru")).contains("Таксонов:").contains("Виды");
  }

  @Test
  void observersViewCountsEachObserver() throws Exception {
    long observers = Snapshots.scalar(db, "SELECT count(DISTINCT observer_id) FROM observations");
    String html = page("/?view=observers");
    assertThat(html).contains("data-total=\"" + observers + "\"");
    assertThat(all(html, "<td><a href=\"/people/([^\"]+)\"")).hasSize((int) observers);
    assertThat(page("/?view=observers&locale=ru")).contains("Наблюдателей:");
  }

  @Test
  void anUnknownTaxonIsShownAndExplainedAndNothingIsOfferedForDownload() throws Exception {
    String html = page("/?taxon_id=999999999");
    assertThat(html).contains("data-total=\"0\"").contains("taxon_id=999999999")
        .contains("taxon 999999999 is not in this snapshot").doesNotContain("/export/observations.csv");
    assertThat(html).contains("These are the conditions");
    String ru = page("/?taxon_id=999999999&locale=ru");
    assertThat(ru).contains("таксона 999999999 нет в этом снимке").doesNotContain("/export/");
    // a search with results offers every download, the species and observers lists included
    assertThat(page("/?taxon_id=3")).contains("/export/observations.csv?taxon_id=3")
        .contains("/export/species_counts.csv?taxon_id=3").contains("/export/observers.csv?taxon_id=3").contains("bom=1");
  }

  @Test
  void aTypoCorrectedNameSaysWhatItShows() throws Exception {
    String html = page("/?q=Anas+platyrhynchus"); // -us for -os: found by typo tolerance only
    assertThat(html).contains("Showing results for").contains("Anas platyrhynchos").contains("data-total=\"1\"");
    assertThat(page("/?q=Anas+platyrhynchos")).doesNotContain("Showing results for").contains("data-total=\"1\"");
    assertThat(page("/?q=Anas+platyrhynchus&locale=ru")).contains("Показаны результаты для");
  }

  @Test
  void theOrderIsStatedAndEmptyFieldsLeaveTheUrl() throws Exception {
    assertThat(page("/")).contains("not by date");
    assertThat(page("/?order_by=observed_on")).contains("date observed, newest first");
    assertThat(page("/?locale=ru")).contains("не по дате");
    HttpResponse<String> r = node.get("/?q=&taxon_id=3&d1=&view=grid");
    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("location").orElse("")).endsWith("/?taxon_id=3&view=grid");
  }

  @Test
  void theCsvPointsAtTheMirrorsOwnPhotoWhereItHasOne() throws Exception {
    String csv = page("/export/observations.csv?id=" + WebNode.SHOREBIRD_OBSERVATION + "&bom=1&locale=ru");
    assertThat(csv).startsWith("\uFEFF");
    String[] lines = csv.substring(1).split("\r\n");
    assertThat(lines).hasSize(2);
    assertThat(lines[0]).contains(",iconic_taxon,kingdom,kingdom_id,").endsWith(",photo_url,project_ids,inaturalist_id,gbif_id,created_at,citation");
    assertThat(lines[1]).contains(node.base() + "/photos/").contains(",Aves,Animalia,1,").contains("snapshot web");
  }

  @Test
  void theResultsMapDrawsTheMatches() throws Exception {
    String html = page("/?taxon_id=3");
    assertThat(html).contains("class=\"resultsmap\"").contains("<svg");
    assertThat(page("/?taxon_id=999999999")).doesNotContain("class=\"resultsmap\"");
  }
}
