package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refugium.importer.dwca.ImportFixtures.count;
import static org.refugium.importer.dwca.ImportFixtures.rows;
import static org.refugium.importer.dwca.ImportFixtures.sharedData;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.dwca.CsvDialect;
import org.refugium.importer.dwca.CsvReader;
import org.refugium.importer.dwca.CsvRecord;
import org.refugium.importer.dwca.ImportFixtures;
import org.refugium.progress.Progress;
import org.refugium.snapshot.SnapshotStore;

/**
 * iNaturalist's own ids on real data (docs/ids.md): the web export (1,309 observations of a real project) alone
 * and as the enrichment of an Open Data export made from its own rows; the GBIF 2020 download joined through
 * photo ids to a photos table made from its multimedia rows.
 */
class InaturalistIdsTest {

  static final Path WEB_EXPORT = sharedData("inat-web-export").resolve("observations-568611.csv.zip");
  static final long TWO_TO_52 = 1L << 52;

  @TempDir
  static Path tmp;
  /** The web export's rows as the test reads them: header name → value. */
  static List<Map<String, String>> web;
  /** The web export's header, in file order. */
  static List<String> webHeader;

  @BeforeAll
  static void readWebExport() throws Exception {
    assertThat(WEB_EXPORT).as("the web export sample: ../shared/data/inat-web-export (see the project's README)")
        .exists();
    web = new ArrayList<>();
    try (ZipFile zip = new ZipFile(WEB_EXPORT.toFile());
        InputStream in = zip.getInputStream(zip.getEntry("observations-568611.csv"));
        CsvReader csv = new CsvReader(in, CsvDialect.INATURALIST)) {
      String[] header = csv.next().fields();
      webHeader = List.of(header);
      CsvRecord r;
      while ((r = csv.next()) != null) {
        assertThat(r.malformed()).as("line %d", r.line()).isFalse();
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], r.get(i));
        }
        web.add(row);
      }
    }
    assertThat(web).hasSize(1309);
  }

  static SnapshotImporter.Result importInto(Path dataDir, List<Path> openData, Path gbif, Path webExport, String name)
      throws IOException {
    return new SnapshotImporter(new SnapshotStore(dataDir), Progress.silent())
        .run(new SnapshotImporter.Request(openData, null, gbif, webExport, name, true));
  }

  @Test
  void webExportAlone() throws Exception {
    SnapshotImporter.Result result = importInto(tmp.resolve("alone"), List.of(), null, WEB_EXPORT, "web");
    assertThat(result.manifest().counts()).containsEntry("observations", 1309L).containsEntry("rejects", 0L)
        .containsEntry("ids.real.research", 916L).containsEntry("ids.real.needs_id", 381L)
        .containsEntry("ids.real.casual", 12L).containsEntry("photos", 1306L);
    assertThat(result.manifest().warnings()).anyMatch(w -> w.contains("taxa are placeholders"));
    try (Connection db = ImportFixtures.open(result)) {
      assertThat(rows(db, "SELECT id, inat_id, uuid, observer_id, created_at, updated_at, time_zone, place_guess,"
          + " place_country, place_region, license, recorded_by, taxon_id, quality_grade, observed_on"
          + " FROM observations WHERE uuid = '9da7d6ee-cd01-477e-8efe-f9dfb1c36255'")).containsExactly(
          "1782033|1782033|9da7d6ee-cd01-477e-8efe-f9dfb1c36255|109975|2015-07-20T03:49:24Z|2021-05-23T15:42:21Z"
              + "|Eastern Time (US & Canada)|Franklin Canyon Park|United States|California|CC-BY-NC|David Kaposi"
              + "|6317|research|2015-04-21");
      assertThat(rows(db, "SELECT photo_id, observation_uuid, extension FROM photos"
          + " WHERE observation_uuid = '9da7d6ee-cd01-477e-8efe-f9dfb1c36255'"))
          .containsExactly("2156910|9da7d6ee-cd01-477e-8efe-f9dfb1c36255|jpg");
      assertThat(rows(db, "SELECT name, rank FROM taxa WHERE id = 6317")).containsExactly("Calypte anna|species");
      assertEveryRowHasItsWebId(db);
    }
  }

  @Test
  void webExportEnrichesAnOpenDataExportOfTheSameRows() throws Exception {
    Path openData = Files.createDirectories(tmp.resolve("od-from-web"));
    // one web row is left out of the Open Data export (it must be counted as unmatched), and the Open Data export
    // has one observation the web export lacks (it keeps a stable id)
    List<Map<String, String>> rows = web.subList(1, web.size());
    String extraUuid = "00000000-0000-4000-8000-000000000001";
    writeOpenData(openData, rows, extraUuid);
    SnapshotImporter.Result result = importInto(tmp.resolve("enriched"), List.of(openData), null, WEB_EXPORT, "od");
    assertThat(result.manifest().counts()).containsEntry("observations", 1309L).containsEntry("rejects", 0L);
    assertThat(result.manifest().warnings()).anyMatch(w -> w.contains("1308 of 1309 rows matched")
        && w.contains("1 matched none"));
    try (Connection db = ImportFixtures.open(result)) {
      assertEveryRowHasItsWebId(db);
      assertThat(count(db, "SELECT count(*) FROM observations WHERE created_at IS NULL AND uuid <> '" + extraUuid
          + "'")).isZero();
      long withCountry = rows.stream().filter(r -> r.get("place_country_name") != null).count();
      assertThat(withCountry).isGreaterThan(1000);
      assertThat(count(db, "SELECT count(*) FROM observations WHERE place_country IS NOT NULL")).isEqualTo(withCountry);
      // the observation only the Open Data export has: its stable id, 2^52 + (SHA-256 of the uuid mod 2^51),
      // computed with Python's hashlib
      assertThat(rows(db, "SELECT id, inat_id, stable_id FROM observations WHERE uuid = '" + extraUuid + "'"))
          .containsExactly("6074752377916432|NULL|6074752377916432");
      // a real id keeps its old stable id resolvable: it is kept, and indexed, beside the real one
      assertThat(rows(db, "SELECT id, stable_id FROM observations WHERE uuid = '487dda55-d6ea-4b62-be41-77cba8cfa6eb'"))
          .containsExactly("1784617|6402000600123037");
    }
  }

  @Test
  void repeatedUuidsAndIdsInAWebExportAreRejectedFirstLineKept() throws Exception {
    // the real export, then three repeats: row 0 again (uuid and id), row 1's id under a new uuid, row 2's uuid
    // under a new id; each is a later line of a key already seen, rejected as a duplicate key
    List<Map<String, String>> rows = new ArrayList<>(web);
    rows.add(new HashMap<>(web.get(0)));
    Map<String, String> sameId = new HashMap<>(web.get(1));
    sameId.put("uuid", "00000000-0000-4000-8000-00000000000a");
    rows.add(sameId);
    Map<String, String> sameUuid = new HashMap<>(web.get(2));
    sameUuid.put("id", "999999999");
    rows.add(sameUuid);
    Path csv = tmp.resolve("repeats.csv");
    try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
      w.write(String.join(",", webHeader) + "\n");
      for (Map<String, String> r : rows) {
        w.write(String.join(",", webHeader.stream().map(h -> "\"" + v(r.get(h)).replace("\"", "\"\"") + "\"")
            .toList()) + "\n");
      }
    }
    SnapshotImporter.Result result = importInto(tmp.resolve("repeats"), List.of(), null, csv, "repeats");
    assertThat(result.manifest().counts()).containsEntry("observations", 1309L).containsEntry("rejects", 3L);
    assertThat(result.manifest().rejectsByReason()).containsEntry(RowRejectedException.DUPLICATE_KEY, 3L);
    try (Connection db = ImportFixtures.open(result)) {
      assertThat(count(db, "SELECT count(*) FROM observations WHERE inat_id = 999999999")).isZero();
      assertThat(count(db, "SELECT count(*) FROM observations WHERE uuid = '00000000-0000-4000-8000-00000000000a'"))
          .isZero();
      assertEveryRowHasItsWebId(db);
    }
    // the three repeats are the last three records: rejected by their own lines
    assertThat(ImportFixtures.rejects(result)).hasSize(3).allMatch(l -> l.startsWith("repeats.csv:")
        && l.endsWith(":" + RowRejectedException.DUPLICATE_KEY));
  }

  @Test
  void gbifDownloadJoinsThroughPhotoIds() throws Exception {
    Path gbif = sharedData("gbif-download-2020");
    // catalogNumber by gbifID, for the iNaturalist dataset's rows, as the test reads occurrence.txt itself
    Map<String, String> catalogNumber = new LinkedHashMap<>();
    List<String> occ = Files.readAllLines(gbif.resolve("occurrence.txt"), StandardCharsets.UTF_8);
    List<String> header = List.of(occ.get(0).split("\t", -1));
    int gbifIdAt = header.indexOf("gbifID");
    int catalogAt = header.indexOf("catalogNumber");
    int datasetAt = header.indexOf("datasetKey");
    for (String line : occ.subList(1, occ.size())) {
      String[] f = line.split("\t", -1);
      if (f[datasetAt].equals("50c9509d-22c7-4a22-a47d-8c48425ef4a7")) {
        catalogNumber.put(f[gbifIdAt].strip(), f[catalogAt].strip());
      }
    }
    assertThat(catalogNumber).hasSize(1015);
    // an Open Data export whose photos are the download's multimedia rows, under one observation per occurrence
    // (uuid made from the gbifID); every tenth occurrence with photos is left out, so its photos match nothing
    Map<String, List<String[]>> photosOf = new LinkedHashMap<>();
    List<String> media = Files.readAllLines(gbif.resolve("multimedia.txt"), StandardCharsets.UTF_8);
    List<String> mediaHeader = List.of(media.get(0).split("\t", -1));
    java.util.regex.Pattern photoUrl = java.util.regex.Pattern.compile("inaturalist\\.org/photos/(\\d+)/\\w+\\.(\\w+)");
    for (String line : media.subList(1, media.size())) {
      String[] f = line.split("\t", -1);
      String gbifId = f[mediaHeader.indexOf("gbifID")].strip();
      java.util.regex.Matcher m = photoUrl.matcher(f[mediaHeader.indexOf("identifier")]);
      if (catalogNumber.containsKey(gbifId) && m.find()) {
        photosOf.computeIfAbsent(gbifId, k -> new ArrayList<>()).add(new String[] {m.group(1), m.group(2)});
      }
    }
    assertThat(photosOf.size()).isGreaterThan(800);
    Path openData = Files.createDirectories(tmp.resolve("od-from-gbif"));
    Map<String, String> expectedInatId = new LinkedHashMap<>(); // uuid → catalogNumber
    Map<String, String> expectedGbifId = new LinkedHashMap<>();
    int n = 0;
    long leftOut = 0;
    try (Writer obs = Files.newBufferedWriter(openData.resolve("observations.csv"));
        Writer photos = Files.newBufferedWriter(openData.resolve("photos.csv"))) {
      obs.write("observation_uuid\tobserver_id\tlatitude\tlongitude\tpositional_accuracy\ttaxon_id\tquality_grade"
          + "\tobserved_on\n");
      photos.write("photo_uuid\tphoto_id\tobservation_uuid\tobserver_id\textension\tlicense\twidth\theight\tposition\n");
      for (var e : photosOf.entrySet()) {
        if (n++ % 10 == 9) {
          leftOut++;
          continue;
        }
        String uuid = UUID.nameUUIDFromBytes(e.getKey().getBytes(StandardCharsets.US_ASCII)).toString();
        obs.write(uuid + "\t1\t\t\t\t\tresearch\t\n");
        int position = 0;
        for (String[] p : e.getValue()) {
          photos.write(UUID.nameUUIDFromBytes(p[0].getBytes(StandardCharsets.US_ASCII)) + "\t" + p[0] + "\t" + uuid
              + "\t1\t" + p[1] + "\tCC-BY-NC\t\t\t" + position++ + "\n");
        }
        expectedInatId.put(uuid, catalogNumber.get(e.getKey()));
        expectedGbifId.put(uuid, e.getKey());
      }
    }
    Files.writeString(openData.resolve("taxa.csv"), "taxon_id\tancestry\trank_level\trank\tname\tactive\n"
        + "48460\t\t100\tstateofmatter\tLife\ttrue\n");
    Files.writeString(openData.resolve("observers.csv"), "observer_id\tlogin\tname\n1\tsomeone\t\n");

    SnapshotImporter.Result result = importInto(tmp.resolve("gbif-joined"), List.of(openData), gbif, null, "gbif");
    long joined = expectedInatId.size();
    long withoutPhotos = catalogNumber.size() - photosOf.size();
    assertThat(result.manifest().warnings()).anyMatch(w -> w.startsWith("GBIF download joined through photo ids: "
        + joined + " of 1015 occurrences matched") && w.contains(withoutPhotos + " had no iNaturalist photo"));
    assertThat(result.manifest().counts()).containsEntry("observations", joined)
        .containsEntry("ids.real.research", joined);
    try (Connection db = ImportFixtures.open(result)) {
      Map<String, String> got = new HashMap<>();
      for (String row : rows(db, "SELECT uuid, id, inat_id, gbif_id FROM observations")) {
        String[] f = row.split("\\|");
        assertThat(f[1]).isEqualTo(f[2]);
        got.put(f[0], f[2] + "|" + f[3]);
      }
      assertThat(got).hasSize(expectedInatId.size());
      for (var e : expectedInatId.entrySet()) {
        assertThat(got.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue() + "|" + expectedGbifId.get(e.getKey()));
      }
      // the side database of the join is gone from the snapshot
      assertThat(result.directory().resolve(GbifJoin.SIDE_FILE)).doesNotExist();
    }
    assertThat(leftOut).isPositive();
  }

  /** Every web row's uuid (where the snapshot has it) carries the web row's id, below 2^52. */
  private static void assertEveryRowHasItsWebId(Connection db) throws Exception {
    Map<String, String> idOf = new LinkedHashMap<>();
    for (String row : rows(db, "SELECT uuid, id, inat_id FROM observations WHERE id < " + TWO_TO_52)) {
      String[] f = row.split("\\|");
      assertThat(f[1]).isEqualTo(f[2]);
      idOf.put(f[0], f[1]);
    }
    long checked = 0;
    for (Map<String, String> r : web) {
      if (idOf.containsKey(r.get("uuid"))) {
        assertThat(idOf.get(r.get("uuid"))).as(r.get("uuid")).isEqualTo(r.get("id"));
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(1308);
  }

  /** An Open Data-format export (tab-separated tables) from web export rows' own fields. */
  static void writeOpenData(Path dir, List<Map<String, String>> rows, String extraUuid) throws IOException {
    Map<String, String> taxa = new LinkedHashMap<>();
    Map<String, String> observers = new LinkedHashMap<>();
    try (Writer obs = Files.newBufferedWriter(dir.resolve("observations.csv"), StandardCharsets.UTF_8);
        Writer photos = Files.newBufferedWriter(dir.resolve("photos.csv"), StandardCharsets.UTF_8)) {
      obs.write("observation_uuid\tobserver_id\tlatitude\tlongitude\tpositional_accuracy\ttaxon_id\tquality_grade"
          + "\tobserved_on\n");
      photos.write("photo_uuid\tphoto_id\tobservation_uuid\tobserver_id\textension\tlicense\twidth\theight\tposition\n");
      for (Map<String, String> r : rows) {
        obs.write(String.join("\t", r.get("uuid"), r.get("user_id"), v(r.get("latitude")), v(r.get("longitude")),
            v(r.get("public_positional_accuracy")), v(r.get("taxon_id")), r.get("quality_grade"),
            v(r.get("observed_on"))) + "\n");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("/photos/(\\d+)/\\w+\\.(\\w+)")
            .matcher(v(r.get("image_url")));
        if (m.find()) {
          photos.write(String.join("\t", UUID.nameUUIDFromBytes(m.group(1).getBytes(StandardCharsets.US_ASCII))
              .toString(), m.group(1), r.get("uuid"), r.get("user_id"), m.group(2), "CC-BY-NC", "", "", "0") + "\n");
        }
        if (r.get("taxon_id") != null) {
          taxa.put(r.get("taxon_id"), r.get("scientific_name"));
        }
        observers.put(r.get("user_id"), r.get("user_login"));
      }
      if (extraUuid != null) {
        obs.write(extraUuid + "\t" + rows.get(0).get("user_id") + "\t\t\t\t\tcasual\t2020-01-01\n");
      }
    }
    try (Writer t = Files.newBufferedWriter(dir.resolve("taxa.csv"), StandardCharsets.UTF_8);
        Writer o = Files.newBufferedWriter(dir.resolve("observers.csv"), StandardCharsets.UTF_8)) {
      t.write("taxon_id\tancestry\trank_level\trank\tname\tactive\n48460\t\t100\tstateofmatter\tLife\ttrue\n");
      for (var e : taxa.entrySet()) {
        t.write(e.getKey() + "\t48460\t10\tspecies\t" + e.getValue() + "\ttrue\n");
      }
      o.write("observer_id\tlogin\tname\n");
      for (var e : observers.entrySet()) {
        o.write(e.getKey() + "\t" + e.getValue() + "\t\n");
      }
    }
  }

  private static String v(String s) {
    return s == null ? "" : s;
  }
}
