package org.refugium.bench;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.refugium.archive.SqliteFiles;

/**
 * Picks the benchmark's request lists from a snapshot's own record (seeded, so every run sends the same
 * requests): one file of request paths per endpoint, read by wrk's Lua script (scripts/bench-api).
 *
 * <ul>
 *   <li>taxa: /v1/taxa/{id} of observed taxa, weighted by their own observations (taxon pages people open);</li>
 *   <li>autocomplete: prefixes (2–8 letters; for species sometimes "Genus ep") of names of observed taxa,
 *       weighted by observations; per_page=10 as iNaturalist's search box sends;</li>
 *   <li>observations: taxon (the genus, else family, of a real observation's taxon) + a box of ±2° lat /
 *       ±3° lng around its point + a three-year date range around its day;</li>
 *   <li>species_counts: family-level taxa, weighted by observations.</li>
 * </ul>
 */
final class BenchQueries {

  static final int PER_LIST = 300;

  private final Connection db;
  private final SplittableRandom random = new SplittableRandom(1);
  private final Map<Integer, String> rank = new HashMap<>();
  private final Map<Integer, String> name = new HashMap<>();
  private final Map<Integer, String> ancestry = new HashMap<>();
  private long[] cumulative;
  private final List<Integer> observed = new ArrayList<>();

  private BenchQueries(Connection db) throws Exception {
    this.db = db;
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT id, rank, name, ancestry FROM taxa WHERE active = 1")) {
      while (rs.next()) {
        int id = rs.getInt(1);
        rank.put(id, rs.getString(2));
        name.put(id, rs.getString(3));
        ancestry.put(id, rs.getString(4));
      }
    }
    // Weights: observations of the taxon itself (not its subtree, which would make "Life" the most
    // visited page): mostly species, as on iNaturalist.
    List<Long> counts = new ArrayList<>();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT taxon_id, count(*) FROM observations WHERE taxon_id IS NOT NULL GROUP BY taxon_id")) {
      while (rs.next()) {
        if (rank.containsKey(rs.getInt(1))) {
          observed.add(rs.getInt(1));
          counts.add(rs.getLong(2));
        }
      }
    }
    cumulative = new long[counts.size()];
    long sum = 0;
    for (int i = 0; i < counts.size(); i++) {
      sum += counts.get(i);
      cumulative[i] = sum;
    }
  }

  static void write(Path snapshot, Path out) throws Exception {
    Files.createDirectories(out);
    try (Connection db = SqliteFiles.openReadOnly(snapshot.resolve("mirror.sqlite"))) {
      BenchQueries q = new BenchQueries(db);
      q.save(out.resolve("taxa.txt"), q.taxa());
      List<String> prefixes = q.prefixes();
      q.save(out.resolve("autocomplete-q.txt"), prefixes);
      q.save(out.resolve("autocomplete.txt"), prefixes.stream()
          .map(p -> "/v1/taxa/autocomplete?q=" + URLEncoder.encode(p, StandardCharsets.UTF_8) + "&per_page=10").toList());
      q.save(out.resolve("observations.txt"), q.observations());
      q.save(out.resolve("species_counts.txt"), q.speciesCounts());
    }
  }

  private void save(Path file, List<String> lines) throws IOException {
    Files.write(file, lines, StandardCharsets.UTF_8);
    System.err.println("bench: " + lines.size() + " requests in " + file);
  }

  /** An observed taxon, drawn with probability proportional to its own observations. */
  private int weightedObserved() {
    long r = random.nextLong(cumulative[cumulative.length - 1]);
    int i = java.util.Arrays.binarySearch(cumulative, r + 1);
    return observed.get(i >= 0 ? i : -i - 1);
  }

  private List<String> taxa() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < PER_LIST; i++) {
      out.add("/v1/taxa/" + weightedObserved());
    }
    return out;
  }

  private List<String> prefixes() {
    List<String> out = new ArrayList<>();
    while (out.size() < PER_LIST) {
      int id = weightedObserved();
      if (id == 48460) {
        continue; // "Life": every draw's subtree; it would dominate
      }
      String n = name.get(id).toLowerCase(Locale.ROOT);
      int space = n.indexOf(' ');
      if (space > 0 && random.nextBoolean()) {
        int len = Math.min(n.length(), space + 1 + 1 + random.nextInt(3));
        out.add(n.substring(0, len));
      } else {
        String word = space > 0 ? n.substring(0, space) : n;
        out.add(word.substring(0, Math.min(word.length(), 2 + random.nextInt(7))));
      }
    }
    return out;
  }

  private List<String> observations() throws Exception {
    long min;
    long max;
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT min(id), max(id) FROM observations")) {
      min = rs.getLong(1);
      max = rs.getLong(2);
    }
    List<String> out = new ArrayList<>();
    // ids are sparse (iNaturalist's, or stable ids hashed from the uuid: docs/ids.md): take the first row at or
    // after a random point of the range, which the primary key finds at once
    try (PreparedStatement ps = db.prepareStatement(
        "SELECT latitude, longitude, observed_on, taxon_id FROM observations WHERE id >= ?"
            + " AND latitude IS NOT NULL AND observed_on IS NOT NULL AND taxon_id IS NOT NULL ORDER BY id LIMIT 1")) {
      while (out.size() < PER_LIST) {
        ps.setLong(1, min + random.nextLong(max - min + 1));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            continue;
          }
          Integer group = genusOrFamily(rs.getInt(4));
          if (group == null) {
            continue;
          }
          double lat = rs.getDouble(1);
          double lng = rs.getDouble(2);
          LocalDate day = LocalDate.parse(rs.getString(3));
          out.add(String.format(Locale.ROOT, "/v1/observations?taxon_id=%d&swlat=%.4f&swlng=%.4f&nelat=%.4f&nelng=%.4f"
                  + "&d1=%s&d2=%s", group, Math.max(-90, lat - 2), Math.max(-180, lng - 3), Math.min(90, lat + 2),
              Math.min(180, lng + 3), day.minusYears(2).withDayOfYear(1), day.plusYears(1).withDayOfYear(1).minusDays(1)));
        }
      }
    }
    return out;
  }

  private Integer genusOrFamily(int taxon) {
    if (!rank.containsKey(taxon)) {
      return null;
    }
    if ("genus".equals(rank.get(taxon)) || "family".equals(rank.get(taxon))) {
      return taxon;
    }
    String path = ancestry.get(taxon);
    Integer family = null;
    if (path != null) {
      for (String s : path.split("/")) {
        int a = Integer.parseInt(s);
        if ("genus".equals(rank.get(a))) {
          return a;
        }
        if ("family".equals(rank.get(a))) {
          family = a;
        }
      }
    }
    return family;
  }

  private List<String> speciesCounts() {
    List<String> out = new ArrayList<>();
    int guard = 0;
    while (out.size() < PER_LIST / 3 && guard++ < 1_000_000) {
      int id = weightedObserved();
      Integer family = "family".equals(rank.get(id)) ? Integer.valueOf(id) : familyOf(id);
      if (family != null) {
        out.add("/v1/observations/species_counts?taxon_id=" + family);
      }
    }
    return out;
  }

  private Integer familyOf(int taxon) {
    String path = ancestry.get(taxon);
    if (path == null) {
      return null;
    }
    for (String s : path.split("/")) {
      if ("family".equals(rank.get(Integer.parseInt(s)))) {
        return Integer.parseInt(s);
      }
    }
    return null;
  }
}
