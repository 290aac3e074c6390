package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refugium.importer.dwca.ImportFixtures.rejects;
import static org.refugium.importer.dwca.ImportFixtures.rows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.dwca.ImportFixtures;

/**
 * Every reject reason of every table loader (issue #17), through the public path: crafted export files are
 * imported and rejects.tsv.gz must name each bad row's line and reason, while the good rows (boundary values
 * included: latitude ±90, longitude ±180, a leap day) are kept with their values. The expected lines are written
 * by hand from the files below, not derived from the loaders.
 */
class LoaderRejectReasonsTest {

  private static final String T = "\t";

  @TempDir
  Path data;

  @TempDir
  Path input;

  private static final String A = "11111111-1111-4111-8111-111111111111";
  private static final String B = "22222222-2222-4222-8222-222222222222";
  private static final String C = "33333333-3333-4333-8333-333333333333";
  private static final String D = "44444444-4444-4444-8444-444444444444";

  /** An observations.csv row: uuid, observer, lat, lon, accuracy, taxon, grade, day, anomaly. */
  private static String obs(String uuid, String observer, String lat, String lon, String accuracy, String taxon,
      String grade, String day, String anomaly) {
    return String.join(T, uuid, observer, lat, lon, accuracy, taxon, grade, day, anomaly);
  }

  private static String ok(String uuid) {
    return obs(uuid, "1", "10", "20", "5", "7", "research", "2020-05-01", "0.5");
  }

  private static String uuidN(int n) {
    return String.format("%08d-0000-4000-8000-000000000000", n);
  }

