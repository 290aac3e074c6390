package org.refugium.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What the observations index needs from the rows that point at an observation by uuid: its photo count,
 * its photos' licences and its projects, held in arrays by observation id so the indexer can then scan
 * observations in id order (the table's own, sequential order) without a lookup per row.
 *
 * <p>Built by merging three index-only scans in uuid order: observations_uuid (uuid → id),
 * photos_observation (observation_uuid, position, license) and observations_projects_observation
 * (observation_uuid, project_id). Every page is read once, in order, and no row leaves its index: ~1.7 µs
 * per observation at 1M, ~2.9 µs at 10M (in two parts side by side: half that in wall time), against ~8 µs
 * for correlated subqueries per row (docs/search-index.md).
 *
 * <p>Memory: 6 bytes per observation id plus 8 per project link (10M observations: ~70 MB; 200M: ~1.3 GB).
 * Only rows with a uuid (the Open Data export, whose ids are line numbers, hence dense) are covered; rows
 * without one (GBIF) link their photos by observation_id, which {@link ObservationRows} reads itself.
 */
final class ObservationLinks {

  // Each scan covers the uuids in [?1, ?2): the key space is cut in two parts read side by side.
  private static final String OBSERVATIONS = "SELECT uuid, id FROM observations INDEXED BY observations_uuid"
      + " WHERE uuid >= ?1 AND uuid < ?2 ORDER BY uuid";
  private static final String PHOTOS = "SELECT observation_uuid, license FROM photos INDEXED BY photos_observation"
      + " WHERE observation_uuid >= ?1 AND observation_uuid < ?2 ORDER BY observation_uuid, position";
  private static final String PROJECTS = "SELECT observation_uuid, project_id FROM observations_projects"
      + " INDEXED BY observations_projects_observation WHERE observation_uuid >= ?1 AND observation_uuid < ?2"
      + " ORDER BY observation_uuid, project_id";
  /**
   * Where the two parts meet: uuids are hex, so "8" halves random ones. The first part starts at '' (every
   * text sorts after it), the second ends at X'FF', a blob: SQLite sorts every text before any blob.
   */
  private static final String SPLIT = "8";

  private static final int[] NO_PROJECTS = new int[0];

  /** Photos per observation id, capped at Short.MAX_VALUE (photo_count only answers photos=true/false). */
  private final short[] photoCount;
  /** Per observation id, its photos' licences as bits of {@link Licenses}' dictionary. */
  private final int[] licenseBits;
  private final Licenses licenses;
  /** (observation id << 32 | project id), sorted: walked in step with the id-ordered scan. */
  private final long[] projectLinks;
  private int projectCursor;

  /**
   * The ids of the observations with a uuid, ascending: arrays are indexed by position in it (the ordinal), since
   * ids are sparse (iNaturalist's, or stable ids above 2^52: docs/ids.md). 8 bytes per observation.
   */
  private final long[] ids;

  private ObservationLinks(long[] ids, short[] photoCount, int[] licenseBits, Licenses licenses, long[] projectLinks) {
    this.ids = ids;
    this.photoCount = photoCount;
    this.licenseBits = licenseBits;
    this.licenses = licenses;
    this.projectLinks = projectLinks;
  }

  /**
   * Reads the links with one connection per part of the uuid space (two: half the wall time on two
   * cores, ~3 µs per observation at 10M otherwise). The connections must be distinct and open on the same
   * record; each part fills its own ids of the shared arrays.
   */
  static ObservationLinks read(Connection first, Connection second) throws SQLException {
    long[] ids = uuidIds(first);
    int size = ids.length;
    short[] photoCount = new short[size];
    int[] licenseBits = new int[size];
    Licenses licenses = new Licenses();
    SqlOnThread<long[]> upper = SqlOnThread.start("linking photos and projects", "observation-links-2",
        () -> readPart(second, SPLIT, null, ids, photoCount, licenseBits, licenses));
    long[] lower;
    try {
      lower = readPart(first, "", SPLIT, ids, photoCount, licenseBits, licenses);
    } finally {
      upper.awaitQuietly(); // the other part must be done before its connection is used again
    }
    long[] other = upper.result();
    long[] links = Arrays.copyOf(lower, lower.length + other.length);
    System.arraycopy(other, 0, links, lower.length, other.length);
    Arrays.sort(links);
    return new ObservationLinks(ids, photoCount, licenseBits, licenses, links);
  }

  /** Reads the links on one connection (tests, small records). */
  static ObservationLinks read(Connection db) throws SQLException {
    long[] ids = uuidIds(db);
    int size = ids.length;
    short[] photoCount = new short[size];
    int[] licenseBits = new int[size];
    Licenses licenses = new Licenses();
    long[] links = readPart(db, "", null, ids, photoCount, licenseBits, licenses);
    Arrays.sort(links);
    return new ObservationLinks(ids, photoCount, licenseBits, licenses, links);
  }

  /** The ids of observations with a uuid, in id order (the table's own: one sequential scan). */
  private static long[] uuidIds(Connection db) throws SQLException {
    LongList ids = new LongList();
    try (Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id FROM observations WHERE uuid IS NOT NULL ORDER BY id")) {
      while (rs.next()) {
        ids.add(rs.getLong(1));
      }
    }
    if (ids.size() >= Integer.MAX_VALUE - 8) {
      throw new IllegalStateException(ids.size() + " observations are too many to index by uuid links");
    }
    return ids.toArray();
  }

  /** The position of {@code id} among the uuid observations, or -1. */
  private static int ordinal(long[] ids, long id) {
    int at = Arrays.binarySearch(ids, id);
    return at >= 0 ? at : -1;
  }

  /** One part of the uuid space, [from, to) (to null: to the end); returns its project links, unsorted. */
  private static long[] readPart(Connection db, String from, String to, long[] ids, short[] photoCount, int[] licenseBits,
      Licenses licenses) throws SQLException {
    LongList projectLinks = new LongList();
    try (PreparedStatement o = range(db, OBSERVATIONS, from, to); PreparedStatement p = range(db, PHOTOS, from, to);
        PreparedStatement j = range(db, PROJECTS, from, to);
        ResultSet observations = o.executeQuery();
        ResultSet photos = p.executeQuery();
        ResultSet projects = j.executeQuery()) {
      Cursor photoSide = new Cursor(photos);
      Cursor projectSide = new Cursor(projects);
      Map<String, Integer> seenBits = new HashMap<>(); // this part's view of the shared dictionary
      String previous = null;
      while (observations.next()) {
        String uuid = observations.getString(1);
        int id = ordinal(ids, observations.getLong(2)); // the arrays' index, not the observation id
        if (previous != null && ObservationRows.compareBinary(previous, uuid) > 0) {
          throw new IllegalStateException("observations came out of uuid order at " + uuid);
        }
        previous = uuid;
        int photosOfThis = 0;
        int bits = 0;
        for (photoSide.skipBefore(uuid); photoSide.at(uuid); photoSide.next()) {
          photosOfThis++;
          String license = photoSide.rs.getString(2);
          if (license != null) {
            Integer bit = seenBits.get(license);
            if (bit == null) {
              bit = licenses.bit(license, id);
              if (bit != Licenses.OVERFLOW) { // an overflowing code is recorded per observation: ask each time
                seenBits.put(license, bit);
              }
            }
            bits |= bit;
          }
        }
        photoCount[id] = (short) Math.min(photosOfThis, Short.MAX_VALUE);
        licenseBits[id] = bits;
        for (projectSide.skipBefore(uuid); projectSide.at(uuid); projectSide.next()) {
          projectLinks.add((long) id << 32 | (projectSide.rs.getInt(2) & 0xffffffffL));
        }
      }
    }
    return projectLinks.toArray();
  }

  private static PreparedStatement range(Connection db, String sql, String from, String to) throws SQLException {
    PreparedStatement st = db.prepareStatement(sql);
    st.setString(1, from);
    if (to == null) {
      st.setBytes(2, new byte[] {(byte) 0xff}); // a blob: after every text
    } else {
      st.setString(2, to);
    }
    return st;
  }

  boolean covers(long id) {
    return ordinal(ids, id) >= 0;
  }

  int photoCount(long id) {
    int at = ordinal(ids, id);
    return at >= 0 ? photoCount[at] : 0;
  }

  /** The distinct licences of the observation's photos, sorted. */
  List<String> licenses(long id) {
    int at = ordinal(ids, id);
    return at >= 0 ? licenses.of(licenseBits[at], at) : List.of();
  }

  /** The observation's projects; ids must be asked in increasing order (the scan's). */
  int[] projects(long observationId) {
    long id = ordinal(ids, observationId);
    if (id < 0) {
      return NO_PROJECTS;
    }
    while (projectCursor < projectLinks.length && (projectLinks[projectCursor] >>> 32) < id) {
      projectCursor++;
    }
    int start = projectCursor;
    while (projectCursor < projectLinks.length && (projectLinks[projectCursor] >>> 32) == id) {
      projectCursor++;
    }
    if (start == projectCursor) {
      return NO_PROJECTS;
    }
    int[] out = new int[projectCursor - start];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) projectLinks[start + i];
    }
    return out;
  }

  /**
   * Licence codes as bits: the export has 8 (CC0, CC-BY, …, PD), so an int holds any observation's set.
   * Codes beyond the 31st distinct one (a malformed export) are kept per observation in a map, by the
   * overflow bit, so nothing is lost either way.
   */
  static final class Licenses {
    static final int OVERFLOW = 1 << 31;
    private final Map<String, Integer> bits = new HashMap<>();
    private final List<String> codes = new ArrayList<>();
    private final Map<Integer, TreeSet<String>> overflow = new HashMap<>();
    private final Map<Integer, List<String>> sets = new HashMap<>();

    /** Both parts' threads call it (each keeps the bits it has seen in a map of its own, so rarely). */
    synchronized int bit(String code, int id) {
      Integer bit = bits.get(code);
      if (bit != null) {
        return bit;
      }
      if (codes.size() < 31) {
        bit = 1 << codes.size();
        codes.add(code);
        bits.put(code, bit);
        return bit;
      }
      overflow.computeIfAbsent(id, k -> new TreeSet<>()).add(code);
      return OVERFLOW;
    }

    /** The codes of these bits, sorted; one shared list per distinct set. */
    List<String> of(int bitsOfObservation, int id) {
      if (bitsOfObservation == 0) {
        return List.of();
      }
      if ((bitsOfObservation & OVERFLOW) != 0) {
        TreeSet<String> all = new TreeSet<>(overflow.get(id));
        all.addAll(of(bitsOfObservation & ~OVERFLOW, id));
        return List.copyOf(all);
      }
      return sets.computeIfAbsent(bitsOfObservation, b -> {
        TreeSet<String> set = new TreeSet<>();
        for (int i = 0; i < codes.size(); i++) {
          if ((b & (1 << i)) != 0) {
            set.add(codes.get(i));
          }
        }
        return List.copyOf(set);
      });
    }
  }

  /** A child index scan keyed by observation_uuid in column 1. */
  private static final class Cursor {
    final ResultSet rs;
    private String key;

    Cursor(ResultSet rs) throws SQLException {
      this.rs = rs;
      next();
    }

    void next() throws SQLException {
      key = rs.next() ? rs.getString(1) : null;
    }

    /** Skips rows keyed before uuid: children of observations not in the record (rejected, or never exported). */
    void skipBefore(String uuid) throws SQLException {
      while (key != null && ObservationRows.compareBinary(key, uuid) < 0) {
        next();
      }
    }

    boolean at(String uuid) {
      return key != null && key.equals(uuid);
    }
  }

  /** A growable long array (project links: ~0.1 per observation in the generated export). */
  private static final class LongList {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    int size() {
      return size;
    }

    long[] toArray() {
      return Arrays.copyOf(values, size);
    }
  }
}
