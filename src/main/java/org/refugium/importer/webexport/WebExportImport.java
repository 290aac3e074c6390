package org.refugium.importer.webexport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.refugium.archive.StableIds;
import org.refugium.importer.ImportFailedException;
import org.refugium.importer.PhotoUrls;
import org.refugium.importer.RejectLog;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.dwca.CsvDialect;
import org.refugium.importer.dwca.CsvReader;
import org.refugium.importer.dwca.CsvRecord;
import org.refugium.importer.dwca.RankLevels;
import org.refugium.importer.source.MeasuredFile;
import org.refugium.progress.Progress;
import org.refugium.snapshot.Manifest;

/**
 * iNaturalist's own observation export (the web site's export tool: {@code observations-NNN.csv}, or the zip with
 * it and a README.txt). Its columns are chosen by the user, so every column is found by header name and every
 * one is optional except a key: {@code id} or {@code uuid}. It is read into a staging table first, then either
 * becomes the snapshot's observations ({@link #importAsSource}: a node mirroring a region or a project) or
 * enriches the Open Data observations joined by uuid ({@link #enrich}). docs/sources.md, docs/ids.md.
 */
public final class WebExportImport {

  /** The staging table (temp schema: gone with the bulk-load connection). */
  static final String STAGE = "temp.web_rows";

  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  /** "2015-07-20 03:49:24 UTC" or with a numeric offset ("… -0500"), as the export writes times. */
  private static final Pattern TIME = Pattern.compile("(\\d{4}-\\d\\d-\\d\\d)[ T](\\d\\d:\\d\\d:\\d\\d)(?:\\.\\d+)? ?(UTC|Z|[+-]\\d\\d:?\\d\\d)");
  /** The rank-name columns, lowest rank first: the first equal to scientific_name gives the taxon's rank. */
  private static final List<String> RANKS = List.of("form", "variety", "subspecies", "hybrid", "species",
      "genushybrid", "genus", "subtribe", "tribe", "supertribe", "subfamily", "family", "superfamily", "suborder",
      "order", "superorder", "subclass", "class", "superclass", "subphylum", "phylum", "kingdom");

  private final Connection db;
  private final RejectLog rejects;
  private final Progress progress;
  private final List<String> warnings;
  private String entryName = "web export";

  public WebExportImport(Connection db, RejectLog rejects, Progress progress, List<String> warnings) {
    this.db = db;
    this.rejects = rejects;
    this.progress = progress;
    this.warnings = warnings;
  }

  /** What staging found: rows read, staged, rejected (by reason). */
  private long rowsRead;
  private long rowsStaged;
  private final Map<String, Long> rejected = new TreeMap<>();
  private long badTimes;
  private double seconds;

