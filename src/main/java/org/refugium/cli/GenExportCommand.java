package org.refugium.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.refugium.generator.ExportGenerator;
import org.refugium.generator.ExportReport;
import org.refugium.generator.ExportSpec;
import org.refugium.progress.Format;
import org.refugium.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** refugium gen-export: a synthetic Open Data export of any size, for benchmarks and large-scale tests. */
@Command(name = "gen-export", mixinStandardHelpOptions = true,
    description = {"Writes a synthetic iNaturalist Open Data export in the real format, deterministic from --seed.",
        "Sizes scale with --observations (~N/100 species, ~N/70 observers, ~1.55 photos per observation);"
            + " a few faulty rows are included on purpose so an import exercises its reject paths."})
final class GenExportCommand implements Callable<Integer> {

  @Option(names = "--observations", defaultValue = "100000", description = "Observation rows (default: ${DEFAULT-VALUE}).")
  long observations;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed; the same seed gives identical files.")
  long seed;

  @Option(names = "--date", defaultValue = "2025-09-27",
      description = "Export date: names the top folder and ends the observation dates (default: ${DEFAULT-VALUE}).")
  LocalDate date;

  @Option(names = "--legacy-layout",
      description = "8-column observations.csv (no anomaly_score) and no project tables, as exports before 2024-11.")
  boolean legacy;

  @Option(names = "--directory",
      description = "Write a directory of <table>.csv.gz files instead of one .tar.gz.")
  boolean directory;

  @Option(names = "--gzip-level", defaultValue = "1", description = "1 (fast, default) to 9.")
  int gzipLevel;

  @Option(names = {"-o", "--output"}, paramLabel = "PATH",
      description = "The .tar.gz (or directory) to write; default inaturalist-open-data-YYYYMMDD.tar.gz here.")
  Path output;

  @Override
  public Integer call() throws Exception {
    ExportSpec.Layout layout = legacy ? ExportSpec.Layout.LEGACY : ExportSpec.Layout.CURRENT;
    ExportSpec.Format format = directory ? ExportSpec.Format.DIRECTORY : ExportSpec.Format.TARBALL;
    String folder = "inaturalist-open-data-" + date.toString().replace("-", "");
    Path out = output != null ? output : Path.of(directory ? folder : folder + ".tar.gz");
    ExportSpec spec = new ExportSpec(observations, seed, date, layout, format, out, gzipLevel);
    ExportReport report;
    try (Progress progress = Progress.onStderr()) {
      report = new ExportGenerator(progress).generate(spec);
    }
    System.out.printf("Wrote %s in %s%n", out, Format.duration(java.time.Duration.ofMillis((long) (report.seconds() * 1000))));
    report.rows().forEach((table, n) -> System.out.printf("  %-24s %,14d rows%n", table, n));
    System.out.printf("Faulty rows on purpose (the import should reject them):%n");
    report.injectedRejectsByReason().forEach((reason, n) -> System.out.printf("  %-24s %,14d%n", reason, n));
    System.out.printf("  %-24s %,14d (imported and flagged)%n", "unknown taxon", report.observationsUnknownTaxon());
    return 0;
  }
}
