package org.refugium.importer.dwca;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.refugium.importer.ImportFailedException;
import org.refugium.importer.RejectLog;
import org.refugium.progress.Progress;
import org.refugium.snapshot.Manifest;

/**
 * Reads iNaturalist's taxonomy DwC-A ({@code inaturalist-taxonomy.dwca.zip} or its unpacked directory):
 * taxa.csv is compared with the tree already loaded and fills its gaps ({@link TaxonGraft}), then every
 * {@code VernacularNames-*.csv} goes into {@code taxon_names}. With meta.xml, files, CSV settings and
 * columns come from it; without (an excerpt), files are found by name and columns by header.
 * Runs after the observation source, so the tree is already in SQLite.
 */
public final class TaxonomyImport {

  private final Connection db;
  private final RejectLog rejects;
  private final Progress progress;
  private final List<String> warnings;

  public TaxonomyImport(Connection db, RejectLog rejects, Progress progress, List<String> warnings) {
    this.db = db;
    this.rejects = rejects;
    this.progress = progress;
    this.warnings = warnings;
  }

  /** One source for a zip (all its files as entries); one per file read for a directory. */
  public List<Manifest.Source> load(Path path) throws IOException, SQLException {
    progress.say("Reading the taxonomy DwC-A " + path);
    try (DwcArchive archive = DwcArchive.open(path)) {
      Layout layout = layout(archive);
      List<EntryCounts> files = new ArrayList<>();

      EntryCounts taxa = new DwcTaxaReader(db, rejects).read(archive, layout.taxaFile(), layout.taxaTable(), progress);
      TaxonGraft.Outcome graft = new TaxonGraft(db).run();
      try (Statement st = db.createStatement()) {
        st.execute("DROP TABLE temp." + DwcTaxaReader.TEMP_TABLE);
      }
      taxa.imported = graft.added() + graft.replaced();
      files.add(taxa);
      report(layout.taxaFile(), graft);

      VernacularNamesReader names = new VernacularNamesReader(db, rejects, taxonIds());
      long unknown = 0;
      for (String file : layout.nameFiles()) {
        EntryCounts counts = names.read(archive, file, layout.namesTable(), progress);
        files.add(counts);
        unknown += counts.rejectedFor(org.refugium.importer.RowRejectedException.UNKNOWN_TAXON);
      }
      if (layout.nameFiles().isEmpty()) {
        warnings.add(path + ": no VernacularNames-*.csv file: no common names imported");
      }
      if (unknown > 0) {
        warnings.add("taxonomy DwC-A: " + unknown + " vernacular name(s) of taxa not in the snapshot rejected"
            + " (reason \"unknown taxon\", see rejects.tsv.gz)");
      }
      return sources(archive, files);
    }
  }

  /** Where the taxa and the names are, and how they are written (null table: iNaturalist's CSV, header columns). */
  private record Layout(String taxaFile, ArchiveDescriptor.Table taxaTable, List<String> nameFiles,
      ArchiveDescriptor.Table namesTable) {}

  private Layout layout(DwcArchive archive) throws IOException {
    Optional<String> meta = archive.find(ArchiveDescriptor.META_XML);
    if (meta.isEmpty()) {
      String taxa = archive.find("taxa.csv").orElseThrow(() -> new ImportFailedException(archive.path()
          + " has neither meta.xml nor taxa.csv: not an iNaturalist taxonomy DwC-A"));
      List<String> names = archive.names().stream().filter(LexiconLocales::isVernacularFile).sorted().toList();
      return new Layout(taxa, null, names, null);
    }
    ArchiveDescriptor descriptor;
    try (DwcArchive.Entry entry = archive.open(meta.get()); InputStream in = entry.in()) {
      descriptor = ArchiveDescriptor.parse(in, archive.path() + "!" + meta.get());
    }
    if (!descriptor.core().isRowType("/Taxon")) {
      throw new ImportFailedException(archive.path() + " is not a taxonomy archive: its core is "
          + descriptor.core().rowType());
    }
    String taxa = located(archive, descriptor.core().locations().isEmpty() ? "taxa.csv"
        : descriptor.core().locations().get(0));
    List<ArchiveDescriptor.Table> vernacular = descriptor.extensions("/VernacularName");
    List<String> names = new ArrayList<>();
    for (ArchiveDescriptor.Table t : vernacular) {
      for (String location : t.locations()) {
        names.add(located(archive, location));
      }
    }
    for (ArchiveDescriptor.Table t : descriptor.extensions()) {
      if (!vernacular.contains(t)) {
        warnings.add(archive.path() + ": ignored the extension " + t.rowType() + " " + t.locations());
      }
    }
    // iNaturalist lists every lexicon's file in one extension; several extensions would need one table each.
    if (vernacular.size() > 1) {
      throw new ImportFailedException(archive.path() + ": meta.xml declares " + vernacular.size()
          + " VernacularName extensions; one (with several files) is supported");
    }
    return new Layout(taxa, descriptor.core(), names, vernacular.isEmpty() ? null : vernacular.get(0));
  }

  private static String located(DwcArchive archive, String location) {
    return archive.find(location).orElseThrow(() -> new ImportFailedException(archive.path()
        + ": meta.xml lists " + location + " but the archive has no such file (incomplete download?)"));
  }

  private void report(String file, TaxonGraft.Outcome g) {
    warnings.add(String.format("taxonomy DwC-A %s: %d taxa matched the tree (%d with another parent, %d another"
            + " name, %d another rank, %d inactive there); %d added, %d GBIF placeholders replaced; %d active taxa"
            + " of the tree are not in the DwC-A", DwcArchive.baseName(file), g.matched(), g.parentDiffers(),
        g.nameDiffers(), g.rankDiffers(), g.inactiveInTree(), g.added(), g.replaced(), g.treeActiveMissing()));
    if (g.detached() > 0) {
      warnings.add("taxonomy DwC-A: " + g.detached() + " added taxa have a parent chain that does not reach the"
          + " root (a parent missing from both sources)");
    }
  }

  private BitSet taxonIds() throws SQLException {
    BitSet ids = new BitSet();
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM taxa WHERE id >= 0"
        + " AND id < " + Integer.MAX_VALUE)) {
      while (rs.next()) {
        ids.set(rs.getInt(1));
      }
    }
    return ids;
  }

  private static List<Manifest.Source> sources(DwcArchive archive, List<EntryCounts> files) throws IOException {
    if (archive.isZip()) {
      List<Manifest.Entry> entries = files.stream().map(EntryCounts::toEntry).toList();
      return List.of(new Manifest.Source(archive.path().toString(), "taxonomy dwca", Files.size(archive.path()),
          archive.zipSha256(), entries));
    }
    List<Manifest.Source> sources = new ArrayList<>();
    for (EntryCounts f : files) {
      sources.add(new Manifest.Source(archive.path().resolve(f.file()).toString(), "taxonomy dwca file", f.size,
          f.sha256, List.of(f.toEntry())));
    }
    return sources;
  }
}
