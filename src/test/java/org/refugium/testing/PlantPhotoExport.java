package org.refugium.testing;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.refugium.photos.PhotoKey;
import org.refugium.photos.PhotoStore;

/**
 * A small Open Data export made for the photo mirror tests: every photo of {@code ../shared/data/photos/plants}
 * taken (up to {@code perTaxon} per folder) becomes one observation of the very taxon its {@code labels.csv} row
 * names, by an observer named after the photo's author, with the photo's licence in the export's spelling
 * (CC-BY-2.0 → CC-BY, CC0-1.0 → CC0). No photo is ever attached to an observation of another taxon.
 *
 * <p>The taxa table holds Life, Plantae and the six labelled taxa with their real iNaturalist ids; the ancestry
 * is shortened to Life/Plantae (the intermediate ranks are not needed by any photo test). The photo files are the
 * shared ones, byte for byte: {@link #fillStore} stores the same file under every size asked for (the set's
 * photos are at most 800 px; the tests check storing and serving, not resizing).
 */
public final class PlantPhotoExport {

  /** One photo of the export. {@code photoId} starts at {@link #FIRST_PHOTO_ID}. */
  public record Photo(long photoId, String observationUuid, Path file, String scientificName, long taxonId,
      String license, String author) {}

  public static final long FIRST_PHOTO_ID = 910_000_001L;

  private final Path dir;
  private final List<Photo> photos;

  private PlantPhotoExport(Path dir, List<Photo> photos) {
    this.dir = dir;
    this.photos = photos;
  }

  /** Writes the four tables (tab-separated, as the Open Data export) into {@code dir}. */
  public static PlantPhotoExport write(Path dir, int perTaxon) throws IOException {
    Path plants = SharedData.data("photos/plants");
    List<String> lines = Files.readAllLines(plants.resolve("labels.csv"), StandardCharsets.UTF_8);
    Map<String, Integer> taken = new LinkedHashMap<>();
    Map<Long, String[]> taxa = new LinkedHashMap<>();
    Map<String, Long> observers = new LinkedHashMap<>();
    List<Photo> photos = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = csv(line);
      String folder = f.get(0).substring(0, f.get(0).indexOf('/'));
      if (taken.merge(folder, 1, Integer::sum) > perTaxon) {
        continue;
      }
      long taxonId = Long.parseLong(f.get(3));
      taxa.putIfAbsent(taxonId, new String[] {f.get(1), f.get(2)});
      String author = f.get(5).isBlank() ? "unknown" : f.get(5);
      observers.putIfAbsent(author, 7_000_000L + observers.size());
      long photoId = FIRST_PHOTO_ID + photos.size();
      photos.add(new Photo(photoId, UUID.nameUUIDFromBytes(("plant-obs-" + photoId).getBytes(StandardCharsets.UTF_8))
          .toString(), plants.resolve(f.get(0)), f.get(1), taxonId, exportLicense(f.get(4)), author));
    }
    if (photos.isEmpty()) {
      throw new IllegalStateException("no photos listed in " + plants.resolve("labels.csv"));
    }
    Files.createDirectories(dir);
    try (Writer w = Files.newBufferedWriter(dir.resolve("taxa.csv"))) {
      w.write("taxon_id\tancestry\trank_level\trank\tname\tactive\n");
      w.write("48460\t\t100\tstateofmatter\tLife\ttrue\n");
      w.write("47126\t48460\t70\tkingdom\tPlantae\ttrue\n");
      for (Map.Entry<Long, String[]> t : taxa.entrySet()) {
        String rank = t.getValue()[1];
        w.write(t.getKey() + "\t48460/47126\t" + (rank.equals("species") ? 10 : 20) + "\t" + rank + "\t"
            + t.getValue()[0] + "\ttrue\n");
      }
    }
    try (Writer w = Files.newBufferedWriter(dir.resolve("observers.csv"))) {
      w.write("observer_id\tlogin\tname\n");
      java.util.Set<String> logins = new java.util.HashSet<>();
      for (Map.Entry<String, Long> o : observers.entrySet()) {
        String login = login(o.getKey(), o.getValue());
        if (!logins.add(login)) {
          login = login + "_" + o.getValue();
        }
        w.write(o.getValue() + "\t" + login + "\t" + o.getKey().replace('\t', ' ') + "\n");
      }
    }
    try (Writer obs = Files.newBufferedWriter(dir.resolve("observations.csv"));
        Writer ph = Files.newBufferedWriter(dir.resolve("photos.csv"))) {
      obs.write("observation_uuid\tobserver_id\tlatitude\tlongitude\tpositional_accuracy\ttaxon_id\tquality_grade"
          + "\tobserved_on\n");
      ph.write("photo_uuid\tphoto_id\tobservation_uuid\tobserver_id\textension\tlicense\twidth\theight\tposition\n");
      int i = 0;
      for (Photo p : photos) {
        long observer = observers.get(p.author());
        obs.write(p.observationUuid() + "\t" + observer + "\t" + (52.0 + i * 0.01) + "\t" + (4.5 + i * 0.01)
            + "\t10\t" + p.taxonId() + "\tresearch\t2021-05-" + String.format(Locale.ROOT, "%02d", 1 + i % 28) + "\n");
        ph.write(UUID.nameUUIDFromBytes(("plant-photo-" + p.photoId()).getBytes(StandardCharsets.UTF_8)) + "\t"
            + p.photoId() + "\t" + p.observationUuid() + "\t" + observer + "\tjpg\t" + p.license() + "\t\t\t0\n");
        i++;
      }
    }
    return new PlantPhotoExport(dir, List.copyOf(photos));
  }

  public Path dir() {
    return dir;
  }

  public List<Photo> photos() {
    return photos;
  }

  /** Stores every photo's file under each of {@code sizes}. */
  public void fillStore(PhotoStore store, List<String> sizes) throws IOException {
    for (Photo p : photos) {
      for (String size : sizes) {
        store.put(new PhotoKey(p.photoId(), size, "jpg"), p.file(), null);
      }
    }
  }

  /** The Open Data export writes licences without their version. */
  static String exportLicense(String label) {
    String l = label.toUpperCase(Locale.ROOT);
    return l.startsWith("CC0") ? "CC0" : l.replaceAll("-[0-9.]+$", "");
  }

  private static String login(String author, long id) {
    String s = author.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    return s.isEmpty() ? "observer" + id : s;
  }

  /** One line of labels.csv (commas, fields with commas in double quotes). */
  static List<String> csv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
