package org.refugium.photos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.refugium.testing.LabelledPhotoExport;
import org.refugium.testing.SharedData;

/**
 * An Open Data export built around the real plant photos of {@code ../shared/data/photos/plants}: one observation
 * per photo, of the photo's own taxon (labels.csv: Taraxacum, Helianthus annuus, Tulipa, Rosa, Bellis perennis,
 * Acer), each with one photo row whose id is {@link #FIRST_PHOTO_ID} + its line in labels.csv and whose licence is
 * the photo's licence in the export's spelling (CC-BY-2.0 is "CC-BY", CC0-1.0 is "CC0"). Even lines are research
 * grade in Europe (lat 50, lng 10) observed in 2024, odd lines needs_id in North America (lat 40, lng -75) observed
 * in 2025, so every selection filter has two sides to tell apart.
 *
 * <p>{@link #ABSENT_PHOTOS} more photo rows (ids from {@link #FIRST_ABSENT_ID}) belong to extra Rosa observations
 * whose photos are not in the source: iNaturalist's 404s, photos removed or relicensed since the export.
 *
 * <p>The taxa table is a shortened real tree: Life 48460 > Plantae 47126 > Magnoliopsida 47124 > the six taxa
 * (their real iNaturalist ids); the ranks between are left out, the subtree filter needs only the nesting.
 */
final class PlantPhotoExport {

  static final long FIRST_PHOTO_ID = 910_000;
  static final long FIRST_ABSENT_ID = 990_000;
  static final int ABSENT_PHOTOS = 3;

  /** One labelled photo and the photo id the export gives it. */
  record Photo(long photoId, Path file, long taxonId, String license, boolean europe2024Research) {}

  final Path directory;
  final List<Photo> photos;

  private PlantPhotoExport(Path directory, List<Photo> photos) {
    this.directory = directory;
    this.photos = photos;
  }

  static PlantPhotoExport write(Path dir) throws IOException {
    Path plants = SharedData.data("photos/plants");
    List<String> lines = Files.readAllLines(plants.resolve("labels.csv"), StandardCharsets.UTF_8);
    List<Photo> photos = new ArrayList<>();
    StringBuilder obs = new StringBuilder(
        "observation_uuid\tobserver_id\tlatitude\tlongitude\tpositional_accuracy\ttaxon_id\tquality_grade\tobserved_on\n");
    StringBuilder pho = new StringBuilder(
        "photo_uuid\tphoto_id\tobservation_uuid\tobserver_id\textension\tlicense\twidth\theight\tposition\n");
    for (int i = 1; i < lines.size(); i++) {
      List<String> f = LabelledPhotoExport.csv(lines.get(i));
      Path file = plants.resolve(f.get(0));
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("labels.csv names a missing photo: " + file);
      }
      long taxon = Long.parseLong(f.get(3));
      String license = exportLicense(f.get(4));
      boolean even = i % 2 == 0;
      long photoId = FIRST_PHOTO_ID + i;
      String uuid = String.format("00000000-0000-4000-8000-%012d", i);
      obs.append(uuid).append('\t').append(1).append('\t').append(even ? "50.0" : "40.0").append('\t')
          .append(even ? "10.0" : "-75.0").append("\t10\t").append(taxon).append('\t')
          .append(even ? "research" : "needs_id").append('\t').append(even ? "2024-06-01" : "2025-06-01").append('\n');
      String ext = f.get(0).substring(f.get(0).lastIndexOf('.') + 1);
      pho.append(String.format("10000000-0000-4000-8000-%012d", i)).append('\t').append(photoId).append('\t')
          .append(uuid).append("\t1\t").append(ext).append('\t').append(license).append("\t800\t600\t0\n");
      photos.add(new Photo(photoId, file, taxon, license, even));
    }
    for (int a = 0; a < ABSENT_PHOTOS; a++) {
      String uuid = String.format("00000000-0000-4000-9000-%012d", a);
      obs.append(uuid).append("\t1\t50.0\t10.0\t10\t53438\tresearch\t2024-06-01\n");
      pho.append(String.format("20000000-0000-4000-9000-%012d", a)).append('\t').append(FIRST_ABSENT_ID + a)
          .append('\t').append(uuid).append("\t1\tjpg\tCC-BY\t800\t600\t0\n");
    }
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("observations.csv"), obs);
    Files.writeString(dir.resolve("photos.csv"), pho);
    Files.writeString(dir.resolve("observers.csv"), "observer_id\tlogin\tname\n1\tplant-photographer\tPlant Photographer\n");
    StringBuilder taxa = new StringBuilder("taxon_id\tancestry\trank_level\trank\tname\tactive\n");
    taxa.append("48460\t\t100\tstateofmatter\tLife\ttrue\n");
    taxa.append("47126\t48460\t70\tkingdom\tPlantae\ttrue\n");
    taxa.append("47124\t48460/47126\t50\tclass\tMagnoliopsida\ttrue\n");
    for (Map.Entry<Long, String> t : Map.of(47603L, "20\tgenus\tTaraxacum", 57983L, "10\tspecies\tHelianthus annuus",
        55800L, "20\tgenus\tTulipa", 53438L, "20\tgenus\tRosa", 55563L, "10\tspecies\tBellis perennis",
        47727L, "20\tgenus\tAcer").entrySet()) {
      taxa.append(t.getKey()).append("\t48460/47126/47124\t").append(t.getValue()).append("\ttrue\n");
    }
    Files.writeString(dir.resolve("taxa.csv"), taxa);
    return new PlantPhotoExport(dir, List.copyOf(photos));
  }

  /** labels.csv licence (CC-BY-SA-4.0, CC0-1.0) in the export's spelling (CC-BY-SA, CC0). */
  static String exportLicense(String label) {
    return label.replaceAll("-[0-9.]+$", "");
  }
}
