package org.refugium.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.refugium.Version;
import org.refugium.archive.Schema;
import org.refugium.archive.SqliteFiles;
import org.refugium.importer.opendata.OpenDataImport;
import org.refugium.importer.webexport.WebExportImport;
import org.refugium.progress.Progress;
import org.refugium.search.SearchIndexes;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.SnapshotFiles;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.snapshot.SnapshotVerifier;

/**
 * Builds one snapshot: load every source into SQLite in a staging directory, derive, index, write the
 * manifest, verify, then publish with one rename and switch CURRENT. Any failure removes the staging
 * directory and leaves the published snapshots and CURRENT as they were.
 */
public final class SnapshotImporter {

  public static final String DATABASE = org.refugium.snapshot.SnapshotLayout.DATABASE;
  public static final String INDEX_DIR = org.refugium.snapshot.SnapshotLayout.INDEX_DIR;

  private static final Pattern EXPORT_DATE = Pattern.compile("(20\\d\\d)(?:-?([01]\\d)(?:-?([0-3]\\d))?)?");

  /** Taxa with at least this many observations get a precomputed taxon page summary (taxon_summaries). */
  public static final int DEFAULT_SUMMARIES_FROM = TaxonSummaries.DEFAULT_FROM;

  private final SnapshotStore store;
  private final Progress progress;
  private final int summariesFrom;
  private org.refugium.snapshot.ManifestSignature.Signer signer;

  public SnapshotImporter(SnapshotStore store, Progress progress) {
    this(store, progress, DEFAULT_SUMMARIES_FROM);
  }

  /** @param summariesFrom taxa with at least this many observations get a taxon_summaries row (≥ 1) */
  public SnapshotImporter(SnapshotStore store, Progress progress, int summariesFrom) {
    if (summariesFrom < 1) {
      throw new IllegalArgumentException("summariesFrom must be at least 1, not " + summariesFrom);
    }
    this.store = store;
    this.progress = progress;
    this.summariesFrom = summariesFrom;
  }

  /**
   * What to import. The observation source is the Open Data export when given, enriched by a GBIF download and a
   * web export beside it (docs/ids.md); else a GBIF download; else a web export. Taxonomy is optional.
   */
  public record Request(List<Path> openData, Path taxonomy, Path gbif, Path webExport, Path inatDwca, String name,
      boolean makeCurrent) {

    public Request {
      openData = openData == null ? List.of() : List.copyOf(openData);
    }

    public Request(List<Path> openData, Path taxonomy, Path gbif, Path webExport, String name, boolean makeCurrent) {
      this(openData, taxonomy, gbif, webExport, null, name, makeCurrent);
    }

    public Request(List<Path> openData, Path taxonomy, Path gbif, String name, boolean makeCurrent) {
      this(openData, taxonomy, gbif, null, name, makeCurrent);
    }
  }

  public record Result(String name, Path directory, Manifest manifest) {}

  /** Signs the manifest of the snapshots this importer builds (manifest.json.sig), before they are published. */
  public SnapshotImporter signWith(org.refugium.snapshot.ManifestSignature.Signer signer) {
    this.signer = signer;
    return this;
  }

