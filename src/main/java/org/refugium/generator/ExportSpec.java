package org.refugium.generator;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What to generate.
 *
 * @param observations rows of observations.csv (photos, observers, taxa and projects scale with it)
 * @param seed         the same seed gives byte-identical files
 * @param exportDate   the export's date: names the top folder and bounds the observation dates
 * @param layout       observations.csv with anomaly_score and the project tables (2024-11+), or the older 8 columns
 * @param format       one .tar.gz like the monthly download, or a directory of .csv.gz files
 * @param output       the .tar.gz file, or the directory
 * @param gzipLevel    1 (fast, the default: the generator must outrun the import) .. 9
 */
public record ExportSpec(long observations, long seed, LocalDate exportDate, Layout layout, Format format,
    Path output, int gzipLevel) {

  public enum Layout {
    /** observations.csv with anomaly_score (2024-11 on), plus projects.csv and observations_projects.csv (2025-08 on). */
    CURRENT,
    /** The 8-column observations.csv and the four core tables, as in exports up to 2024-10. */
    LEGACY
  }

  public enum Format { TARBALL, DIRECTORY }

  public ExportSpec {
    if (observations < 1) {
      throw new IllegalArgumentException("observations must be at least 1: " + observations);
    }
    if (gzipLevel < 1 || gzipLevel > 9) {
      throw new IllegalArgumentException("gzip level must be 1..9: " + gzipLevel);
    }
  }

  /** The top folder of the tarball, e.g. inaturalist-open-data-20250927. */
  public String folderName() {
    return "inaturalist-open-data-" + exportDate.toString().replace("-", "");
  }
}