  /** Reads the CSV (or the zip holding it) into the staging table; returns the manifest source. */
  public Manifest.Source stage(Path file) throws IOException, SQLException {
    if (!Files.isRegularFile(file)) {
      throw new ImportFailedException("no such file: " + file);
    }
    progress.say("Reading the web export " + file);
    long start = System.nanoTime();
    try (Statement st = db.createStatement()) {
      st.execute("CREATE TABLE " + STAGE + " (line INTEGER, inat_id INTEGER, uuid TEXT, observer_id INTEGER,"
          + " user_login TEXT, user_name TEXT, latitude REAL, longitude REAL, positional_accuracy INTEGER,"
          + " taxon_id INTEGER, scientific_name TEXT, taxon_rank TEXT, quality_grade TEXT, observed_on TEXT,"
          + " created_at TEXT, updated_at TEXT, time_observed_at TEXT, time_zone TEXT, place_guess TEXT,"
          + " place_country TEXT, place_region TEXT, description TEXT, license TEXT, photo_id INTEGER,"
          + " photo_extension TEXT)");
    }
    try (MeasuredFile raw = MeasuredFile.open(file)) {
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
        ZipInputStream zip = new ZipInputStream(raw);
        ZipEntry e;
        boolean found = false;
        while ((e = zip.getNextEntry()) != null) {
          String name = e.getName();
          if (!found && !e.isDirectory() && name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            entryName = org.refugium.text.SafeText.of(name); // it names the file in messages and the manifest
            read(zip);
            found = true;
          }
        }
        if (!found) {
          throw new ImportFailedException(file + " holds no .csv file: not an iNaturalist web export");
        }
      } else {
        entryName = file.getFileName().toString();
        read(raw);
      }
      raw.transferTo(java.io.OutputStream.nullOutputStream());
      String sha = raw.finishSha256();
      seconds = (System.nanoTime() - start) / 1e9;
      progress.say(String.format("  %-40s %6.1fs", "reading the web export (" + rowsStaged + " rows)", seconds));
      if (badTimes > 0) {
        warnings.add("web export " + entryName + ": " + badTimes + " created_at/updated_at/time_observed_at values"
            + " not in a known time format were left empty");
      }
      Manifest.Entry entry = new Manifest.Entry(entryName, "web_export", rowsRead, rowsStaged, rowsRead - rowsStaged,
          rejected.isEmpty() ? null : rejected, null, Math.round(seconds * 100) / 100.0);
      return new Manifest.Source(file.toString(), "web export", raw.size(), sha, List.of(entry));
    }
  }

  private void read(InputStream in) throws IOException, SQLException {
    try {
      readRecords(in);
    } catch (org.refugium.importer.source.LineTooLongException e) {
      throw new ImportFailedException(entryName + ", " + e.getMessage(), e);
    }
  }

  private void readRecords(InputStream in) throws IOException, SQLException {
    CsvReader csv = new CsvReader(new java.io.FilterInputStream(in) {
      @Override
      public void close() {
        // the zip (or file) is closed by its owner
      }
    }, CsvDialect.INATURALIST);
    CsvRecord header = csv.next();
    if (header == null || header.malformed()) {
      throw new ImportFailedException(entryName + " is empty or its header is malformed: expected the export's header line");
    }
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < header.fields().length; i++) {
      at.putIfAbsent(header.fields()[i].strip().toLowerCase(Locale.ROOT), i);
    }
    if (!at.containsKey("id") && !at.containsKey("uuid")) {
      throw new ImportFailedException(entryName + " has neither an id nor a uuid column: choose at least one of them"
          + " in iNaturalist's export tool; its header is " + List.of(header.fields()));
    }
    csv.expectFields(header.fields().length);
    Columns c = new Columns(at);
    Set<String> uuids = new HashSet<>();
    Set<Long> ids = new HashSet<>();
    try (PreparedStatement insert = db.prepareStatement("INSERT INTO " + STAGE + " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,"
        + "?,?,?,?,?,?,?,?,?,?,?,?)")) {
      int batched = 0;
      CsvRecord r;
      while ((r = csv.next()) != null) {
        rowsRead++;
        try {
          if (r.malformed()) {
            throw new RowRejectedException(r.problem(), r.detail());
          }
          Object[] row = c.row(r);
          if (row[2] != null && !uuids.add((String) row[2])) {
            throw new RowRejectedException(RowRejectedException.DUPLICATE_KEY, "uuid " + row[2]);
          }
          if (row[1] != null && !ids.add((Long) row[1])) {
            throw new RowRejectedException(RowRejectedException.DUPLICATE_KEY, "id " + row[1]);
          }
          for (int i = 0; i < row.length; i++) {
            insert.setObject(i + 1, row[i]);
          }
          insert.addBatch();
          rowsStaged++;
          if (++batched % 4096 == 0) {
            insert.executeBatch();
          }
        } catch (RowRejectedException e) {
          rejected.merge(e.reason(), 1L, Long::sum);
          rejects.reject(entryName, r.line(), e, r.raw());
        }
      }
      insert.executeBatch();
    }
  }

  /** The header's columns and the conversion of one record to a staging row. */
  private final class Columns {
    final int id, uuid, userId, login, name, lat, lng, accuracy, publicAccuracy, taxon, sciName, quality, observedOn,
        created, updated, timeObserved, timeZone, placeGuess, country, state, admin1, description, license, image;
    final int[] rankColumns = new int[RANKS.size()];

    Columns(Map<String, Integer> at) {
      id = at.getOrDefault("id", -1);
      uuid = at.getOrDefault("uuid", -1);
      userId = at.getOrDefault("user_id", -1);
      login = at.getOrDefault("user_login", -1);
      name = at.getOrDefault("user_name", -1);
      lat = at.getOrDefault("latitude", -1);
      lng = at.getOrDefault("longitude", -1);
      accuracy = at.getOrDefault("positional_accuracy", -1);
      publicAccuracy = at.getOrDefault("public_positional_accuracy", -1);
      taxon = at.getOrDefault("taxon_id", -1);
      sciName = at.getOrDefault("scientific_name", -1);
      quality = at.getOrDefault("quality_grade", -1);
      observedOn = at.getOrDefault("observed_on", -1);
      created = at.getOrDefault("created_at", -1);
      updated = at.getOrDefault("updated_at", -1);
      timeObserved = at.getOrDefault("time_observed_at", -1);
      timeZone = at.getOrDefault("time_zone", -1);
      placeGuess = at.getOrDefault("place_guess", -1);
      country = at.getOrDefault("place_country_name", -1);
      state = at.getOrDefault("place_state_name", -1);
      admin1 = at.getOrDefault("place_admin1_name", -1);
      description = at.getOrDefault("description", -1);
      license = at.getOrDefault("license", -1);
      image = at.getOrDefault("image_url", -1);
      for (int i = 0; i < RANKS.size(); i++) {
        rankColumns[i] = at.getOrDefault("taxon_" + RANKS.get(i) + "_name", -1);
      }
    }

    Object[] row(CsvRecord r) throws RowRejectedException {
      Long inatId = integer(r.get(id), "id");
      if (inatId != null && (inatId <= 0 || StableIds.isStable(inatId) || inatId >= StableIds.BASE)) {
        throw new RowRejectedException(RowRejectedException.BAD_VALUE, "id = " + inatId);
      }
      String u = r.get(uuid);
      if (u != null) {
        if (!UUID.matcher(u).matches()) {
          throw new RowRejectedException(RowRejectedException.BAD_VALUE, "uuid = " + u);
        }
        u = u.toLowerCase(Locale.ROOT);
      }
      if (inatId == null && u == null) {
        throw new RowRejectedException(RowRejectedException.MISSING_VALUE, "id and uuid");
      }
      Double latitude = decimal(r.get(lat), "latitude");
      Double longitude = decimal(r.get(lng), "longitude");
      if ((latitude == null) != (longitude == null)
          || latitude != null && (latitude < -90 || latitude > 90 || longitude < -180 || longitude > 180)) {
        throw new RowRejectedException(RowRejectedException.BAD_COORDINATE, latitude + "," + longitude);
      }
      // the export's coordinates are the public ones: the public accuracy goes with them
      Long acc = integer(r.get(publicAccuracy) != null ? r.get(publicAccuracy) : r.get(accuracy), "positional_accuracy");
      String grade = r.get(quality);
      if (grade != null && !grade.equals("research") && !grade.equals("needs_id") && !grade.equals("casual")) {
        throw new RowRejectedException(RowRejectedException.BAD_VALUE, "quality_grade = " + grade);
      }
      String day = r.get(observedOn);
      if (day != null) {
        try {
          day = LocalDate.parse(day).toString();
        } catch (java.time.DateTimeException e) {
          throw new RowRejectedException(RowRejectedException.BAD_DATE, "observed_on = " + day);
        }
      }
      String sci = r.get(sciName);
      String rank = null;
      for (int i = 0; i < RANKS.size() && sci != null; i++) {
        if (sci.equals(r.get(rankColumns[i]))) {
          rank = RANKS.get(i);
          break;
        }
      }
      String imageUrl = r.get(image);
      Long photoId = PhotoUrls.photoId(imageUrl);
      String region = r.get(state) != null ? r.get(state) : r.get(admin1);
      return new Object[] {r.line(), inatId, u, integer(r.get(userId), "user_id"), r.get(login), r.get(name), latitude,
          longitude, acc, integer(r.get(taxon), "taxon_id"), sci, rank, grade, day, time(r.get(created)),
          time(r.get(updated)), time(r.get(timeObserved)), r.get(timeZone), r.get(placeGuess), r.get(country), region,
          r.get(description), r.get(license), photoId, photoId == null ? null : PhotoUrls.extension(imageUrl)};
    }
  }

  private static Long integer(String s, String column) throws RowRejectedException {
    if (s == null) {
      return null;
    }
    try {
      return Long.valueOf(s);
    } catch (NumberFormatException e) {
      throw new RowRejectedException(RowRejectedException.BAD_NUMBER, column + " = " + s);
    }
  }

  private static Double decimal(String s, String column) throws RowRejectedException {
    if (s == null) {
      return null;
    }
    try {
      double v = Double.parseDouble(s);
      if (!Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new RowRejectedException(RowRejectedException.BAD_NUMBER, column + " = " + s);
    }
  }

  /** "2015-07-20 03:49:24 UTC" → "2015-07-20T03:49:24Z" (UTC, ISO 8601); null (counted) when unreadable. */
  private String time(String s) {
    if (s == null) {
      return null;
    }
    Matcher m = TIME.matcher(s);
    if (!m.matches()) {
      badTimes++;
      return null;
    }
    try {
      String zone = m.group(3);
      ZoneOffset offset = zone.equals("UTC") || zone.equals("Z") ? ZoneOffset.UTC
          : ZoneOffset.of(zone.length() == 5 ? zone.substring(0, 3) + ":" + zone.substring(3) : zone);
      return OffsetDateTime.parse(m.group(1) + "T" + m.group(2) + offset.getId().replace("Z", "+00:00"))
          .withOffsetSameInstant(ZoneOffset.UTC).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME).replace("+00:00", "Z");
    } catch (java.time.DateTimeException e) {
      badTimes++;
      return null;
    }
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The export as the snapshot's observation source

  /**
   * The staged rows become observations (id = the export's id, where chosen; else the stable id from the uuid),
   * their observers, their first photo (the only one the export names), and, unless a taxonomy is given, one
   * placeholder taxon per taxon id named from the export (flagged in the manifest).
   */
  public void importAsSource(boolean taxonomyGiven) throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute("INSERT INTO observations (id, uuid, inat_id, stable_id, observer_id, latitude, longitude,"
          + " positional_accuracy, taxon_id, quality_grade, observed_on, created_at, updated_at, time_observed_at,"
          + " time_zone, place_guess, place_country, place_region, description, license, recorded_by)"
          + " SELECT line, uuid, inat_id, NULL, observer_id, latitude, longitude, positional_accuracy, taxon_id,"
          + " coalesce(quality_grade, 'needs_id'), observed_on, created_at, updated_at, time_observed_at, time_zone,"
          + " place_guess, place_country, place_region, description, license, coalesce(user_name, user_login)"
          + " FROM " + STAGE + " ORDER BY line");
      st.execute("INSERT OR IGNORE INTO observers (id, login, name) SELECT observer_id, max(user_login), max(user_name)"
          + " FROM " + STAGE + " WHERE observer_id IS NOT NULL GROUP BY observer_id");
      // photos join by uuid; a row without one by its final id, which is then its iNaturalist id
      st.execute("INSERT INTO photos (photo_id, observation_uuid, observation_id, observer_id, extension, position)"
          + " SELECT photo_id, uuid, CASE WHEN uuid IS NULL THEN inat_id END, observer_id, photo_extension, 0"
          + " FROM " + STAGE + " WHERE photo_id IS NOT NULL");
    }
    try (PreparedStatement stable = db.prepareStatement("UPDATE observations SET stable_id = ? WHERE id = ?");
        Statement st = db.createStatement();
        ResultSet rs = st.executeQuery("SELECT id, uuid FROM observations WHERE uuid IS NOT NULL")) {
      while (rs.next()) {
        stable.setLong(1, StableIds.of(rs.getString(2)));
        stable.setLong(2, rs.getLong(1));
        stable.addBatch();
      }
      stable.executeBatch();
    }
    if (!taxonomyGiven) {
      int placeholders = 0;
      try (Statement st = db.createStatement();
          ResultSet rs = st.executeQuery("SELECT taxon_id, max(scientific_name), max(taxon_rank) FROM " + STAGE
              + " WHERE taxon_id IS NOT NULL GROUP BY taxon_id");
          PreparedStatement insert = db.prepareStatement("INSERT OR IGNORE INTO taxa (id, parent_id, ancestry, rank,"
              + " rank_level, name, active) VALUES (?, NULL, NULL, ?, ?, ?, 1)")) {
        while (rs.next()) {
          long taxon = rs.getLong(1);
          String name = rs.getString(2);
          String rank = rs.getString(3);
          insert.setLong(1, taxon);
          insert.setString(2, rank);
          insert.setObject(3, rank == null ? null : RankLevels.of(rank));
          insert.setString(4, name == null ? "taxon " + taxon : name);
          insert.addBatch();
          placeholders++;
        }
        insert.executeBatch();
      }
      if (placeholders > 0) {
        warnings.add("web export: " + placeholders + " taxa are placeholders made from the export's scientific_name"
            + " and rank-name columns (name and rank, no parent, so no tree, subtree counts or iconic taxa):"
            + " give --taxonomy for the real tree");
      }
    }
    db.commit();
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The export as an enrichment of Open Data observations, joined by uuid

  /** What the join found; also written into the manifest's warnings by {@link #enrich}. */
  public record Join(long staged, long withoutUuid, long matched, long unmatched, long taxonDiffers,
      long gradeDiffers, long idDiffers) {}

  public Join enrich() throws SQLException {
    long start = System.nanoTime();
    long staged;
    long withoutUuid;
    long matched;
    long taxonDiffers;
    long gradeDiffers;
    long idDiffers;
    try (Statement st = db.createStatement()) {
      st.execute("CREATE UNIQUE INDEX temp.web_rows_uuid ON web_rows(uuid)");
      staged = count(st, "SELECT count(*) FROM " + STAGE);
      withoutUuid = count(st, "SELECT count(*) FROM " + STAGE + " WHERE uuid IS NULL");
      try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(sum(o.taxon_id IS NOT w.taxon_id), 0),"
          + " coalesce(sum(o.quality_grade IS NOT w.quality_grade AND w.quality_grade IS NOT NULL), 0),"
          + " coalesce(sum(o.inat_id IS NOT NULL AND w.inat_id IS NOT NULL AND o.inat_id <> w.inat_id), 0)"
          + " FROM observations o CROSS JOIN " + STAGE + " w ON w.uuid = o.uuid")) {
        matched = rs.getLong(1);
        taxonDiffers = rs.getLong(2);
        gradeDiffers = rs.getLong(3);
        idDiffers = rs.getLong(4);
      }
      // The Open Data export stays the record (taxon, grade, place, date): the web export adds what it lacks.
      // one scan of the observations probing the staged uuid index (see GbifJoin)
      st.execute("UPDATE observations SET (inat_id, created_at, updated_at, time_observed_at, time_zone, place_guess,"
          + " place_country, place_region, description, license, recorded_by) = (SELECT"
          + " coalesce(w.inat_id, observations.inat_id), w.created_at, w.updated_at, w.time_observed_at, w.time_zone,"
          + " w.place_guess, w.place_country, w.place_region, w.description, w.license,"
          + " coalesce(w.user_name, w.user_login, observations.recorded_by) FROM " + STAGE + " w"
          + " WHERE w.uuid = observations.uuid) WHERE uuid IN (SELECT uuid FROM " + STAGE + ")");
    }
    db.commit();
    progress.say(String.format("  %-40s %6.1fs", "joining the web export by uuid", (System.nanoTime() - start) / 1e9));
    Join j = new Join(staged, withoutUuid, matched, staged - withoutUuid - matched, taxonDiffers, gradeDiffers,
        idDiffers);
    warnings.add("web export " + entryName + " joined by uuid: " + j.matched() + " of " + j.staged()
        + " rows matched an Open Data observation (they got its iNaturalist id, created/updated times, time"
        + " observed, time zone, place names, description and licence); " + j.unmatched() + " matched none (not"
        + " imported: the Open Data export is the record, so an observation it lacks is not added)"
        + (j.withoutUuid() > 0 ? "; " + j.withoutUuid() + " had no uuid to join by" : "")
        + "; taxon differs in " + j.taxonDiffers() + ", quality grade in " + j.gradeDiffers()
        + " (the Open Data values kept)" + (j.idDiffers() > 0 ? "; iNaturalist id differs from GBIF's in "
        + j.idDiffers() + " (the web export's kept)" : ""));
    return j;
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.getLong(1);
    }
  }
}