  public Result run(Request request) throws IOException {
    if (request.openData().isEmpty() && request.gbif() == null && request.webExport() == null) {
      throw new ImportFailedException("nothing to import: give --open-data, --gbif or --web-export");
    }
    if (request.inatDwca() != null && request.openData().isEmpty()) {
      throw new ImportFailedException("iNaturalist's observation DwC-A (--inat-dwca) is read as an enrichment beside"
          + " --open-data, which it joins through photo ids (images.csv) and iNaturalist ids; see docs/ids.md");
    }
    if (request.openData().isEmpty() && request.gbif() != null && request.webExport() != null) {
      throw new ImportFailedException("a GBIF download and a web export without an Open Data export: import one of"
          + " them, or both beside --open-data (which they then enrich); see docs/ids.md");
    }
    String name = request.name() != null ? request.name() : defaultName(request);
    SnapshotStore.checkName(name);
    if (store.exists(name)) {
      throw new ImportFailedException("a snapshot named " + name + " already exists in " + store.root()
          + "; choose another with --name");
    }
    for (Path stale : store.removeAbandonedStaging()) {
      progress.say("removed the staging directory of an interrupted import: " + stale);
    }
    Instant started = Instant.now();
    Path staging = store.createStaging(name);
    try {
      Manifest manifest = build(request, name, staging, started);
      if (signer != null) {
        org.refugium.snapshot.ManifestSignature.sign(staging, signer);
        progress.say("  manifest signed with key " + signer.name());
      }
      Path published = store.publish(staging, name);
      if (request.makeCurrent()) {
        store.setCurrent(name);
      }
      return new Result(name, published, manifest);
    } catch (IOException | RuntimeException | Error e) {
      try {
        SnapshotStore.deleteRecursively(staging);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw translate(e);
    }
  }

  private Manifest build(Request request, String name, Path staging, Instant started) throws IOException {
    List<String> warnings = new ArrayList<>();
    List<Manifest.Source> sources = new ArrayList<>();
    Map<String, Long> counts;
    Map<String, Long> rejectsByReason;
    List<ObservationIds.Enrichment> enrichments = new ArrayList<>();
    try (RejectLog rejects = new RejectLog(staging.resolve(RejectLog.FILE_NAME));
        Connection db = SqliteFiles.openForBulkLoad(staging.resolve(DATABASE))) {
      Schema.createTables(db);
      TableIngest ingest = new TableIngest(db, rejects);
      try {
        progress.say("Loading sources into " + staging.resolve(DATABASE));
        if (!request.openData().isEmpty()) {
          sources.addAll(new OpenDataImport(ingest, progress, warnings).load(request.openData()));
          if (request.gbif() != null) {
            sources.addAll(GbifJoin.run(request.gbif(), staging, db, rejects, progress, warnings));
          }
          WebExportImport web = null;
          if (request.webExport() != null) {
            web = new WebExportImport(db, ingest, rejects, progress, warnings);
            sources.add(web.stage(request.webExport()));
          }
          if (request.inatDwca() != null) {
            // after the web export: its ids and uuids help match the DwC-A's rows (which have no uuid)
            WebExportImport dwca = new WebExportImport(WebExportImport.Format.INAT_DWCA, db, ingest, rejects, progress,
                warnings);
            sources.add(dwca.stage(request.inatDwca()));
            dwca.enrich();
            enrichments.add(dwca.enrichment());
          }
          if (web != null) {
            web.enrich();
            enrichments.add(web.enrichment()); // last: its fields win over the DwC-A's
          }
        } else if (request.gbif() != null) {
          sources.addAll(ExtraSources.gbif(request.gbif(), db, ingest, rejects, progress, warnings));
        } else {
          WebExportImport web = new WebExportImport(db, ingest, rejects, progress, warnings);
          sources.add(web.stage(request.webExport()));
          web.importAsSource(request.taxonomy() != null);
        }
        if (request.taxonomy() != null) {
          sources.addAll(ExtraSources.taxonomy(request.taxonomy(), db, ingest, rejects, progress, warnings));
        }
      } finally {
        ingest.shutdown();
      }
      db.commit();
      progress.say("Deriving");
      PostLoad postLoad = new PostLoad(db, rejects, progress, summariesFrom).enrichedBy(enrichments);
      postLoad.run();
      if (postLoad.realIdConflicts() > 0 || postLoad.stableCollisions() > 0) {
        warnings.add("ids: " + postLoad.realIdConflicts() + " observation(s) were given an iNaturalist id another"
            + " observation holds (kept under their stable id); " + postLoad.stableCollisions() + " stable-id"
            + " collision(s) settled in uuid order (docs/ids.md)");
      }
      writeMeta(db, name, exportDate(request));
      counts = tableCounts(db);
      IdCoverage.addTo(db, counts, warnings);
      rejectsByReason = rejects.countsByReason();
      counts.put("rejects", rejects.total());
    } catch (java.sql.SQLException e) {
      throw sqliteFailed(e, staging);
    }
    // The record is complete and its bulk-load connection (which held it exclusively) closed: the index
    // build reads it on connections of its own, two at a time.
    progress.say("Indexing");
    try {
      Map<String, Long> indexed = SearchIndexes.build(staging.resolve(DATABASE), staging.resolve(INDEX_DIR), progress);
      indexed.forEach((k, v) -> counts.put("index." + k, v));
    } catch (java.sql.SQLException e) {
      throw sqliteFailed(e, staging);
    }
    Manifest draft = new Manifest(name, exportDate(request).orElse(null), Version.current(), Schema.VERSION, started,
        null, sources, counts, rejectsByReason, warnings, null);
    long hashStart = System.nanoTime();
    Manifest manifest = draft.withFiles(SnapshotFiles.hashAll(staging), Instant.now());
    progress.say(String.format("  %-40s %6.1fs", "hashing snapshot files", (System.nanoTime() - hashStart) / 1e9));
    manifest.write(staging.resolve(Manifest.FILE_NAME));
    long verifyStart = System.nanoTime();
    List<String> problems = new SnapshotVerifier(System.err).verify(staging, manifest, SnapshotVerifier.Depth.QUICK);
    progress.say(String.format("  %-40s %6.1fs", "verifying (quick_check, index doc counts)",
        (System.nanoTime() - verifyStart) / 1e9));
    if (!problems.isEmpty()) {
      throw new ImportFailedException("the new snapshot failed verification: " + String.join("; ", problems));
    }
    return manifest;
  }

  private static ImportFailedException sqliteFailed(java.sql.SQLException e, Path staging) {
    if (String.valueOf(e.getMessage()).contains("SQLITE_FULL")) {
      return new ImportFailedException("the disk is full: SQLite could not write " + staging.resolve(DATABASE), e);
    }
    return new ImportFailedException("SQLite failed: " + e.getMessage(), e);
  }

  private static void writeMeta(Connection db, String name, Optional<String> exportDate) throws SQLException {
    try (var insert = db.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
      for (String[] kv : new String[][] {{"name", name}, {"schema_version", Integer.toString(Schema.VERSION)},
          {"export_date", exportDate.orElse(null)}, {"tool_version", Version.current()}}) {
        insert.setString(1, kv[0]);
        insert.setString(2, kv[1]);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    db.commit();
  }

  /** Row counts of every table, in schema order: the manifest's "counts". */
  static Map<String, Long> tableCounts(Connection db) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (String table : List.of("taxa", "taxon_names", "observers", "observations", "photos", "projects",
        "observations_projects", "missing_taxa")) {
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
        counts.put(table, rs.getLong(1));
      }
    }
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(
        "SELECT count(*) FROM observations WHERE flags & " + PostLoad.FLAG_UNKNOWN_TAXON)) {
      counts.put("observations_with_unknown_taxon", rs.getLong(1));
    }
    return counts;
  }

