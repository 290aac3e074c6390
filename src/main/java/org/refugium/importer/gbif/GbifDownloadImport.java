package org.refugium.importer.gbif;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.refugium.importer.ImportFailedException;
import org.refugium.importer.TableIngest;
import org.refugium.importer.TableLoader;
import org.refugium.importer.TableStats;
import org.refugium.importer.dwca.ArchiveDescriptor;
import org.refugium.importer.dwca.DwcArchive;
import org.refugium.importer.dwca.RankLevels;
import org.refugium.progress.Progress;
import org.refugium.snapshot.Manifest;

/**
 * Reads a GBIF occurrence download (Darwin Core archive format: the zip, its directory, or a bare
 * occurrence.txt) of iNaturalist's research-grade dataset. occurrence.txt and multimedia.txt go through
 * the importer's pipelined TSV load; files are named by meta.xml when present, else by convention;
 * columns are always found by header. Zip entries are streamed, never unpacked.
 */
public final class GbifDownloadImport {

  private final Connection db;
  private final TableIngest ingest;
  private final Progress progress;
  private final List<String> warnings;

  public GbifDownloadImport(Connection db, TableIngest ingest, Progress progress, List<String> warnings) {
    this.db = db;
    this.ingest = ingest;
    this.progress = progress;
    this.warnings = warnings;
  }

  public List<Manifest.Source> load(Path path) throws IOException, SQLException {
    progress.say("Reading the GBIF download " + path);
    if (Files.isRegularFile(path) && !isZip(path)) {
      return loadArchive(DwcArchive.open(path.toAbsolutePath().getParent()), DwcArchive.baseName(path.toString()),
          null, List.of(path.getFileName().toString()));
    }
    DwcArchive archive = DwcArchive.open(path);
    String[] files = files(archive);
    return loadArchive(archive, files[0], files[1], null);
  }

  /**
   * @param only for a bare occurrence file: the one file of its directory to hash and report
   */
  private List<Manifest.Source> loadArchive(DwcArchive opened, String occurrenceFile, String multimediaFile,
      List<String> only) throws IOException, SQLException {
    try (DwcArchive archive = opened) {
      List<Manifest.Entry> entries = new ArrayList<>();
      List<Manifest.Source> fileSources = new ArrayList<>();
      GbifOccurrences occurrences = GbifOccurrences.TABLE.newMapping();
      long photosBefore = PhotoLinks.lastRowid(db);
      TableStats occ = load(archive, occurrenceFile, GbifOccurrences.TABLE.loader(occurrences), fileSources);
      entries.add(entry(occ, occ.rowsImported()));
      reportOtherDatasets(occurrenceFile, occurrences.otherDatasets());
      writeObservers(occurrences.observers());
      writePlaceholderTaxa(occurrences.taxa());

      if (multimediaFile != null) {
        GbifMultimedia multimedia = GbifMultimedia.TABLE.newMapping();
        TableStats media = load(archive, multimediaFile, GbifMultimedia.TABLE.loader(multimedia), fileSources);
        long unmatched = PhotoLinks.link(db, photosBefore);
        entries.add(entry(media, media.rowsImported() - unmatched));
        Map<String, Long> skipped = new TreeMap<>(multimedia.skipped());
        if (unmatched > 0) {
          skipped.put("occurrence not imported (other dataset or rejected)", unmatched);
        }
        if (!skipped.isEmpty()) {
          warnings.add(multimediaFile + ": skipped " + skipped.values().stream().mapToLong(Long::longValue).sum()
              + " row(s): " + skipped);
        }
      } else if (only == null) {
        warnings.add(archive.path() + ": no multimedia.txt: observations imported without photos");
      }
      if (archive.isZip()) {
        return List.of(new Manifest.Source(archive.path().toString(), "gbif download", Files.size(archive.path()),
            archive.zipSha256(), entries));
      }
      for (int i = 0; i < fileSources.size(); i++) {
        Manifest.Source s = fileSources.get(i);
        fileSources.set(i, new Manifest.Source(s.file(), s.kind(), s.size(), s.sha256(), List.of(entries.get(i))));
      }
      return fileSources;
    }
  }

