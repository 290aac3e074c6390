package org.refugium.importer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.refugium.archive.Schema;
import org.refugium.archive.SqliteFiles;
import org.refugium.importer.gbif.GbifDownloadImport;
import org.refugium.progress.Progress;
import org.refugium.snapshot.Manifest;

/**
 * A GBIF download as an enrichment of the Open Data observations (docs/ids.md): GBIF has no uuid, but its
 * multimedia rows name iNaturalist photo ids, and the Open Data photos table maps photo ids to observation uuids.
 * The download is read by the same code as a GBIF snapshot, into a side database in the staging directory
 * (deleted afterwards), then joined: photo id → observation uuid gives the observation its iNaturalist id
 * ({@code catalogNumber}), its GBIF id ({@code gbifID}) and the recorded-by name.
 *
 * <p>Conflicts are counted, never settled silently: a GBIF occurrence whose photos sit under two Open Data
 * observations, or an observation whose photos sit under two occurrences, is left unjoined; a taxon that differs
 * is counted (the Open Data taxon is kept, the export being the record).
 */
final class GbifJoin {

  static final String SIDE_FILE = "gbif-join.sqlite";

  private GbifJoin() {}

  /** The matched occurrences' fields by observation uuid, read by the id-assigning rebuild (see {@link #enrichment}). */
  static final String ROWS = "temp.gbif_rows";

  /**
   * Reads and matches the download; the fields themselves are taken when ObservationIds rebuilds the table, with
   * {@link #enrichment} (added to {@code enrichments}), not by an UPDATE of every matched observation here.
   */
  static List<Manifest.Source> run(Path download, Path staging, Connection db, RejectLog rejects, Progress progress,
      List<String> warnings, List<ObservationIds.Enrichment> enrichments) throws IOException, SQLException {
    Path side = staging.resolve(SIDE_FILE);
    List<Manifest.Source> sources;
    try (Connection g = SqliteFiles.openForBulkLoad(side)) {
      Schema.createTables(g);
      TableIngest ingest = new TableIngest(g, rejects);
      try {
        sources = new GbifDownloadImport(g, ingest, progress, warnings).load(download);
      } finally {
        ingest.shutdown();
      }
      try (Statement st = g.createStatement()) {
        st.execute("CREATE INDEX photos_photo_id ON photos(photo_id)");
      }
      g.commit();
    }
    long start = System.nanoTime();
    db.commit();
    try (Statement st = db.createStatement()) {
      st.execute("ATTACH DATABASE '" + side.toAbsolutePath().toString().replace("'", "''") + "' AS g");
      try {
        join(st, warnings);
      } finally {
        db.commit();
        st.execute("DETACH DATABASE g");
      }
    }
    Files.deleteIfExists(side);
    Files.deleteIfExists(side.resolveSibling(SIDE_FILE + "-journal"));
    progress.say(String.format("  %-40s %6.1fs", "matching GBIF by photo id", (System.nanoTime() - start) / 1e9));
    enrichments.add(enrichment());
    return sources;
  }

  /** The matched rows' rowids by observation load key (UuidMatch): how the rebuild and a web export find them. */
  static final String MATCH = UuidMatch.tableFor(ROWS);

  /** The GBIF fields of a matched observation: its iNaturalist id, GBIF id and recorded-by name. */
  static ObservationIds.Enrichment enrichment() {
    return new ObservationIds.Enrichment("LEFT JOIN " + MATCH + " gm ON gm.load_key = l.id LEFT JOIN " + ROWS
        + " gj ON gj.rowid = gm.row", java.util.Map.of("inat_id", "coalesce(gj.inat_id, %s)",
        "gbif_id", "coalesce(gj.gbif_id, %s)", "recorded_by", "coalesce(gj.recorded_by, %s)"), List.of(MATCH, ROWS));
  }

