package org.refugium.importer.webexport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import org.refugium.importer.Key128Map;
import org.refugium.importer.ObservationIds;
import org.refugium.importer.PhotoUrls;
import org.refugium.importer.RejectLog;
import org.refugium.importer.RowRejectedException;
import org.refugium.importer.UuidMatch;
import org.refugium.importer.TableIngest;
import org.refugium.importer.dwca.DwcArchive;
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

  /** The two shapes of iNaturalist's own observation files this class reads. */
  public enum Format {
    /** The web site's export tool: a CSV (or a zip with it), columns chosen by the user, id and/or uuid. */
    WEB_EXPORT("web export", "web_rows"),
    /**
     * iNaturalist's own observation Darwin Core archive (research grade; {@code observations.csv} with DwC terms
     * and, in the full archive, {@code images.csv} naming each observation's photos): an iNaturalist id, no uuid.
     */
    INAT_DWCA("iNaturalist DwC-A", "dwca_rows");

    final String label;
    final String table;

    Format(String label, String table) {
      this.label = label;
      this.table = table;
    }
  }

  /** DwC terms (lower case) of the DwC-A read as the web export's column of the same meaning. */
  private static final Map<String, String> DWC_TERMS = Map.ofEntries(Map.entry("decimallatitude", "latitude"),
      Map.entry("decimallongitude", "longitude"), Map.entry("coordinateuncertaintyinmeters", "positional_accuracy"),
      Map.entry("taxonid", "taxon_id"), Map.entry("scientificname", "scientific_name"),
      Map.entry("taxonrank", "taxon_rank"), Map.entry("modified", "updated_at"),
      Map.entry("eventdate", "time_observed_at"), Map.entry("recordedby", "user_name"),
      Map.entry("inaturalistlogin", "user_login"), Map.entry("stateprovince", "place_state_name"),
      Map.entry("verbatimlocality", "place_guess"), Map.entry("occurrenceremarks", "description"),
      Map.entry("datasetname", "dataset_name"));

  private final Format format;
  /** The staging table (temp schema: gone with the bulk-load connection). */
  private final String stage;
  /** The staged rows' rowids by observation load key (UuidMatch), when enriching. */
  private final String match;

  /** "2015-07-20 03:49:24 UTC" or with a numeric offset ("… -0500"), as the export writes times. */
  private static final Pattern TIME = Pattern.compile("(\\d{4}-\\d\\d-\\d\\d)[ T](\\d\\d:\\d\\d:\\d\\d)(?:\\.\\d+)? ?(UTC|Z|[+-]\\d\\d:?\\d\\d)");
  /** The rank-name columns, lowest rank first: the first equal to scientific_name gives the taxon's rank. */
  private static final List<String> RANKS = List.of("form", "variety", "subspecies", "hybrid", "species",
      "genushybrid", "genus", "subtribe", "tribe", "supertribe", "subfamily", "family", "superfamily", "suborder",
      "order", "superorder", "subclass", "class", "superclass", "subphylum", "phylum", "kingdom");

  private final Connection db;
  private final TableIngest ingest;
  private final RejectLog rejects;
  private final Progress progress;
  private final List<String> warnings;
  private String entryName;

  /** @param ingest the bulk loader on {@code db}: staging rows go through its pipelined multi-row inserts */
  public WebExportImport(Connection db, TableIngest ingest, RejectLog rejects, Progress progress,
      List<String> warnings) {
    this(Format.WEB_EXPORT, db, ingest, rejects, progress, warnings);
  }

  public WebExportImport(Format format, Connection db, TableIngest ingest, RejectLog rejects, Progress progress,
      List<String> warnings) {
    this.format = format;
    this.stage = "temp." + format.table;
    this.match = UuidMatch.tableFor(stage);
    this.entryName = format.label;
    this.db = db;
    this.ingest = ingest;
    this.rejects = rejects;
    this.progress = progress;
    this.warnings = warnings;
  }

  /** What staging found: rows read, staged, rejected (by reason). */
  private long rowsRead;
  private long rowsStaged;
  /** The staged uuids → their line, from the duplicate check; the join's hash table (then dropped). */
  private Key128Map stagedUuids;
  private final Map<String, Long> rejected = new TreeMap<>();
  private volatile long badTimes; // counted on the parsing thread
  private double seconds;

  /** Reads the CSV (or the zip holding it) into the staging table; returns the manifest source. */
  public Manifest.Source stage(Path file) throws IOException, SQLException {
    if (format == Format.INAT_DWCA) {
      return stageDwca(file);
    }
    if (!Files.isRegularFile(file)) {
      throw new ImportFailedException("no such file: " + file);
    }
    progress.say("Reading the web export " + file);
    long start = System.nanoTime();
    createStage();
    try (MeasuredFile raw = MeasuredFile.open(file)) {
      if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
        ZipInputStream zip = new ZipInputStream(raw);
        ZipEntry e;
        boolean found = false;
        while ((e = zip.getNextEntry()) != null) {
          String name = e.getName();
          if (!found && !e.isDirectory() && name.toLowerCase(Locale.ROOT).endsWith(".csv")) {
            entryName = org.refugium.text.SafeText.of(name); // it names the file in messages and the manifest
            read(zip, raw::bytesRead, raw.size());
            found = true;
          }
        }
        if (!found) {
          throw new ImportFailedException(file + " holds no .csv file: not an iNaturalist web export");
        }
      } else {
        entryName = file.getFileName().toString();
        read(raw, raw::bytesRead, raw.size());
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

  /** The staging table's columns, in the order of {@link Columns#row}'s values. */
  private static final List<String> STAGE_COLUMNS = List.of("line INTEGER PRIMARY KEY", "inat_id INTEGER",
      "uuid TEXT", "observer_id INTEGER", "user_login TEXT", "user_name TEXT", "latitude REAL", "longitude REAL",
      "positional_accuracy INTEGER", "taxon_id INTEGER", "scientific_name TEXT", "taxon_rank TEXT",
      "quality_grade TEXT", "observed_on TEXT", "created_at TEXT", "updated_at TEXT", "time_observed_at TEXT",
      "time_zone TEXT", "place_guess TEXT", "place_country TEXT", "place_region TEXT", "description TEXT",
      "license TEXT", "photo_id INTEGER", "photo_extension TEXT");

  private void createStage() throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute("CREATE TABLE " + stage + " (" + String.join(", ", STAGE_COLUMNS) + ")");
    }
  }

  /**
   * iNaturalist's observation DwC-A, a zip or its directory: observations.csv (required), and images.csv (or
   * media.csv) whose photo URLs join the rows to the Open Data photos table, like a GBIF download's multimedia.
   */
  private Manifest.Source stageDwca(Path path) throws IOException, SQLException {
    progress.say("Reading iNaturalist's observation DwC-A " + path);
    long start = System.nanoTime();
    createStage();
    try (Statement st = db.createStatement()) {
      st.execute("CREATE TABLE " + stage + "_photos (inat_id INTEGER, photo_id INTEGER)");
    }
    try (DwcArchive archive = DwcArchive.open(path)) {
      String observations = archive.find("observations.csv").orElseThrow(() -> new ImportFailedException(path
          + " holds no observations.csv: not iNaturalist's observation DwC-A (its files: " + archive.names() + ")"));
      List<Manifest.Entry> entries = new ArrayList<>();
      String sha;
      long size;
      try (DwcArchive.Entry e = archive.open(observations)) {
        entryName = org.refugium.text.SafeText.of(e.name());
        read(e.in(), e::bytesRead, e.size());
        indexDwcaIds();
        e.in().transferTo(java.io.OutputStream.nullOutputStream());
        sha = e.finishSha256();
        size = e.size();
      }
      seconds = (System.nanoTime() - start) / 1e9;
      entries.add(new Manifest.Entry(entryName, "dwca_observations", rowsRead, rowsStaged, rowsRead - rowsStaged,
          rejected.isEmpty() ? null : rejected, null, Math.round(seconds * 100) / 100.0));
      java.util.Optional<String> media = archive.find("images.csv").or(() -> archive.find("media.csv"));
      if (media.isPresent()) {
        try (DwcArchive.Entry e = archive.open(media.get())) {
          entries.add(readMedia(e));
        }
      } else {
        warnings.add(format.label + " " + entryName + ": no images.csv beside it: rows join by iNaturalist id only"
            + " (to observations another source gave theirs), not by photo id");
      }
      if (archive.isZip()) {
        sha = archive.zipSha256();
        size = Files.size(path);
      }
      progress.say(String.format("  %-40s %6.1fs", "reading the DwC-A (" + rowsStaged + " rows)",
          (System.nanoTime() - start) / 1e9));
      return new Manifest.Source(path.toString(), format.label, size, sha, List.copyOf(entries));
    }
  }

  /** images.csv: the observation's id (coreid, else id) and the photo URL (identifier) → photo id. */
  private Manifest.Entry readMedia(DwcArchive.Entry e) throws IOException, SQLException {
    long start = System.nanoTime();
    CsvReader csv = new CsvReader(new java.io.FilterInputStream(e.in()) {
      @Override
      public void close() {
        // closed by the archive
      }
    }, CsvDialect.INATURALIST);
    CsvRecord header = csv.next();
    if (header == null || header.malformed()) {
      throw new ImportFailedException(e.name() + " is empty or its header is malformed");
    }
    Map<String, Integer> at = new HashMap<>();
    for (int i = 0; i < header.fields().length; i++) {
      at.putIfAbsent(header.fields()[i].strip().toLowerCase(Locale.ROOT), i);
    }
    int core = at.getOrDefault("coreid", at.getOrDefault("id", -1));
    int identifier = at.getOrDefault("identifier", -1);
    if (core < 0 || identifier < 0) {
      throw new ImportFailedException(e.name() + " lacks its coreid/id or identifier column; its header is "
          + List.of(header.fields()));
    }
    csv.expectFields(header.fields().length);
    long[] counts = new long[3]; // read, rejected, without an iNaturalist photo URL
    Map<String, Long> byReason = new TreeMap<>();
    long staged;
    try (Progress.Task task = progress.start(format.label + " " + e.name(), e::bytesRead, e.size())) {
      staged = ingest.insertAll("INSERT INTO " + stage + "_photos VALUES (?,?)", sink -> {
        CsvRecord r;
        while ((r = csv.next()) != null) {
          counts[0]++;
          try {
            if (r.malformed()) {
              throw new RowRejectedException(r.problem(), r.detail());
            }
            Long id = integer(r.get(core), "coreid");
            Long photo = PhotoUrls.photoId(r.get(identifier));
            if (id == null) {
              throw new RowRejectedException(RowRejectedException.MISSING_VALUE, "coreid");
            }
            if (photo == null) {
              counts[2]++;
              continue;
            }
            sink.accept(new Object[] {id, photo});
          } catch (RowRejectedException x) {
            counts[1]++;
            byReason.merge(x.reason(), 1L, Long::sum);
            rejects.reject(e.name(), r.line(), x, r.raw());
          }
        }
      }, task);
    }
    if (counts[2] > 0) {
      warnings.add(format.label + " " + e.name() + ": " + counts[2] + " media rows name no iNaturalist photo URL"
          + " (not used to join)");
    }
    return new Manifest.Entry(e.name(), "dwca_media", counts[0], staged, counts[1],
        byReason.isEmpty() ? null : byReason, null, Math.round((System.nanoTime() - start) / 1e7) / 100.0);
  }

  private void read(InputStream in, java.util.function.LongSupplier bytesRead, long size)
      throws IOException, SQLException {
    try {
      readRecords(in, bytesRead, size);
    } catch (org.refugium.importer.source.LineTooLongException e) {
      throw new ImportFailedException(org.refugium.text.SafeText.of(entryName) + ", " + e.getMessage(), e);
    }
  }

  private void readRecords(InputStream in, java.util.function.LongSupplier bytesRead, long size)
      throws IOException, SQLException {
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
      String name = header.fields()[i].strip().toLowerCase(Locale.ROOT);
      at.putIfAbsent(format == Format.INAT_DWCA ? DWC_TERMS.getOrDefault(name, name) : name, i);
    }
    if (!at.containsKey("id") && !at.containsKey("uuid")) {
      throw new ImportFailedException(entryName + " has neither an id nor a uuid column: choose at least one of them"
          + " in iNaturalist's export tool; its header is " + List.of(header.fields()));
    }
    csv.expectFields(header.fields().length);
    Columns c = new Columns(at);
    // Parsed on the ingest's parsing thread, inserted here 16 rows per statement (TableIngest): one JDBC insert
    // per CSV row made staging the larger part of the join's cost (docs/benchmarks.md). Repeated keys are caught
    // on the parsing thread too, in two Key128Maps (~40 bytes per row each; an index on the staged rows and a
    // GROUP BY over it cost ~17 s at 6M rows): a row repeating an earlier row's uuid or id is rejected, the first
    // kept, and a rejected row claims neither key. The uuids stay for the join (stagedUuids).
    Map<String, Long> rejectedHere = new TreeMap<>();
    Key128Map uuids = new Key128Map(1 << 16);
    Key128Map ids = new Key128Map(1 << 16);
    long[] key = new long[2];
    long[] read = new long[1];
    try (Progress.Task task = progress.start(format.label + " " + entryName, bytesRead, size)) {
      // only the columns the header can fill are bound: binding is one JNI call per value, null or not, and an
      // export of a few chosen columns would otherwise pay for all 25
      boolean[] filled = c.filled();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < filled.length; i++) {
        if (filled[i]) {
          names.add(STAGE_COLUMNS.get(i).substring(0, STAGE_COLUMNS.get(i).indexOf(' ')));
        }
      }
      int width = names.size();
      rowsStaged = ingest.insertAll("INSERT INTO " + stage + " (" + String.join(", ", names) + ") VALUES ("
          + String.join(",", java.util.Collections.nCopies(width, "?")) + ")", sink -> {
            CsvRecord r;
            while ((r = csv.next()) != null) {
              read[0]++;
              try {
                if (r.malformed()) {
                  throw new RowRejectedException(r.problem(), r.detail());
                }
                Object[] all = c.row(r);
                claimKeys(uuids, ids, key, (Long) all[0], (Long) all[1], (String) all[2]);
                Object[] row = new Object[width];
                for (int i = 0, k = 0; i < all.length; i++) {
                  if (filled[i]) {
                    row[k++] = all[i];
                  }
                }
                sink.accept(row);
              } catch (RowRejectedException e) {
                rejectedHere.merge(e.reason(), 1L, Long::sum);
                rejects.reject(entryName, r.line(), e, r.raw());
              }
            }
          }, task);
    }
    rowsRead = read[0];
    rejectedHere.forEach((k, v) -> rejected.merge(k, v, Long::sum));
    stagedUuids = uuids;
  }

  /** Rejects a row whose uuid or id an earlier staged row has; else records both for the rows after it. */
  private static void claimKeys(Key128Map uuids, Key128Map ids, long[] key, long line, Long id, String uuid)
      throws RowRejectedException {
    // the staged uuid is canonical lowercase (Columns.row), so it always parses
    boolean hasUuid = uuid != null && Key128Map.parseUuid(uuid.getBytes(StandardCharsets.ISO_8859_1), key);
    if (hasUuid) {
      long first = uuids.get(key[0], key[1]);
      if (first != Key128Map.ABSENT) {
        throw new RowRejectedException(RowRejectedException.DUPLICATE_KEY, "uuid " + uuid + " first seen at line "
            + first);
      }
    }
    if (id != null) {
      long first = ids.get(id, 0);
      if (first != Key128Map.ABSENT) {
        throw new RowRejectedException(RowRejectedException.DUPLICATE_KEY, "id " + id + " first seen at line " + first);
      }
      ids.putIfAbsent(id, 0, line);
    }
    if (hasUuid) {
      uuids.putIfAbsent(key[0], key[1], line);
    }
  }

  /** A DwC-A's rows are matched by iNaturalist id (resolveUuids): its staged ids get an index. */
  private void indexDwcaIds() throws SQLException {
    try (Statement st = db.createStatement()) {
      st.execute("CREATE INDEX temp." + format.table + "_inat_id ON " + format.table + "(inat_id)"
          + " WHERE inat_id IS NOT NULL");
    }
  }

  /** The header's columns and the conversion of one record to a staging row. */
  private final class Columns {
    final int id, uuid, userId, login, name, lat, lng, accuracy, publicAccuracy, taxon, sciName, quality, observedOn,
        created, updated, timeObserved, timeZone, placeGuess, country, state, admin1, description, license, image;
    final int[] rankColumns = new int[RANKS.size()];
    final int rankColumn;
    final int dataset;

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
      rankColumn = at.getOrDefault("taxon_rank", -1);
      dataset = at.getOrDefault("dataset_name", -1);
      for (int i = 0; i < RANKS.size(); i++) {
        rankColumns[i] = at.getOrDefault("taxon_" + RANKS.get(i) + "_name", -1);
      }
    }

    /** Which of {@link #row}'s values the header can make non-null (the others are always null). */
    boolean[] filled() {
      boolean anyRankColumn = false;
      for (int rc : rankColumns) {
        anyRankColumn |= rc >= 0;
      }
      boolean dwca = format == Format.INAT_DWCA;
      return new boolean[] {true, id >= 0, uuid >= 0, userId >= 0, login >= 0, name >= 0, lat >= 0, lng >= 0,
          accuracy >= 0 || publicAccuracy >= 0, taxon >= 0, sciName >= 0,
          rankColumn >= 0 || sciName >= 0 && anyRankColumn, quality >= 0 || dataset >= 0,
          observedOn >= 0 || dwca && timeObserved >= 0, created >= 0, updated >= 0, timeObserved >= 0, timeZone >= 0,
          placeGuess >= 0, country >= 0, state >= 0 || admin1 >= 0, description >= 0, license >= 0, image >= 0,
          image >= 0};
    }

    Object[] row(CsvRecord r) throws RowRejectedException {
      Long inatId = integer(r.get(id), "id");
      if (inatId != null && (inatId <= 0 || StableIds.isStable(inatId) || inatId >= StableIds.BASE)) {
        throw new RowRejectedException(RowRejectedException.BAD_VALUE, "id = " + inatId);
      }
      String u = r.get(uuid);
      if (u != null) {
        if (!org.refugium.importer.AbstractTableLoader.isUuid(u)) {
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
      if (grade == null && r.get(dataset) != null && r.get(dataset).contains("research-grade")) {
        grade = "research"; // the DwC-A's dataset: "iNaturalist research-grade observations"
      }
      if (grade != null && !grade.equals("research") && !grade.equals("needs_id") && !grade.equals("casual")) {
        throw new RowRejectedException(RowRejectedException.BAD_VALUE, "quality_grade = " + grade);
      }
      String day = r.get(observedOn);
      if (day == null && format == Format.INAT_DWCA && r.get(timeObserved) != null && r.get(timeObserved).length() >= 10) {
        day = r.get(timeObserved).substring(0, 10); // eventDate: the local day and time, with its offset
      }
      if (day != null) {
        try {
          day = LocalDate.parse(day).toString();
        } catch (java.time.DateTimeException e) {
          throw new RowRejectedException(RowRejectedException.BAD_DATE, "observed_on = " + day);
        }
      }
      String sci = r.get(sciName);
      String rank = r.get(rankColumn) == null ? null : r.get(rankColumn).toLowerCase(Locale.ROOT);
      for (int i = 0; i < RANKS.size() && sci != null && rank == null; i++) {
        if (sci.equals(r.get(rankColumns[i]))) {
          rank = RANKS.get(i);
          break;
        }
      }
      String observedTime = r.get(timeObserved);
      if (format == Format.INAT_DWCA && observedTime != null && observedTime.length() == 10) {
        observedTime = null; // an eventDate that is a day only: no time observed (not a malformed time)
      }
      String imageUrl = r.get(image);
      Long photoId = PhotoUrls.photoId(imageUrl);
      String region = r.get(state) != null ? r.get(state) : r.get(admin1);
      return new Object[] {r.line(), inatId, u, integer(r.get(userId), "user_id"), r.get(login), r.get(name), latitude,
          longitude, acc, integer(r.get(taxon), "taxon_id"), sci, rank, grade, day, time(r.get(created)),
          time(r.get(updated)), time(observedTime), r.get(timeZone), r.get(placeGuess), r.get(country), region,
          r.get(description), licenseCode(r.get(license)), photoId, photoId == null ? null : PhotoUrls.extension(imageUrl)};
    }
  }

  private static final Pattern CC_URL = Pattern.compile("https?://creativecommons\\.org/(licenses/([a-z-]+)|publicdomain/zero)/.*");

  /** The DwC-A names licences by URL; the web export (and the API) by code: CC-BY-NC, CC0. */
  static String licenseCode(String license) {
    if (license == null) {
      return null;
    }
    Matcher m = CC_URL.matcher(license);
    if (!m.matches()) {
      return license;
    }
    return m.group(2) == null ? "CC0" : "CC-" + m.group(2).toUpperCase(Locale.ROOT);
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
    String utc = utcFastPath(s);
    if (utc != null) {
      return utc;
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

  /**
   * The two forms nearly every time has, already in UTC: "2015-07-20 03:49:24 UTC" (the web export) and
   * "2015-07-20T03:49:24Z" (the DwC-A), checked and rewritten without a regex or java.time objects (those made
   * two times per row the larger part of staging); null for anything else, which takes the general path.
   */
  public static String utcFastPath(String s) {
    boolean web = s.length() == 23 && s.charAt(10) == ' ' && s.endsWith(" UTC");
    boolean iso = s.length() == 20 && s.charAt(10) == 'T' && s.charAt(19) == 'Z';
    if (!(web || iso) || !org.refugium.importer.AbstractTableLoader.isIsoDate(s.substring(0, 10))
        || s.charAt(13) != ':' || s.charAt(16) != ':' || two(s, 11) > 23 || two(s, 14) > 59 || two(s, 17) > 59) {
      return null;
    }
    return iso ? s : s.substring(0, 10) + "T" + s.substring(11, 19) + "Z";
  }

  /** Two decimal digits at {@code at}, or 99 when they are not digits. */
  private static int two(String s, int at) {
    char a = s.charAt(at);
    char b = s.charAt(at + 1);
    return a >= '0' && a <= '9' && b >= '0' && b <= '9' ? (a - '0') * 10 + (b - '0') : 99;
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
          + " FROM " + stage + " ORDER BY line");
      st.execute("INSERT OR IGNORE INTO observers (id, login, name) SELECT observer_id, max(user_login), max(user_name)"
          + " FROM " + stage + " WHERE observer_id IS NOT NULL GROUP BY observer_id");
      // photos join by uuid; a row without one by its final id, which is then its iNaturalist id
      st.execute("INSERT INTO photos (photo_id, observation_uuid, observation_id, observer_id, extension, position)"
          + " SELECT photo_id, uuid, CASE WHEN uuid IS NULL THEN inat_id END, observer_id, photo_extension, 0"
          + " FROM " + stage + " WHERE photo_id IS NOT NULL");
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
          ResultSet rs = st.executeQuery("SELECT taxon_id, max(scientific_name), max(taxon_rank) FROM " + stage
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
    long[] resolved = format == Format.INAT_DWCA ? resolveUuids() : null;
    long staged;
    long withoutUuid;
    long matched;
    long taxonDiffers;
    long gradeDiffers;
    long idDiffers;
    try (Statement st = db.createStatement()) {
      staged = count(st, "SELECT count(*) FROM " + stage);
      withoutUuid = count(st, "SELECT count(*) FROM " + stage + " WHERE uuid IS NULL");
      // each observation's staged row, found once (UuidMatch) and read again by the rebuild (enrichment())
      if (format == Format.WEB_EXPORT) {
        UuidMatch.build(db, stagedUuids, match);
      } else {
        UuidMatch.build(db, stage, match); // the DwC-A's uuids were given after staging (resolveUuids)
      }
      stagedUuids = null;
      // the iNaturalist id a GBIF join found, where one ran (its fields wait for the rebuild in temp.gbif_rows)
      boolean gbif = hasTempTable(st, "gbif_rows");
      // CROSS JOIN keeps the pairs the outer loop: observations and staged rows are then found by integer key
      try (ResultSet rs = st.executeQuery("SELECT count(*), coalesce(sum(o.taxon_id IS NOT w.taxon_id), 0),"
          + " coalesce(sum(o.quality_grade IS NOT w.quality_grade AND w.quality_grade IS NOT NULL), 0),"
          + (gbif ? " coalesce(sum(gj.inat_id IS NOT NULL AND w.inat_id IS NOT NULL AND gj.inat_id <> w.inat_id), 0)"
              : " 0")
          + " FROM " + match + " m CROSS JOIN main.observations o ON o.id = m.load_key CROSS JOIN " + stage
          + " w ON w.rowid = m.row"
          + (gbif ? " LEFT JOIN " + UuidMatch.tableFor("temp.gbif_rows") + " gm ON gm.load_key = m.load_key"
              + " LEFT JOIN temp.gbif_rows gj ON gj.rowid = gm.row" : ""))) {
        matched = rs.getLong(1);
        taxonDiffers = rs.getLong(2);
        gradeDiffers = rs.getLong(3);
        idDiffers = rs.getLong(4);
      }
      // The Open Data export stays the record (taxon, grade, place, date): the web export adds what it lacks.
      // Not an UPDATE here: rewriting the matched rows (each grows by the new fields) cost as much as the rebuild
      // of the table that ObservationIds makes anyway, so the fields are taken in that rebuild (enrichment()).
    }
    db.commit();
    progress.say(String.format("  %-40s %6.1fs", "matching the " + format.label, (System.nanoTime() - start) / 1e9));
    Join j = new Join(staged, withoutUuid, matched, staged - withoutUuid - matched, taxonDiffers, gradeDiffers,
        idDiffers);
    if (format == Format.INAT_DWCA) {
      warnings.add(format.label + " " + entryName + " joined: " + j.matched() + " of " + j.staged() + " rows matched an"
          + " Open Data observation (" + resolved[0] + " through photo ids, " + resolved[1] + " by an iNaturalist id"
          + " another source gave; they got its iNaturalist id, updated time, time observed, place names, description,"
          + " licence and recorded-by name); " + j.withoutUuid() + " matched none (not imported: the Open Data export"
          + " is the record); left unjoined as conflicts: " + resolved[2] + " row(s) whose photos or id are under two"
          + " or more observations, " + resolved[3] + " observation(s) claimed by two or more rows; taxon differs in "
          + j.taxonDiffers() + " (the Open Data taxon kept)");
      return j;
    }
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

  /**
   * What the join adds, applied when {@link org.refugium.importer.ObservationIds} rebuilds the observations table:
   * the staged row of the observation's uuid, its fields where it has them (the iNaturalist id over one a GBIF
   * join gave; the recorded-by name over GBIF's).
   */
  public ObservationIds.Enrichment enrichment() {
    String w = format == Format.WEB_EXPORT ? "w" : "d";
    Map<String, String> columns = new java.util.LinkedHashMap<>();
    for (String c : List.of("inat_id", "created_at", "updated_at", "time_observed_at", "time_zone", "place_guess",
        "place_country", "place_region", "description", "license")) {
      columns.put(c, "coalesce(" + w + "." + c + ", %s)");
    }
    columns.put("recorded_by", "coalesce(" + w + ".user_name, " + w + ".user_login, %s)");
    return new ObservationIds.Enrichment("LEFT JOIN " + match + " " + w + "m ON " + w + "m.load_key = l.id LEFT JOIN "
        + stage + " " + w + " ON " + w + ".rowid = " + w + "m.row", columns, List.of(match, stage));
  }

  /**
   * Gives the DwC-A's rows (iNaturalist id, no uuid) the uuid of their Open Data observation: through the photo
   * ids of images.csv (the Open Data photos table maps photo ids to observation uuids, as for a GBIF download),
   * and by iNaturalist id where another source gave the observation its id (a GBIF join, a web export). A row
   * that would get two uuids, or a uuid claimed by two rows, gets none (counted). Returns rows matched through
   * photos, by id only, rows with two or more uuids, uuids claimed by two or more rows.
   */
  private long[] resolveUuids() throws SQLException {
    String t = format.table;
    try (Statement st = db.createStatement()) {
      st.execute("CREATE INDEX temp." + t + "_photos_photo_id ON " + t + "_photos(photo_id)");
      // the Open Data photos the outer loop, probing the DwC-A's photo index (see GbifJoin)
      st.execute("CREATE TEMP TABLE " + t + "_pairs AS SELECT DISTINCT p.observation_uuid AS uuid, d.inat_id AS inat_id,"
          + " 1 AS by_photo FROM main.photos p CROSS JOIN " + stage + "_photos d ON d.photo_id = p.photo_id"
          + " WHERE p.observation_uuid IS NOT NULL");
      if (hasTempTable(st, "gbif_rows")) {
        st.execute("INSERT INTO " + t + "_pairs SELECT g.uuid, g.inat_id, 0 FROM temp.gbif_rows g"
            + " WHERE g.inat_id IN (SELECT inat_id FROM " + stage + ")");
      }
      if (hasTempTable(st, "web_rows")) {
        st.execute("INSERT INTO " + t + "_pairs SELECT w.uuid, w.inat_id, 0 FROM temp.web_rows w"
            + " WHERE w.inat_id IS NOT NULL AND w.uuid IS NOT NULL AND w.inat_id IN (SELECT inat_id FROM " + stage + ")");
      }
      st.execute("CREATE TEMP TABLE " + t + "_distinct AS SELECT uuid, inat_id, max(by_photo) AS by_photo FROM "
          + t + "_pairs GROUP BY uuid, inat_id");
      long twoUuids = count(st, "SELECT count(*) FROM (SELECT inat_id FROM " + t + "_distinct GROUP BY inat_id"
          + " HAVING count(*) > 1)");
      long twoRows = count(st, "SELECT count(*) FROM (SELECT uuid FROM " + t + "_distinct GROUP BY uuid"
          + " HAVING count(*) > 1)");
      st.execute("CREATE TEMP TABLE " + t + "_match AS SELECT uuid, inat_id, by_photo FROM " + t + "_distinct"
          + " WHERE uuid IN (SELECT uuid FROM " + t + "_distinct GROUP BY uuid HAVING count(*) = 1)"
          + " AND inat_id IN (SELECT inat_id FROM " + t + "_distinct GROUP BY inat_id HAVING count(*) = 1)");
      st.execute("CREATE UNIQUE INDEX temp." + t + "_match_inat_id ON " + t + "_match(inat_id)");
      long byPhoto = count(st, "SELECT count(*) FROM " + t + "_match WHERE by_photo = 1");
      long byId = count(st, "SELECT count(*) FROM " + t + "_match WHERE by_photo = 0");
      st.execute("UPDATE " + stage + " SET uuid = (SELECT m.uuid FROM " + t + "_match m WHERE m.inat_id = "
          + t + ".inat_id) WHERE inat_id IN (SELECT inat_id FROM " + t + "_match)");
      for (String table : List.of("_pairs", "_distinct", "_match", "_photos")) {
        st.execute("DROP TABLE temp." + t + table);
      }
      return new long[] {byPhoto, byId, twoUuids, twoRows};
    }
  }

  private static boolean hasTempTable(Statement st, String name) throws SQLException {
    return count(st, "SELECT count(*) FROM sqlite_temp_master WHERE type = 'table' AND name = '" + name + "'") > 0;
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.getLong(1);
    }
  }
}