  private TableStats load(DwcArchive archive, String file, TableLoader loader, List<Manifest.Source> fileSources)
      throws IOException, SQLException {
    TableStats stats;
    try (DwcArchive.Entry entry = archive.open(file);
        Progress.Task task = progress.start("gbif " + DwcArchive.baseName(file), entry::bytesRead, entry.size())) {
      stats = ingest.load(file, entry.in(), loader, task);
      String sha256 = entry.finishSha256();
      if (sha256 != null) {
        fileSources.add(new Manifest.Source(archive.path().resolve(file).toString(), "gbif download file",
            entry.size(), sha256, List.of()));
      }
    }
    return stats;
  }

  /** {occurrence file, multimedia file or null}: from meta.xml when there is one, else by name. */
  private String[] files(DwcArchive archive) throws IOException {
    Optional<String> meta = archive.find(ArchiveDescriptor.META_XML);
    String occurrence = null;
    String multimedia = null;
    if (meta.isPresent()) {
      ArchiveDescriptor d;
      try (DwcArchive.Entry entry = archive.open(meta.get()); InputStream in = entry.in()) {
        d = ArchiveDescriptor.parse(in, archive.path() + "!" + meta.get());
      }
      if (!d.core().isRowType("/Occurrence")) {
        throw new ImportFailedException(archive.path() + " is not an occurrence download: its core is "
            + d.core().rowType());
      }
      occurrence = d.core().locations().stream().findFirst().flatMap(archive::find).orElse(null);
      multimedia = d.extensions("/Multimedia").stream().flatMap(t -> t.locations().stream()).findFirst()
          .flatMap(archive::find).orElse(null);
    }
    if (occurrence == null) {
      occurrence = archive.find("occurrence.txt").orElseThrow(() -> new ImportFailedException(archive.path()
          + " has no occurrence.txt: not a GBIF download in Darwin Core archive format (the \"simple CSV\""
          + " format lacks the iNaturalist taxon ids and is not supported)"));
    }
    if (multimedia == null) {
      multimedia = archive.find("multimedia.txt").orElse(null);
    }
    return new String[] {occurrence, multimedia};
  }

  private void reportOtherDatasets(String file, Map<String, Long> others) {
    if (!others.isEmpty()) {
      long total = others.values().stream().mapToLong(Long::longValue).sum();
      warnings.add(file + ": skipped " + total + " row(s) of " + others.size() + " other dataset(s) (kept only "
          + GbifValues.INATURALIST_DATASET + ", iNaturalist research-grade): " + others);
    }
  }

  private void writeObservers(ObserverIds observers) throws SQLException {
    try (PreparedStatement insert = db.prepareStatement("INSERT INTO observers (id, login, name) VALUES (?,?,?)")) {
      int n = 0;
      for (ObserverIds.Observer o : observers.observers()) {
        insert.setLong(1, o.id());
        insert.setString(2, o.login());
        insert.setString(3, o.name());
        insert.addBatch();
        if (++n % 8192 == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
  }

  /**
   * A GBIF download has no iNaturalist tree: each taxon id observed gets a placeholder row (name and
   * rank, no parent) so observations keep their taxon; a taxonomy DwC-A given beside replaces them.
   */
  private void writePlaceholderTaxa(Map<Long, GbifOccurrences.PlaceholderTaxon> taxa) throws SQLException {
    try (PreparedStatement insert = db.prepareStatement("INSERT OR IGNORE INTO taxa (id, parent_id, ancestry, rank,"
        + " rank_level, name, active) VALUES (?, NULL, NULL, ?, ?, ?, 1)")) {
      int n = 0;
      for (var e : taxa.entrySet()) {
        insert.setLong(1, e.getKey());
        insert.setString(2, e.getValue().rank());
        insert.setObject(3, RankLevels.of(e.getValue().rank()));
        insert.setString(4, e.getValue().name());
        insert.addBatch();
        if (++n % 8192 == 0) {
          insert.executeBatch();
        }
      }
      insert.executeBatch();
    }
    if (!taxa.isEmpty()) {
      warnings.add("GBIF download: " + taxa.size() + " taxa made from the occurrences (name and rank, no parent):"
          + " give --taxonomy for the tree and common names");
    }
  }

  private static Manifest.Entry entry(TableStats s, long imported) {
    return new Manifest.Entry(s.entry(), s.table(), s.rowsRead(), imported, s.rowsRejected(),
        s.rejectedByReason().isEmpty() ? null : s.rejectedByReason(), null, Math.round(s.seconds() * 100) / 100.0);
  }

  private static boolean isZip(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
    }
  }
}
