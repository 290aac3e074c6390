package org.refugium.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.importer.SnapshotImporter;
import org.refugium.progress.Progress;
import org.refugium.snapshot.Manifest;
import org.refugium.snapshot.SnapshotStore;

/** A small synthetic export: real format, deterministic, and every planted fault counted by the import. */
class SyntheticExportTest {

  private static final LocalDate DATE = LocalDate.of(2025, 9, 27);

  @TempDir
  Path dir;

  private ExportReport generate(long observations, long seed, ExportSpec.Layout layout, ExportSpec.Format format,
      Path output) throws IOException {
    return new ExportGenerator(Progress.silent())
        .generate(new ExportSpec(observations, seed, DATE, layout, format, output, 1));
  }

  @Test
  void sameSeedGivesIdenticalBytesAndAnotherSeedDoesNot() throws IOException {
    Path a = dir.resolve("a/inaturalist-open-data-20250927.tar.gz");
    Path b = dir.resolve("b/inaturalist-open-data-20250927.tar.gz");
    Path c = dir.resolve("c/inaturalist-open-data-20250927.tar.gz");
    generate(5_000, 42, ExportSpec.Layout.CURRENT, ExportSpec.Format.TARBALL, a);
    generate(5_000, 42, ExportSpec.Layout.CURRENT, ExportSpec.Format.TARBALL, b);
    generate(5_000, 43, ExportSpec.Layout.CURRENT, ExportSpec.Format.TARBALL, c);
    assertThat(Files.mismatch(a, b)).isEqualTo(-1);
    assertThat(Files.mismatch(a, c)).isNotEqualTo(-1);
    assertThat(a.resolveSibling("inaturalist-open-data-20250927.tar.gz.parts")).doesNotExist();
  }

  @Test
  void tarballHasTheExportLayoutAndHeaders() throws IOException {
    Path out = dir.resolve("inaturalist-open-data-20250927.tar.gz");
    generate(2_000, 1, ExportSpec.Layout.CURRENT, ExportSpec.Format.TARBALL, out);
    List<String> names = new ArrayList<>();
    String observationsHeader = null;
    try (TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(Files.newInputStream(out)))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        names.add(e.getName());
        if (e.getName().endsWith("/observations.csv")) {
          observationsHeader = new BufferedReader(new InputStreamReader(tar, StandardCharsets.UTF_8)).readLine();
        }
      }
    }
    String folder = "inaturalist-open-data-20250927/";
    assertThat(names).containsExactly(folder, folder + "taxa.csv", folder + "observers.csv", folder + "projects.csv",
        folder + "observations.csv", folder + "photos.csv", folder + "observations_projects.csv");
    assertThat(observationsHeader).isEqualTo("observation_uuid\tobserver_id\tlatitude\tlongitude\tpositional_accuracy"
        + "\ttaxon_id\tquality_grade\tobserved_on\tanomaly_score");
  }

  @Test
  void importCountsEveryRowAndEveryPlantedFault() throws IOException {
    long n = 20_000;
    Path export = dir.resolve("inaturalist-open-data-20250927.tar.gz");
    ExportReport report = generate(n, 7, ExportSpec.Layout.CURRENT, ExportSpec.Format.TARBALL, export);
    assertThat(report.rows()).containsEntry("observations", n);
    assertThat(report.rows().get("photos")).isBetween((long) (n * 1.4), (long) (n * 1.7));
    assertThat(report.rows().get("taxa")).isGreaterThan(n / 100);
    assertThat(report.injectedRejectsByReason()).containsOnlyKeys("bad date", "coordinate out of range",
        "duplicate key", "wrong field count");
    assertThat(report.observationsUnknownTaxon()).isPositive();

    Manifest m = importInto(dir.resolve("data"), export);
    assertThat(m.rejectsByReason()).isEqualTo(report.injectedRejectsByReason());
    assertThat(m.counts()).containsEntry("observations", n - report.injectedRejects("observations"))
        .containsEntry("photos", report.rows().get("photos") - report.injectedRejects("photos"))
        .containsEntry("taxa", report.rows().get("taxa"))
        .containsEntry("observers", report.rows().get("observers"))
        .containsEntry("projects", report.rows().get("projects"))
        .containsEntry("observations_projects", report.rows().get("observations_projects"))
        .containsEntry("observations_with_unknown_taxon", report.observationsUnknownTaxon());
  }

  @Test
  void legacyLayoutAsDirectoryOfGzipFilesImports() throws IOException {
    Path export = dir.resolve("inaturalist-open-data-20240901");
    ExportReport report = generate(3_000, 3, ExportSpec.Layout.LEGACY, ExportSpec.Format.DIRECTORY, export);
    try (var files = Files.list(export)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
          .containsExactly("observations.csv.gz", "observers.csv.gz", "photos.csv.gz", "taxa.csv.gz");
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(
        Files.newInputStream(export.resolve("observations.csv.gz"))), StandardCharsets.UTF_8))) {
      assertThat(r.readLine().split("\t")).hasSize(8);
    }
    Manifest m = importInto(dir.resolve("data"), export);
    assertThat(m.rejectsByReason()).isEqualTo(report.injectedRejectsByReason());
    assertThat(m.counts()).containsEntry("taxa", report.rows().get("taxa"));
  }

  private static Manifest importInto(Path data, Path export) throws IOException {
    var request = new SnapshotImporter.Request(List.of(export), null, null, "synthetic", true);
    return new SnapshotImporter(new SnapshotStore(data), Progress.silent()).run(request).manifest();
  }
}
