package org.refugium.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** refugium import: exports → a verified snapshot, published atomically. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"Imports iNaturalist exports into a new snapshot and makes it current.",
        "The snapshot is built in a staging directory and published with one rename only when complete;"
            + " on any failure the published snapshots and CURRENT are left untouched."})
final class ImportCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Option(names = "--open-data", paramLabel = "PATH", split = ",",
      description = "The Open Data export: the .tar.gz, a directory of .csv/.csv.gz files, or single table files"
          + " (repeat or comma-separate).")
  List<Path> openData;

  @Option(names = "--taxonomy", paramLabel = "PATH",
      description = "The taxonomy DwC-A (inaturalist-taxonomy.dwca.zip or its unpacked directory): vernacular names.")
  Path taxonomy;

  @Option(names = "--gbif", paramLabel = "PATH",
      description = "A GBIF occurrence download (zip or directory): beside --open-data it is joined through photo ids"
          + " (iNaturalist ids, GBIF ids); alone it is the observation source.")
  Path gbif;

  @Option(names = "--web-export", paramLabel = "FILE",
      description = "iNaturalist's web export (observations-NNN.csv or its .zip): beside --open-data it is joined by"
          + " uuid (iNaturalist ids, created/updated times, time zone, place names, description, licence); alone it"
          + " is the observation source (taxa from --taxonomy, else placeholders from its names).")
  Path webExport;

  @Option(names = "--inat-dwca", paramLabel = "PATH",
      description = "iNaturalist's own observation DwC-A (zip or directory: observations.csv, images.csv), beside"
          + " --open-data: joined through photo ids and iNaturalist ids (iNaturalist ids, updated time, time observed,"
          + " place names, description, licence, recorded-by names).")
  Path inatDwca;

  @Option(names = "--name", description = "Snapshot name (default: from the export date, e.g. inat-2026-05-01).")
  String name;

  @Option(names = "--no-switch", description = "Publish the snapshot but leave CURRENT as it is.")
  boolean noSwitch;

  @Option(names = "--summaries-from", paramLabel = "N", defaultValue = "" + SnapshotImporter.DEFAULT_SUMMARIES_FROM,
      description = "Taxa with at least N observations get their taxon page's map, charts and top observers counted"
          + " at import (default: ${DEFAULT-VALUE}); smaller taxa are counted per request.")
  int summariesFrom;

  @Option(names = "--sign-with", paramLabel = "KEY",
      description = "Private key (keys/private/KEY.key) that signs the manifest (default: this node's only key; with"
          + " none, a key node-HOSTNAME is created and trusted). See docs/replication.md.")
  String signWith;

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    try (Progress progress = Progress.onStderr()) {
      var request = new SnapshotImporter.Request(openData, taxonomy, gbif, webExport, inatDwca, name,
          !noSwitch);
      var store = data.store();
      org.refugium.snapshot.ManifestSignature.Signer signer;
      try {
        signer = org.refugium.snapshot.Keyring.of(store).signerForImport(signWith, progress::say);
      } catch (java.io.IOException | IllegalArgumentException e) {
        throw new FriendlyErrors.UserError(e.getMessage());
      }
      var result = new SnapshotImporter(store, progress, summariesFrom).signWith(signer).run(request);
      ImportSummary.print(System.out, result, Duration.ofNanos(System.nanoTime() - start));
    }
    return 0;
  }
}
