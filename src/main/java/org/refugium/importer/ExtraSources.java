package org.refugium.importer;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.refugium.progress.Progress;
import org.refugium.snapshot.Manifest;

/** Entry points for the sources beside the Open Data export: the taxonomy DwC-A and GBIF downloads. */
final class ExtraSources {

  private ExtraSources() {}

  static Manifest.Source taxonomy(Path archive, Connection db, TableIngest ingest, RejectLog rejects,
      Progress progress, List<String> warnings) throws IOException, SQLException {
    throw new ImportFailedException("the taxonomy DwC-A reader is not available yet");
  }

  static Manifest.Source gbif(Path download, Connection db, TableIngest ingest, RejectLog rejects,
      Progress progress, List<String> warnings) throws IOException, SQLException {
    throw new ImportFailedException("the GBIF download reader is not available yet");
  }
}