  private static void join(Statement st, List<String> warnings) throws SQLException {
    // every (observation uuid, GBIF occurrence) pair that shares a photo
    // CROSS JOIN keeps the Open Data photos the outer loop (one scan, probing the download's photo index):
    // the planner could otherwise build an automatic index over every Open Data photo.
    st.execute("CREATE TEMP TABLE gbif_hits AS SELECT p.observation_uuid AS uuid, gp.observation_id AS inat_id,"
        + " gp.photo_id AS photo_id FROM main.photos p CROSS JOIN g.photos gp ON gp.photo_id = p.photo_id"
        + " WHERE p.observation_uuid IS NOT NULL");
    st.execute("CREATE TEMP TABLE gbif_pairs AS SELECT DISTINCT uuid, inat_id FROM gbif_hits");
    long occurrences = count(st, "SELECT count(*) FROM g.observations");
    long occurrencesWithPhotos = count(st, "SELECT count(DISTINCT observation_id) FROM g.photos");
    long photoRows = count(st, "SELECT count(DISTINCT photo_id) FROM g.photos");
    long unmatchedPhotos = photoRows - count(st, "SELECT count(DISTINCT photo_id) FROM gbif_hits");
    st.execute("DROP TABLE gbif_hits");
    st.execute("CREATE TEMP TABLE gbif_match AS SELECT uuid, inat_id FROM gbif_pairs WHERE uuid IN (SELECT uuid FROM"
        + " gbif_pairs GROUP BY uuid HAVING count(*) = 1) AND inat_id IN (SELECT inat_id FROM gbif_pairs GROUP BY"
        + " inat_id HAVING count(*) = 1)");
    st.execute("CREATE UNIQUE INDEX temp.gbif_match_uuid ON gbif_match(uuid)");
    long occurrenceUnderTwo = count(st, "SELECT count(*) FROM (SELECT inat_id FROM gbif_pairs GROUP BY inat_id"
        + " HAVING count(*) > 1)");
    long observationUnderTwo = count(st, "SELECT count(*) FROM (SELECT uuid FROM gbif_pairs GROUP BY uuid"
        + " HAVING count(*) > 1)");
    long taxonDiffers;
    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM main.observations o CROSS JOIN gbif_match m ON m.uuid = o.uuid"
        + " JOIN g.observations go ON go.id = m.inat_id WHERE o.taxon_id IS NOT go.taxon_id")) {
      taxonDiffers = rs.getLong(1);
    }
    // What the rebuild takes (ObservationIds.Enrichment): an UPDATE here rewrote every matched row, as costly as
    // the rebuild every import makes anyway.
    st.execute("CREATE TABLE " + ROWS + " AS SELECT m.uuid AS uuid, go.id AS inat_id, go.gbif_id AS gbif_id,"
        + " u.name AS recorded_by FROM gbif_match m JOIN g.observations go ON go.id = m.inat_id"
        + " LEFT JOIN g.observers u ON u.id = go.observer_id");
    st.execute("CREATE UNIQUE INDEX temp.gbif_rows_uuid ON gbif_rows(uuid)"); // one row per observation uuid
    long matched = UuidMatch.build(st.getConnection(), ROWS, MATCH);
    warnings.add("GBIF download joined through photo ids: " + matched + " of " + occurrences + " occurrences matched an"
        + " Open Data observation (they got its iNaturalist id = catalogNumber, gbifID and the recorded-by name); "
        + (occurrences - occurrencesWithPhotos) + " had no iNaturalist photo to join by; " + unmatchedPhotos + " of "
        + photoRows + " photo rows named a photo id absent from the Open Data photos table;"
        + " left unjoined as conflicts: " + occurrenceUnderTwo + " occurrence(s) whose photos are under two or more"
        + " observations, " + observationUnderTwo + " observation(s) whose photos are under two or more occurrences;"
        + " taxon differs in " + taxonDiffers + " (the Open Data taxon kept)");
    st.execute("DROP TABLE gbif_match");
    st.execute("DROP TABLE gbif_pairs");
  }

  private static long count(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      return rs.getLong(1);
    }
  }
}
