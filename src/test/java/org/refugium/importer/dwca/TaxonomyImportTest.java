package org.refugium.importer.dwca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refugium.importer.dwca.ImportFixtures.count;
import static org.refugium.importer.dwca.ImportFixtures.fixture;
import static org.refugium.importer.dwca.ImportFixtures.rejects;
import static org.refugium.importer.dwca.ImportFixtures.rows;
import static org.refugium.importer.dwca.ImportFixtures.run;
import static org.refugium.importer.dwca.ImportFixtures.sharedData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.SnapshotImporter;
import org.refugium.snapshot.Manifest;

class TaxonomyImportTest {

  private static final Path OPEN_DATA = sharedData("inat-open-data/sample-2022-06");

  @TempDir
  Path data;

  @Test
  void attachesEnglishNamesOfTheRealExcerptToTheOpenDataTree() throws Exception {
    SnapshotImporter.Result result = run(data, List.of(OPEN_DATA), sharedData("inat-taxonomy-dwca/excerpt"), null);

    // a directory without meta.xml: one source per file, each hashed
    List<Manifest.Source> taxonomy = result.manifest().sources().stream()
        .filter(s -> s.kind().equals("taxonomy dwca file")).toList();
    assertThat(taxonomy).extracting(s -> Path.of(s.file()).getFileName().toString())
        .containsExactly("taxa.csv", "VernacularNames-english.csv");
    assertThat(taxonomy).allSatisfy(s -> assertThat(s.sha256()).hasSize(64));
    Manifest.Entry taxa = taxonomy.get(0).entries().get(0);
    assertThat(taxa.rowsRead()).isEqualTo(20);
    assertThat(taxa.rowsImported()).isEqualTo(17); // 1, 2 and 3 are in the Open Data tree already
    Manifest.Entry names = taxonomy.get(1).entries().get(0);
    assertThat(names.rowsRead()).isEqualTo(20);
    assertThat(names.rowsImported()).isEqualTo(3);
    assertThat(names.rejectsByReason()).isEqualTo(Map.of("unknown taxon", 17L));
    assertThat(result.manifest().warnings())
        .anyMatch(w -> w.contains("3 taxa matched the tree (0 with another parent, 0 another name, 0 another rank")
            && w.contains("17 added"))
        .anyMatch(w -> w.contains("12 added taxa have a parent chain that does not reach the root"));

    try (Connection db = ImportFixtures.open(result)) {
      assertThat(rows(db, "SELECT t.id, t.name, n.name, n.locale, n.lexicon, n.position FROM taxon_names n"
          + " JOIN taxa t ON t.id = n.taxon_id ORDER BY t.id")).containsExactly(
          "7|Aramus guarauna|Limpkin|en|English|0",
          "19|Eurypyga helias|Sunbittern|en|English|0",
          "34|Grus americana|Whooping Crane|en|English|0");
      // Limpkin's taxon came from the DwC-A only: grafted under Aves (3) of the Open Data tree
      assertThat(rows(db, "SELECT parent_id, ancestry, rank, rank_level, active FROM taxa WHERE id = 7"))
          .containsExactly("6|48460/1/2/355675/3/4/5/6|species|10.0|1");
      assertThat(rows(db, "SELECT ancestry FROM taxa WHERE id = 3")).containsExactly("48460/1/2/355675");
    }
    assertThat(rejects(result)).filteredOn(r -> r.startsWith("VernacularNames-english.csv"))
        .hasSize(17).allMatch(r -> r.endsWith(":unknown taxon"));
  }

  @Test
  void readsRussianNamesFromAZipWithMetaXml(@TempDir Path tmp) throws Exception {
    Path zip = ImportFixtures.zip(fixture("dwca-russian-names"), tmp.resolve("inaturalist-taxonomy.dwca.zip"));
    SnapshotImporter.Result result = run(data, List.of(OPEN_DATA), zip, null);

    Manifest.Source source = result.manifest().sources().stream().filter(s -> s.kind().equals("taxonomy dwca"))
        .findFirst().orElseThrow();
    assertThat(source.size()).isEqualTo(Files.size(zip));
    assertThat(source.sha256()).hasSize(64);
    assertThat(source.entries()).extracting(Manifest.Entry::name)
        .containsExactly("taxa.csv", "VernacularNames-english.csv", "VernacularNames-russian.csv");
    Manifest.Entry russian = source.entries().get(2);
    assertThat(russian.rowsRead()).isEqualTo(8);
    assertThat(russian.rowsImported()).isEqualTo(5);
    assertThat(russian.rejectsByReason()).isEqualTo(
        Map.of("unterminated quote", 1L, "wrong field count", 1L, "unknown taxon", 1L));
    assertThat(rejects(result)).contains("VernacularNames-russian.csv:5:unterminated quote",
        "VernacularNames-russian.csv:9:wrong field count", "VernacularNames-russian.csv:8:unknown taxon");

    try (Connection db = ImportFixtures.open(result)) {
      assertThat(rows(db, "SELECT taxon_id, name, lexicon, position FROM taxon_names WHERE locale = 'ru'"
          + " ORDER BY taxon_id, position")).containsExactly(
          "3|Птицы|Russian|0",
          "3938|Камнешарка|Russian|0",
          "6930|Кряква|Russian|0",
          "6930|Утка-кряква, обыкновенная|Russian|1",
          "83744|Клещ \"Одинокая звезда\"|Russian|0");
      assertThat(rows(db, "SELECT taxon_id, name FROM taxon_names WHERE locale = 'en' ORDER BY taxon_id"))
          .containsExactly("3|Birds", "6930|Mallard", "83744|Lone Star Tick");
      // the tick is not in the Open Data sample: grafted through its DwC-A parents onto Arthropoda (47120)
      assertThat(rows(db, "SELECT ancestry FROM taxa WHERE id = 83744"))
          .containsExactly("48460/1/47120/245097/47119/51673/51672/52155");
    }
  }

  @Test
  void givesAGbifSnapshotItsTreeAndReplacesThePlaceholderTaxa(@TempDir Path tmp) throws Exception {
    Path zip = ImportFixtures.zip(fixture("dwca-russian-names"), tmp.resolve("inaturalist-taxonomy.dwca.zip"));
    SnapshotImporter.Result result = run(data, List.of(), zip, fixture("gbif-reordered-columns"));

    try (Connection db = ImportFixtures.open(result)) {
      assertThat(rows(db, "SELECT name, parent_id, ancestry, rank_level FROM taxa WHERE id = 83744"))
          .containsExactly("Amblyomma americanum|52155|48460/1/47120/245097/47119/51673/51672/52155|10.0");
      assertThat(rows(db, "SELECT observations_count, iconic_taxon_id FROM taxa WHERE id = 83744"))
          .containsExactly("2|47119");
      assertThat(count(db, "SELECT count(*) FROM taxon_names WHERE taxon_id = 83744")).isEqualTo(2);
      // the mallard's parent (6922) is in neither source: its chain stops there, and is reported
      assertThat(rows(db, "SELECT parent_id, ancestry FROM taxa WHERE id = 6930")).containsExactly("6922|6922");
    }
    assertThat(result.manifest().warnings()).anyMatch(w -> w.contains("2 GBIF placeholders replaced"))
        .anyMatch(w -> w.contains("3 added taxa have a parent chain that does not reach the root"));
  }
}
