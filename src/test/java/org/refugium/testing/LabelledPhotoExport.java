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
 * A small Open Data export made for the photo mirror tests from labelled real photos of {@code ../shared}: every
 * photo taken becomes one observation of the very taxon its labels row names, by an observer named after the
 * photo's author, with the photo's licence in the export's spelling (CC-BY-2.0 → CC-BY, CC0-1.0 → CC0). No photo
 * is ever attached to an observation of another taxon.
 *
 * <ul>
 *   <li>{@link #plants}: {@code photos/plants} (six plant taxa with their real iNaturalist ids; ancestry shortened
 *       to Life/Plantae, the intermediate ranks are not needed by any photo test).
 *   <li>{@link #wikimediaBirds}: the ten {@code photos/wikimedia-birds} species (150 px crops), under Life /
 *       Animalia / Chordata / Vertebrata / Aves with their real ids, so a bird model's labels find them by name;
 *       the species get ids of this fixture (the labels file has none).
 * </ul>
 *
 * <p>The photo files are the shared ones, byte for byte: {@link #fillStore} stores the same file under every size
 * asked for (the tests check storing and serving, not resizing).
 */
public final class LabelledPhotoExport {

  /** One photo of the export. {@code photoId} starts at {@link #FIRST_PHOTO_ID}. */
  public record Photo(long photoId, String observationUuid, Path file, String scientificName, long taxonId,
      String license, String author) {}

  public static final long FIRST_PHOTO_ID = 910_000_001L;

  private final Path dir;
  private final List<Photo> photos;

  private LabelledPhotoExport(Path dir, List<Photo> photos) {
    this.dir = dir;
    this.photos = photos;
  }

  /** Up to {@code perTaxon} photos of each folder of {@code photos/plants}, written into {@code dir}. */
  public static LabelledPhotoExport plants(Path dir, int perTaxon) throws IOException {
    Path plants = SharedData.data("photos/plants");
    List<String> lines = Files.readAllLines(plants.resolve("labels.csv"), StandardCharsets.UTF_8);
    Map<String, Integer> taken = new LinkedHashMap<>();
    List<String> taxa = new ArrayList<>(List.of("48460\t\t100\tstateofmatter\tLife\ttrue",
        "47126\t48460\t70\tkingdom\tPlantae\ttrue"));
    List<Photo> photos = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = csv(line);
      String folder = f.get(0).substring(0, f.get(0).indexOf('/'));
      if (taken.merge(folder, 1, Integer::sum) > perTaxon) {
        continue;
      }
      long taxonId = Long.parseLong(f.get(3));
      String rank = f.get(2);
      String taxon = taxonId + "\t48460/47126\t" + (rank.equals("species") ? 10 : 20) + "\t" + rank + "\t" + f.get(1)
          + "\ttrue";
      if (!taxa.contains(taxon)) {
        taxa.add(taxon);
      }
      photos.add(photo(photos.size(), plants.resolve(f.get(0)), f.get(1), taxonId, exportLicense(f.get(4)),
          f.get(5).isBlank() ? "unknown" : f.get(5)));
    }
    return write(dir, photos, taxa);
  }

  /** The ten wikimedia-birds photos, one observation each, written into {@code dir}. */
  public static LabelledPhotoExport wikimediaBirds(Path dir) throws IOException {
    Path shared = SharedData.data("photos");
    List<String> lines = Files.readAllLines(shared.resolve("labels.csv"), StandardCharsets.UTF_8);
    List<String> taxa = new ArrayList<>(List.of("48460\t\t100\tstateofmatter\tLife\ttrue",
        "1\t48460\t70\tkingdom\tAnimalia\ttrue", "2\t48460/1\t60\tphylum\tChordata\ttrue",
        "355675\t48460/1/2\t57\tsubphylum\tVertebrata\ttrue", "3\t48460/1/2/355675\t50\tclass\tAves\ttrue"));
    List<Photo> photos = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> f = csv(line);
      if (!f.get(0).startsWith("wikimedia-birds/")) {
        continue;
      }
      long taxonId = 8_100_001L + photos.size();
      taxa.add(taxonId + "\t48460/1/2/355675/3\t10\tspecies\t" + f.get(1) + "\ttrue");
      String author = f.get(4).contains(" via ") ? f.get(4).substring(0, f.get(4).indexOf(" via ")) : f.get(4);
      photos.add(photo(photos.size(), shared.resolve(f.get(0)), f.get(1), taxonId, urlLicense(f.get(3)), author));
    }
    return write(dir, photos, taxa);
  }

  private static Photo photo(int index, Path file, String name, long taxonId, String license, String author) {
    long photoId = FIRST_PHOTO_ID + index;
    return new Photo(photoId, UUID.nameUUIDFromBytes(("labelled-obs-" + photoId).getBytes(StandardCharsets.UTF_8))
        .toString(), file, name, taxonId, license, author);
  }

  /** Writes the four tables (tab-separated, as the Open Data export) into {@code dir}. */
  private static LabelledPhotoExport write(Path dir, List<Photo> photos, List<String> taxa) throws IOException {
    if (photos.isEmpty()) {
      throw new IllegalStateException("no labelled photos found under " + SharedData.data("photos"));
    }
    Map<String, Long> observers = new LinkedHashMap<>();
    for (Photo p : photos) {
      observers.putIfAbsent(p.author(), 7_000_000L + observers.size());
    }
    Files.createDirectories(dir);
    try (Writer w = Files.newBufferedWriter(dir.resolve("taxa.csv"))) {
      w.write("taxon_id\tancestry\trank_level\trank\tname\tactive\n");
      for (String t : taxa) {
        w.write(t + "\n");
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
    return new LabelledPhotoExport(dir, List.copyOf(photos));
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
        store.put(new PhotoKey(p.photoId(), size, "jpg"), p.file(), md5(p.file()));
      }
    }
  }

  /** The file's MD5 in hex, as {@link PhotoStore#put} takes it (an S3 store sends it as Content-MD5). */
  public static String md5(Path file) throws IOException {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
          .digest(Files.readAllBytes(file)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The Open Data export writes licences without their version. */
  static String exportLicense(String label) {
    String l = label.toUpperCase(Locale.ROOT);
    return l.startsWith("CC0") ? "CC0" : l.replaceAll("-[0-9.]+$", "");
  }

  /** "https://creativecommons.org/licenses/by-sa/2.0/deed.en" → "CC-BY-SA"; publicdomain/zero → "CC0". */
  static String urlLicense(String url) {
    if (url.contains("/publicdomain/zero/")) {
      return "CC0";
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("/licenses/([a-z-]+)/").matcher(url);
    if (!m.find()) {
      throw new IllegalArgumentException("not a Creative Commons licence URL: " + url);
    }
    return "CC-" + m.group(1).toUpperCase(Locale.ROOT);
  }

  private static String login(String author, long id) {
    String s = author.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    return s.isEmpty() ? "observer" + id : s;
  }

  /** One line of labels.csv (commas, fields with commas in double quotes). */
  public static List<String> csv(String line) {
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
