package org.refugium.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.refugium.importer.dwca.TaxonomyImport;
import org.refugium.importer.gbif.GbifDownloadImport;
import org.refugium.progress.Progress;
import org.refugium.snapshot.Manifest;

/**
 * Entry points for the sources beside the Open Data export: the taxonomy DwC-A and GBIF downloads.
 * Each returns one manifest source per file it hashed: one for a zip, one per file read for a directory.
 */
final class ExtraSources {

  private ExtraSources() {}

  static List<Manifest.Source> taxonomy(Path archive, Connection db, TableIngest ingest, RejectLog rejects,
      Progress progress, List<String> warnings) throws IOException, SQLException {
    return new TaxonomyImport(db, rejects, progress, warnings).load(archive);
  }

  static List<Manifest.Source> gbif(Path download, Connection db, TableIngest ingest, RejectLog rejects,
      Progress progress, List<String> warnings) throws IOException, SQLException {
    return new GbifDownloadImport(db, ingest, progress, warnings).load(download);
  }
}
