package org.refugium.recognition.archive;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.photos.PhotoKey;
import org.refugium.testing.SharedData;
import org.refugium.testing.Snapshots;

/**
 * A small archive built from the labelled plant photos (../shared/data/photos/plants): an Open Data
 * export with one observation per chosen photo (its real taxon from labels.csv, observed by the
 * photo's author), imported as a real snapshot, and a directory photo store holding each photo as
 * its {@code medium.jpg}. Places, dates and grades are made up deterministically from the row
 * number (the filter tests need variety; the photos carry none).
 */
final class PlantArchive {

  /** One labelled photo. {@code index} is its row in labels.csv (0-based), the photo id is index + 1. */
  record Photo(int index, Path file, String folder, int taxonId, String author) {
    long photoId() {
      return index + 1L;
    }

    double latitude() {
      return -40 + (index * 37 % 80);
    }

    double longitude() {
      return -150 + (index * 53 % 300);
    }

    LocalDate observedOn() {
      return LocalDate.of(2015, 1, 1).plusDays(index * 29L);
    }

    String quality() {
      return index % 10 == 9 ? "needs_id" : "research";
    }
  }

  private PlantArchive() {}

  static Path plants() {
    return SharedData.data("photos/plants");
  }

  /** Every photo of labels.csv, in file order. */
  static List<Photo> labelled() throws IOException {
    List<String> lines = Files.readAllLines(plants().resolve("labels.csv"), StandardCharsets.UTF_8);
    List<Photo> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      List<String> c = csv(lines.get(i));
      String file = c.get(0);
      out.add(new Photo(i - 1, plants().resolve(file), file.substring(0, file.indexOf('/')),
          Integer.parseInt(c.get(3)), c.get(5)));
    }
    return out;
  }

  /** Row i of each folder goes to the archive when {@code i % 3 != 2}: two thirds per taxon. */
  static Predicate<Photo> twoThirds(List<Photo> all) {
    Map<String, Integer> seen = new LinkedHashMap<>();
    Map<Integer, Integer> position = new LinkedHashMap<>();
    for (Photo p : all) {
      position.put(p.index(), seen.merge(p.folder(), 1, Integer::sum) - 1);
    }
    return p -> position.get(p.index()) % 3 != 2;
  }

  /** Imports a snapshot "plants" of {@code photos} into {@code dataDir}, and fills {@code store}. */
  static void build(Path dataDir, Path storeDir, List<Photo> photos) throws Exception {
    Path export = Files.createDirectories(dataDir.resolveSibling(dataDir.getFileName() + "-export"));
    Files.copy(SharedData.fixture("plant-photos-taxa").resolve("taxa.csv"),
        export.resolve("taxa.csv"));
    StringBuilder obs = new StringBuilder("observation_uuid\tobserver_id\tlatitude\tlongitude\t"
        + "positional_accuracy\ttaxon_id\tquality_grade\tobserved_on\n");
    StringBuilder ph = new StringBuilder("photo_uuid\tphoto_id\tobservation_uuid\tobserver_id\t"
        + "extension\tlicense\twidth\theight\tposition\n");
    Map<String, Integer> observers = new LinkedHashMap<>();
    for (Photo p : photos) {
      int observer = observers.computeIfAbsent(p.author(), a -> observers.size() + 1);
      String uuid = uuid(p.index());
      obs.append(uuid).append('\t').append(observer).append('\t').append(p.latitude())
          .append('\t').append(p.longitude()).append("\t10\t").append(p.taxonId()).append('\t')
          .append(p.quality()).append('\t').append(p.observedOn()).append('\n');
      ph.append(uuid(100_000 + p.index())).append('\t').append(p.photoId()).append('\t')
          .append(uuid).append('\t').append(observer).append("\tjpg\tCC-BY\t500\t400\t0\n");
    }
    StringBuilder users = new StringBuilder("observer_id\tlogin\tname\n");
    observers.forEach((name, id) -> users.append(id).append("\tuser").append(id).append('\t')
        .append(name.replace('\t', ' ')).append('\n'));
    Files.writeString(export.resolve("observations.csv"), obs);
    Files.writeString(export.resolve("photos.csv"), ph);
    Files.writeString(export.resolve("observers.csv"), users);
    Snapshots.importOpenData(dataDir, "plants", export);
    try (DirectoryPhotoStore store = DirectoryPhotoStore.open(storeDir)) {
      for (Photo p : photos) {
        store.put(new PhotoKey(p.photoId(), "medium", "jpg"), p.file(), md5(p.file()));
      }
    }
  }

  static String uuid(int n) {
    return String.format("00000000-0000-4000-8000-%012d", n);
  }

  private static String md5(Path f) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(Files.readAllBytes(f)));
  }

  /** One CSV line with RFC 4180 quotes. */
  private static List<String> csv(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cur.append('"');
          i++;
        } else if (ch == '"') {
          quoted = false;
        } else {
          cur.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