  /** The export's date from a file or folder name: inaturalist-open-data-20260501 → 2026-05-01. */
  static Optional<String> exportDate(Request request) {
    List<Path> candidates = new ArrayList<>(request.openData());
    if (request.gbif() != null) {
      candidates.add(request.gbif());
    }
    if (request.webExport() != null) {
      candidates.add(request.webExport());
    }
    for (Path p : candidates) {
      Matcher m = EXPORT_DATE.matcher(p.toAbsolutePath().normalize().getFileName().toString());
      if (m.find()) {
        return Optional.of(m.group(1) + (m.group(2) != null ? "-" + m.group(2) : "")
            + (m.group(3) != null ? "-" + m.group(3) : ""));
      }
    }
    return Optional.empty();
  }

  static String defaultName(Request request) {
    Optional<String> date = exportDate(request);
    if (date.isPresent()) {
      return (request.openData().isEmpty() && request.gbif() != null ? "gbif-" : "inat-") + date.get();
    }
    throw new ImportFailedException("cannot tell the export date from the input names; give the snapshot a --name");
  }

  private static RuntimeException translate(Throwable e) {
    if (e instanceof ImportFailedException f) {
      return f;
    }
    String message = String.valueOf(e.getMessage());
    if (message.contains("No space left") || message.contains("SQLITE_FULL") || message.contains("disk is full")) {
      return new ImportFailedException("the disk is full: " + message, e);
    }
    if (e instanceof RuntimeException r) {
      return r;
    }
    if (e instanceof Error err) {
      throw err;
    }
    return new ImportFailedException(e.getClass().getSimpleName() + ": " + message, e);
  }
}
