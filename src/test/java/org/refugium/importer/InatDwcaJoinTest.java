package org.refugium.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.refugium.importer.dwca.ImportFixtures.count;
import static org.refugium.importer.dwca.ImportFixtures.rows;
import static org.refugium.importer.dwca.ImportFixtures.sharedData;

import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.dwca.CsvDialect;
import org.refugium.importer.dwca.CsvReader;
import org.refugium.importer.dwca.CsvRecord;
import org.refugium.importer.dwca.ImportFixtures;
import org.refugium.progress.Progress;
import org.refugium.snapshot.SnapshotStore;

/**
 * iNaturalist's own observation DwC-A (50 real rows of observations.csv) as an enrichment of an Open Data export
 * made from the same rows' fields: joined through photo ids (an images.csv written here, as the full archive
 * has one) and, for rows without photos, by the iNaturalist id a web export gave the observation.
 */
class InatDwcaJoinTest {

  @TempDir
  Path tmp;

  @Test
  void theDwcaJoinsThroughPhotoIdsAndIdsWithConflictsCounted() throws Exception {
    Path sample = sharedData("inat-observations-dwca").resolve("observations.csv");
    List<Map<String, String>> dwc = new ArrayList<>();
    try (InputStream in = Files.newInputStream(sample); CsvReader csv = new CsvReader(in, CsvDialect.INATURALIST)) {
      String[] header = csv.next().fields();
      CsvRecord r;
      while ((r = csv.next()) != null) {
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
          row.put(header[i], r.get(i));
        }
        dwc.add(row);
      }
    }
    assertThat(dwc).hasSize(50);

    // rows 0..39 have photos (two each) in images.csv; row 1 also lists row 0's first photo (a conflict: row 1's
    // photos are under two observations, row 0's observation is claimed by two rows); rows 40..42 have no photo
    // but a web export gives their observations their ids; rows 43..49 match nothing
    Path openData = Files.createDirectories(tmp.resolve("od"));
    Path archive = Files.createDirectories(tmp.resolve("dwca"));
    Files.copy(sample, archive.resolve("observations.csv"));
    StringBuilder web = new StringBuilder("id,uuid\n");
    try (Writer obs = Files.newBufferedWriter(openData.resolve("observations.csv"));
        Writer photos = Files.newBufferedWriter(openData.resolve("photos.csv"));
        Writer images = Files.newBufferedWriter(archive.resolve("images.csv"))) {
      obs.write("observation_uuid\tobserver_id\tlatitude\tlongitude\tpositional_accuracy\ttaxon_id\tquality_grade"
          + "\tobserved_on\n");
      photos.write("photo_uuid\tphoto_id\tobservation_uuid\tobserver_id\textension\tlicense\twidth\theight\tposition\n");
      images.write("id,type,format,identifier,references,created,creator,publisher,license,rightsHolder,catalogNumber\n");
      for (int i = 0; i < dwc.size(); i++) {
        Map<String, String> r = dwc.get(i);
        String id = r.get("id");
        String uuid = uuidOf(id);
        obs.write(String.join("\t", uuid, "1", r.get("decimalLatitude"), r.get("decimalLongitude"), "",
            r.get("taxonID"), "research", r.get("eventDate").substring(0, 10)) + "\n");
        if (i < 40) {
          for (int k = 0; k < 2; k++) {
            long photo = Long.parseLong(id) * 10 + k;
            photos.write(uuidOf("photo" + photo) + "\t" + photo + "\t" + uuid + "\t1\tjpg\tCC0\t\t\t" + k + "\n");
            images.write(id + ",StillImage,image/jpeg,https://inaturalist-open-data.s3.amazonaws.com/photos/" + photo
                + "/original.jpg,,,,,,," + photo + "\n");
          }
        } else if (i < 43) {
          web.append(id).append(',').append(uuid).append('\n');
        }
      }
      images.write(dwc.get(1).get("id") + ",StillImage,image/jpeg,https://static.inaturalist.org/photos/"
          + (Long.parseLong(dwc.get(0).get("id")) * 10) + "/medium.jpg,,,,,,,\n");
    }
    Files.writeString(openData.resolve("taxa.csv"), "taxon_id\tancestry\trank_level\trank\tname\tactive\n"
        + "48460\t\t100\tstateofmatter\tLife\ttrue\n");
    Files.writeString(openData.resolve("observers.csv"), "observer_id\tlogin\tname\n1\tsomeone\t\n");
    Path webExport = tmp.resolve("observations-1.csv");
    Files.writeString(webExport, web);

    SnapshotImporter.Result result = new SnapshotImporter(new SnapshotStore(tmp.resolve("data")), Progress.silent())
        .run(new SnapshotImporter.Request(List.of(openData), null, null, webExport, archive, "dwca", true));
    assertThat(result.manifest().warnings()).anyMatch(w -> w.startsWith("iNaturalist DwC-A observations.csv joined:"
        + " 41 of 50 rows matched an Open Data observation (38 through photo ids, 3 by an iNaturalist id")
        && w.contains("; 9 matched none") && w.contains("conflicts: 1 row(s) whose photos or id are under two or more"
        + " observations, 1 observation(s) claimed by two or more rows"));
    assertThat(result.manifest().counts()).containsEntry("observations", 50L);
    try (Connection db = ImportFixtures.open(result)) {
      // 38 by photo + 3 from the web export; rows 0 and 1 (the conflict) and 43..49 keep their stable ids
      assertThat(count(db, "SELECT count(*) FROM observations WHERE inat_id IS NOT NULL")).isEqualTo(41);
      for (int i : new int[] {0, 1, 43, 49}) {
        assertThat(count(db, "SELECT count(*) FROM observations WHERE inat_id IS NULL AND uuid = '"
            + uuidOf(dwc.get(i).get("id")) + "'")).as("row %d", i).isEqualTo(1);
      }
      // 2..39 through their photos, 40 and 42 by the web export's ids; 10, 15 and 40 have a day-only eventDate
      for (int i : new int[] {2, 10, 15, 17, 39, 40, 42}) {
        Map<String, String> r = dwc.get(i);
        String timeObserved = r.get("eventDate").length() == 10 ? "NULL" : OffsetDateTime.parse(r.get("eventDate")).withOffsetSameInstant(ZoneOffset.UTC)
            .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        String expected = String.join("|", r.get("id"), r.get("modified"), timeObserved,
            v(r.get("stateProvince")), v(r.get("verbatimLocality")), r.get("license").contains("publicdomain/zero")
                ? "CC0" : "CC-" + r.get("license").replaceAll(".*/licenses/([a-z-]+)/.*", "$1").toUpperCase(),
            r.get("recordedBy"), v(r.get("occurrenceRemarks")));
        assertThat(rows(db, "SELECT id, updated_at, coalesce(time_observed_at, 'NULL'), coalesce(place_region, 'NULL'),"
            + " coalesce(place_guess, 'NULL'), license, recorded_by, coalesce(description, 'NULL') FROM observations"
            + " WHERE uuid = '" + uuidOf(r.get("id")) + "'")).as("row %d", i).containsExactly(expected);
      }
    }
  }

  private static String uuidOf(String key) {
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.US_ASCII)).toString();
  }

  private static String v(String s) {
    return s == null ? "NULL" : s;
  }
}