  private void write(String file, String... lines) throws Exception {
    Files.writeString(input.resolve(file), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  @Test
  void openDataLoadersRejectEachBadRowWithItsReason() throws Exception {
    write("observations.csv",
        String.join(T, "observation_uuid", "observer_id", "latitude", "longitude", "positional_accuracy", "taxon_id",
            "quality_grade", "observed_on", "anomaly_score"),
        obs(A, "1", "90", "180", "5", "7", "research", "2020-02-29", "0.25"), // 2: kept (bounds, leap day)
        String.join(T, uuidN(3), "1", "10", "20", "5", "7", "research", "2020-05-01"), // 3: 8 fields
        obs("", "1", "10", "20", "5", "7", "research", "2020-05-01", ""), // 4: no uuid
        obs("not-a-uuid", "1", "10", "20", "5", "7", "research", "2020-05-01", ""), // 5
        obs(uuidN(6), "x", "10", "20", "5", "7", "research", "2020-05-01", ""), // 6: observer_id
        obs(uuidN(7), "1", "ten", "20", "5", "7", "research", "2020-05-01", ""), // 7: latitude
        obs(uuidN(8), "1", "10", "", "5", "7", "research", "2020-05-01", ""), // 8: latitude alone
        obs(uuidN(9), "1", "", "20", "5", "7", "research", "2020-05-01", ""), // 9: longitude alone
        obs(uuidN(10), "1", "90.5", "20", "5", "7", "research", "2020-05-01", ""), // 10
        obs(uuidN(11), "1", "-90.5", "20", "5", "7", "research", "2020-05-01", ""), // 11
        obs(uuidN(12), "1", "10", "180.5", "5", "7", "research", "2020-05-01", ""), // 12
        obs(uuidN(13), "1", "10", "-180.5", "5", "7", "research", "2020-05-01", ""), // 13
        obs(uuidN(14), "1", "10", "20", "5", "7.5", "research", "2020-05-01", ""), // 14: taxon_id
        obs(uuidN(15), "1", "10", "20", "5", "7", "great", "2020-05-01", ""), // 15: quality_grade
        obs(uuidN(16), "1", "10", "20", "5", "7", "research", "2019-02-29", ""), // 16: not a leap year
        obs(uuidN(17), "1", "10", "20", "5", "7", "research", "2019/01/01", ""), // 17
        obs(uuidN(18), "1", "10", "20", "five", "7", "research", "2020-05-01", ""), // 18: accuracy
        obs(uuidN(19), "1", "10", "20", "5", "7", "research", "2020-05-01", "high"), // 19: anomaly_score
        ok(A), // 20: the uuid of line 2 again
        obs(B, "2", "-90", "-180", "", "7", "needs_id", "1900-02-28", ""), // 21: kept
        obs(C, "2", "", "", "", "", "casual", "", ""), // 22: kept, nothing but the grade
        obs(uuidN(23), "1", "10", "20", "5", "7", "", "2020-05-01", "")); // 23: no quality_grade
    write("photos.csv",
        String.join(T, "photo_uuid", "photo_id", "observation_uuid", "observer_id", "extension", "license", "width",
            "height", "position"),
        String.join(T, D, "100", A, "1", "jpg", "CC-BY", "2048", "1536", "0"), // 2: kept
        String.join(T, D, "101", A, "1", "jpg", "CC-BY", "2048", "1536"), // 3: 8 fields
        String.join(T, D, "", A, "1", "jpg", "CC-BY", "", "", ""), // 4: no photo_id
        String.join(T, D, "p1", A, "1", "jpg", "CC-BY", "", "", ""), // 5
        String.join(T, D, "105", "", "1", "jpg", "CC-BY", "", "", ""), // 6: no observation_uuid
        String.join(T, D, "106", "obs-6", "1", "jpg", "CC-BY", "", "", ""), // 7
        String.join(T, D, "107", A, "1", "", "CC-BY", "", "", ""), // 8: no extension
        String.join(T, D, "108", A, "1", "jpg", "", "", "", ""), // 9: no license
        String.join(T, D, "109", A, "one", "jpg", "CC-BY", "", "", ""), // 10: observer_id
        String.join(T, D, "110", A, "1", "jpg", "CC-BY", "wide", "", ""), // 11: width
        String.join(T, D, "111", A, "1", "jpg", "CC-BY", "", "tall", ""), // 12: height
        String.join(T, D, "112", A, "1", "jpg", "CC-BY", "", "", "first"), // 13: position
        String.join(T, "", "113", B, "", "png", "CC0", "", "", "")); // 14: kept, the optional ones empty
    write("observers.csv",
        String.join(T, "observer_id", "login", "name"),
        String.join(T, "1", "kueda", "Ken-ichi Ueda"), // 2: kept
        String.join(T, "3", "three"), // 3: 2 fields
        String.join(T, "", "nobody", "Nobody"), // 4: no observer_id
        String.join(T, "x5", "five", "Five"), // 5
        String.join(T, "6", "", "Six"), // 6: no login
        String.join(T, "1", "kueda2", "Again"), // 7: observer_id of line 2
        String.join(T, "2", "tiwane", "None")); // 8: kept, the name "None" stored as NULL
    write("taxa.csv",
        String.join(T, "taxon_id", "ancestry", "rank_level", "rank", "name", "active"),
        String.join(T, "48460", "", "100", "stateofmatter", "Life", "true"), // 2
        String.join(T, "1", "48460", "70", "kingdom", "Animalia", "true"), // 3
        String.join(T, "7", "48460/1", "33.5", "species", "Example", "false"), // 4: kept, inactive
        String.join(T, "8", "48460/1", "10", "species", "Short"), // 5: 5 fields
        String.join(T, "", "48460/1", "10", "species", "Nameless id", "true"), // 6: no taxon_id
        String.join(T, "t10", "48460/1", "10", "species", "Bad id", "true"), // 7
        String.join(T, "11", "48460/x", "10", "species", "Bad ancestry", "true"), // 8
        String.join(T, "12", "48460/1", "low", "species", "Bad rank level", "true"), // 9
        String.join(T, "13", "48460/1", "10", "species", "", "true"), // 10: no name
        String.join(T, "14", "48460/1", "10", "species", "Unsure", "yes"), // 11: active
        String.join(T, "7", "48460/1", "10", "species", "Example again", "true"), // 12: taxon_id of line 4
        // 13-14: ids past TaxonTree's bound (arrays by id: 3,000,000,001 failed the whole import before)
        String.join(T, "3000000001", "48460/1", "10", "species", "Huge id", "true"),
        String.join(T, "15", "48460/3000000001", "10", "species", "Huge parent", "true"));

    SnapshotImporter.Result result = ImportFixtures.run(data, List.of(input), null, null);

    List<String> rejects = rejects(result);
    assertThat(rejects).hasSize(19 + 11 + 5 + 10);
    assertThat(rejects).containsExactlyInAnyOrder(
        "observations.csv:3:wrong field count",
        "observations.csv:4:missing value",
        "observations.csv:5:bad value",
        "observations.csv:6:bad number",
        "observations.csv:7:bad number",
        "observations.csv:8:coordinate out of range",
        "observations.csv:9:coordinate out of range",
        "observations.csv:10:coordinate out of range",
        "observations.csv:11:coordinate out of range",
        "observations.csv:12:coordinate out of range",
        "observations.csv:13:coordinate out of range",
        "observations.csv:14:bad number",
        "observations.csv:15:bad value",
        "observations.csv:16:bad date",
        "observations.csv:17:bad date",
        "observations.csv:18:bad number",
        "observations.csv:19:bad number",
        "observations.csv:20:duplicate key",
        "observations.csv:23:bad value",
        "photos.csv:3:wrong field count",
        "photos.csv:4:missing value",
        "photos.csv:5:bad number",
        "photos.csv:6:missing value",
        "photos.csv:7:bad value",
        "photos.csv:8:missing value",
        "photos.csv:9:missing value",
        "photos.csv:10:bad number",
        "photos.csv:11:bad number",
        "photos.csv:12:bad number",
        "photos.csv:13:bad number",
        "observers.csv:3:wrong field count",
        "observers.csv:4:missing value",
        "observers.csv:5:bad number",
        "observers.csv:6:missing value",
        "observers.csv:7:duplicate key",
        "taxa.csv:5:wrong field count",
        "taxa.csv:6:missing value",
        "taxa.csv:7:bad number",
        "taxa.csv:8:bad value",
        "taxa.csv:9:bad number",
        "taxa.csv:10:missing value",
        "taxa.csv:11:bad value",
        "taxa.csv:12:duplicate key",
        "taxa.csv:13:bad value",
        "taxa.csv:14:bad value");
    assertThat(result.manifest().rejectsByReason())
        .containsEntry("wrong field count", 4L).containsEntry("missing value", 9L)
        .containsEntry("bad value", 8L).containsEntry("bad number", 13L).containsEntry("bad date", 2L)
        .containsEntry("coordinate out of range", 6L).containsEntry("duplicate key", 3L);
    assertThat(result.manifest().counts()).containsEntry("observations", 3L).containsEntry("photos", 2L)
        .containsEntry("observers", 2L).containsEntry("taxa", 3L);

    try (Connection db = ImportFixtures.open(result)) {
      assertThat(rows(db, "SELECT uuid, observer_id, latitude, longitude, positional_accuracy, taxon_id,"
          + " quality_grade, observed_on, anomaly_score, source_line FROM observations ORDER BY source_line"))
          .containsExactly(
              A + "|1|90.0|180.0|5|7|research|2020-02-29|0.25|2",
              B + "|2|-90.0|-180.0|NULL|7|needs_id|1900-02-28|NULL|21",
              C + "|2|NULL|NULL|NULL|NULL|casual|NULL|NULL|22");
      assertThat(rows(db, "SELECT photo_id, observation_uuid, observer_id, extension, license, uuid, width, height,"
          + " position FROM photos ORDER BY photo_id")).containsExactly(
              "100|" + A + "|1|jpg|CC-BY|" + D + "|2048|1536|0",
              "113|" + B + "|NULL|png|CC0|NULL|NULL|NULL|NULL");
      assertThat(rows(db, "SELECT id, login, name FROM observers ORDER BY id"))
          .containsExactly("1|kueda|Ken-ichi Ueda", "2|tiwane|NULL");
      assertThat(rows(db, "SELECT id, parent_id, ancestry, rank_level, rank, name, active FROM taxa ORDER BY id"))
          .containsExactly("1|48460|48460|70.0|kingdom|Animalia|1", "7|1|48460/1|33.5|species|Example|0",
              "48460|NULL|NULL|100.0|stateofmatter|Life|1");
    }
  }

  @Test
  void olderExportsWithoutTheOptionalColumnsStoreNullsAndIdsAreCheckedAtTheirEdges() throws Exception {
    write("observations.csv",
        // before 2024-11: no anomaly_score; no positional_accuracy either; columns are found by name, in any order
        String.join(T, "latitude", "observation_uuid", "observer_id", "longitude", "taxon_id", "quality_grade",
            "observed_on"),
        String.join(T, "10.5", A, "1", "20", "7", "research", "2020-05-01"), // 2: kept
        String.join(T, "", "11111111-1111-4111-8111-11111111111g", "1", "", "7", "casual", ""), // 3: not hex
        String.join(T, "", "11111111x1111-4111-8111-111111111111", "1", "", "7", "casual", ""), // 4: no dash
        String.join(T, "", "111111111-111-4111-8111-111111111111", "1", "", "7", "casual", ""), // 5: dash moved
        String.join(T, "", A + "1", "1", "", "7", "casual", "")); // 6: 37 characters
    write("photos.csv",
        String.join(T, "photo_id", "observation_uuid", "extension", "license"),
        String.join(T, "100", A, "jpg", "CC-BY"));
    write("observers.csv",
        String.join(T, "observer_id", "login"),
        String.join(T, "-5", "minus"), // 2: kept (ids are taken as given)
        String.join(T, "3000000000", "big"), // 3: kept, past 2^31
        String.join(T, "3000000000", "big again"), // 4: duplicate key
        String.join(T, "1", "kueda")); // 5: kept
    write("taxa.csv",
        String.join(T, "taxon_id", "ancestry", "rank_level", "rank", "name", "active"),
        String.join(T, "48460", "", "100", "stateofmatter", "Life", "true"),
        String.join(T, "7", "48460", "10", "species", "Seven", "true"),
        // (taxon ids stay small: TaxonTree sizes its arrays by the largest id, see docs/testing.md)
        String.join(T, "8", "48460", "10", "species", "Eight", "true"), // 4: kept
        String.join(T, "8", "48460", "10", "species", "Eight again", "true")); // 5: duplicate key

    SnapshotImporter.Result result = ImportFixtures.run(data, List.of(input), null, null);

    List<String> rejects = rejects(result);
    assertThat(rejects).hasSize(6);
    assertThat(rejects).containsExactlyInAnyOrder("observations.csv:3:bad value", "observations.csv:4:bad value",
        "observations.csv:5:bad value", "observations.csv:6:bad value", "observers.csv:4:duplicate key",
        "taxa.csv:5:duplicate key");
    try (Connection db = ImportFixtures.open(result)) {
      assertThat(rows(db, "SELECT uuid, latitude, longitude, positional_accuracy, anomaly_score FROM observations"))
          .containsExactly(A + "|10.5|20.0|NULL|NULL");
      assertThat(rows(db, "SELECT photo_id, observation_uuid, uuid, observer_id, width, height, position FROM photos"))
          .containsExactly("100|" + A + "|NULL|NULL|NULL|NULL|NULL");
      assertThat(rows(db, "SELECT id, login, name FROM observers ORDER BY id"))
          .containsExactly("-5|minus|NULL", "1|kueda|NULL", "3000000000|big|NULL");
      assertThat(rows(db, "SELECT id, name FROM taxa ORDER BY id"))
          .containsExactly("7|Seven", "8|Eight", "48460|Life");
    }
  }

  private static final String INAT = "50c9509d-22c7-4a22-a47d-8c48425ef4a7";

  /** An occurrence.txt row in the header's order below. */
  private static String occ(String gbifId, String dataset, String catalog, String occurrenceId, String references,
      String lat, String lon, String uncertainty, String taxon, String eventDate, String year, String month,
      String day) {
    return String.join(T, gbifId, dataset, catalog, occurrenceId, references, "someone", taxon, "Amblyomma americanum",
        "SPECIES", lat, lon, uncertainty, eventDate, year, month, day, "Amblyomma americanum Linnaeus, 1758");
  }

  @Test
  void gbifLoadersRejectEachBadRowWithItsReason() throws Exception {
    write("occurrence.txt",
        String.join(T, "gbifID", "datasetKey", "catalogNumber", "occurrenceID", "references", "recordedBy", "taxonID",
            "verbatimScientificName", "taxonRank", "decimalLatitude", "decimalLongitude",
            "coordinateUncertaintyInMeters", "eventDate", "year", "month", "day", "scientificName"),
        occ("900", INAT, "50", "", "", "90", "-180", "28.6", "83744", "2020-06-24T20:58:14", "", "", ""), // 2: kept
        String.join(T, "901", INAT, "51"), // 3: 3 fields
        occ("902", "other-dataset", "52", "", "", "", "", "", "", "", "", "", ""), // 4: skipped, not rejected
        occ("", INAT, "53", "", "", "", "", "", "", "", "", "", ""), // 5: no gbifID
        occ("g904", INAT, "54", "", "", "", "", "", "", "", "", "", ""), // 6
        occ("905", INAT, "", "", "", "", "", "", "", "", "", "", ""), // 7: no id anywhere
        occ("906", INAT, "abc56", "urn:x", "", "", "", "", "", "", "", "", ""), // 8: no id in catalogNumber
        occ("907", INAT, "57", "", "", "10", "", "", "", "", "", "", ""), // 9: latitude alone
        occ("908", INAT, "58", "", "", "-90.5", "10", "", "", "", "", "", ""), // 10
        occ("909", INAT, "59", "", "", "10", "180.5", "", "", "", "", "", ""), // 11
        occ("910", INAT, "60", "", "", "north", "10", "", "", "", "", "", ""), // 12: latitude
        occ("911", INAT, "61", "", "", "10", "10", "-1", "", "", "", "", ""), // 13: uncertainty < 0
        occ("912", INAT, "62", "", "", "10", "10", "far", "", "", "", "", ""), // 14
        occ("913", INAT, "63", "", "", "", "", "", "Amblyomma", "", "", "", ""), // 15: taxonID
        occ("914", INAT, "64", "", "", "", "", "", "", "2020-02-30", "", "", ""), // 16: eventDate
        occ("915", INAT, "65", "", "", "", "", "", "", "", "2020", "13", "1"), // 17: year/month/day
        occ("916", INAT, "66", "", "", "", "", "", "", "June 2020", "", "", ""), // 18: eventDate
        occ("917", INAT, "50", "", "", "", "", "", "", "", "", "", ""), // 19: catalogNumber of line 2
        occ("918", INAT, "", "", "https://www.inaturalist.org/observations/68", "-90", "180", "0", "", // 20: kept
            "2019-07", "2019", "7", ""),
        occ("919", INAT, "", "https://www.inaturalist.org/observations/69", "", "", "", "", "", // 21: kept
            "2020-06-01/2020-06-05", "", "", ""),
        occ("920", INAT, "70", "", "", "", "", "", "", "", "2021", "2", "28"), // 22: kept
        occ("921", INAT, "3000000000", "", "", "", "", "", "", "", "", "", ""), // 23: kept, an id past 2^31
        occ("922", INAT, "3000000000", "", "", "", "", "", "", "", "", "", ""), // 24: the same again
        // 25-28: placeholder taxa (name from verbatimScientificName, else scientificName, else "taxon N"; the first
        // row of a taxon names it) and observers by recordedBy (trimmed; empty or blank is none)
        String.join(T, "925", INAT, "75", "", "", "", "555", "", "", "", "", "", "", "", "", "", ""),
        String.join(T, "926", INAT, "76", "", "", " Jane Q. ", "556", "", " Genus ", "", "", "", "", "", "", "",
            "Foo bar Author, 1900"),
        String.join(T, "927", INAT, "77", "", "", "Jane Q.", "556", "Other name", "SPECIES", "", "", "", "", "", "",
            "", "Other name Author"),
        String.join(T, "928", INAT, "78", "", "", "   ", "", "", "", "", "", "", "", "", "", "", "")); // 28: blank
    write("multimedia.txt",
        String.join(T, "gbifID", "identifier", "type", "license"),
        String.join(T, "900", "https://static.inaturalist.org/photos/80747453/original.jpg?1593046768", "StillImage",
            "http://creativecommons.org/licenses/by-nc/4.0/"), // 2: kept
        String.join(T, "900", "https://static.inaturalist.org/photos/80747454/original.jpg"), // 3: 2 fields
        String.join(T, "", "https://static.inaturalist.org/photos/80747455/original.jpg", "StillImage", ""), // 4
        String.join(T, "x900", "https://static.inaturalist.org/photos/80747456/original.jpg", "StillImage", ""), // 5
        String.join(T, "900", "https://static.inaturalist.org/sounds/1.m4a", "Sound", ""), // 6: skipped
        String.join(T, "900", "https://example.org/photos/7/original.jpg", "StillImage", ""), // 7: skipped
        String.join(T, "900", "https://static.inaturalist.org/photos/80747458/original.jpg", "StillImage",
            "http://example.org/my-license"), // 8: unknown license
        String.join(T, "918", "https://inaturalist-open-data.s3.amazonaws.com/photos/80747459/medium.JPG", "",
            "http://creativecommons.org/publicdomain/zero/1.0/")); // 9: kept, no type

    SnapshotImporter.Result result = ImportFixtures.run(data, List.of(), null, input);

    List<String> rejects = rejects(result);
    assertThat(rejects).hasSize(17 + 4);
    assertThat(rejects).containsExactlyInAnyOrder(
        "occurrence.txt:3:wrong field count",
        "occurrence.txt:5:missing value",
        "occurrence.txt:6:bad number",
        "occurrence.txt:7:missing value",
        "occurrence.txt:8:bad value",
        "occurrence.txt:9:coordinate out of range",
        "occurrence.txt:10:coordinate out of range",
        "occurrence.txt:11:coordinate out of range",
        "occurrence.txt:12:bad number",
        "occurrence.txt:13:bad number",
        "occurrence.txt:14:bad number",
        "occurrence.txt:15:bad value",
        "occurrence.txt:16:bad date",
        "occurrence.txt:17:bad date",
        "occurrence.txt:18:bad date",
        "occurrence.txt:19:duplicate key",
        "occurrence.txt:24:duplicate key",
        "multimedia.txt:3:wrong field count",
        "multimedia.txt:4:missing value",
        "multimedia.txt:5:bad number",
        "multimedia.txt:8:bad value");
    assertThat(result.manifest().warnings())
        .anyMatch(w -> w.contains("skipped 1 row(s) of 1 other dataset(s)") && w.contains("other-dataset=1"))
        .anyMatch(w -> w.contains("multimedia.txt: skipped 2 row(s)") && w.contains("not an image=1")
            && w.contains("not an iNaturalist photo URL=1"));

    try (Connection db = ImportFixtures.open(result)) {
      assertThat(rows(db, "SELECT id, gbif_id, latitude, longitude, positional_accuracy, taxon_id, observed_on"
          + " FROM observations WHERE id < 75 ORDER BY id")).containsExactly(
              "50|900|90.0|-180.0|29|83744|2020-06-24",
              "68|918|-90.0|180.0|0|NULL|NULL",
              "69|919|NULL|NULL|NULL|NULL|2020-06-01",
              "70|920|NULL|NULL|NULL|NULL|2021-02-28");
      assertThat(rows(db, "SELECT photo_id, observation_id, extension, license FROM photos ORDER BY photo_id"))
          .containsExactly("80747453|50|jpg|CC-BY-NC", "80747459|68|JPG|CC0");
      assertThat(rows(db, "SELECT o.id, o.taxon_id, u.name FROM observations o LEFT JOIN observers u"
          + " ON u.id = o.observer_id WHERE o.id >= 75 ORDER BY o.id")).containsExactly(
              "75|555|NULL", "76|556|Jane Q.", "77|556|Jane Q.", "78|NULL|NULL", "3000000000|NULL|someone");
      // recordedBy is a name; it is the login too only where it looks like one (ObserverIds)
      assertThat(rows(db, "SELECT name, login FROM observers ORDER BY name"))
          .containsExactly("Jane Q.|NULL", "someone|someone");
      assertThat(rows(db, "SELECT id, name, rank FROM taxa ORDER BY id")).containsExactly(
          "555|taxon 555|NULL", "556|Foo bar Author, 1900|genus", "83744|Amblyomma americanum|species");
    }
    // the detail names the catalogNumber that held no id (and only when there was one)
    List<String> details = BadInputImportTest.rejectLines(result.directory());
    assertThat(details).hasSize(1 + 21);
    assertThat(details).filteredOn(l -> l.contains("occurrence.txt\t8\t"))
        .singleElement().asString().contains("bad value").contains("(catalogNumber = abc56)");
    assertThat(details).filteredOn(l -> l.contains("occurrence.txt\t7\t"))
        .singleElement().asString().contains("missing value").doesNotContain("catalogNumber =");
    // each file's entry in the manifest names its table
    assertThat(result.manifest().sources()).flatExtracting(org.refugium.snapshot.Manifest.Source::entries)
        .extracting(org.refugium.snapshot.Manifest.Entry::table).containsExactlyInAnyOrder("observations", "photos");
  }
}
