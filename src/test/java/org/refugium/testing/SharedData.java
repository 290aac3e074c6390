package org.refugium.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The read-only sample data beside the project ({@code ../shared}), read in place, never copied. */
public final class SharedData {

  private SharedData() {}

  public static Path root() {
    String configured = System.getProperty("refugium.shared");
    Path root = configured != null ? Path.of(configured) : Path.of("..", "shared");
    return root.toAbsolutePath().normalize();
  }

  /** A path under ../shared/data; the test fails (not skips) when it is missing: CI always has it. */
  public static Path data(String relative) {
    Path p = root().resolve("data").resolve(relative);
    if (!Files.exists(p)) {
      throw new IllegalStateException("missing shared sample " + p + " (is ../shared beside the project?)");
    }
    return p;
  }

  public static Path openDataSample() {
    return data("inat-open-data/sample-2022-06");
  }

  public static Path openDataExcerpt() {
    return data("inat-open-data/sample-2022-05-excerpt");
  }

  public static Path models() {
    Path p = root().resolve("models");
    if (!Files.isDirectory(p)) {
      // a missing model folder is a broken setup, not a reason to skip: CI always has ../shared
      throw new IllegalStateException("missing " + p + ": the model tests read ../shared/models in place; put the"
          + " shared data folder beside the project (or set -Drefugium.shared=DIR)");
    }
    return p;
  }

  /** A fixture directory of this project's own, named after the edge case it covers. */
  public static Path fixture(String name) {
    Path p = Path.of("src", "test", "resources", "fixtures", name).toAbsolutePath();
    if (!Files.exists(p)) {
      throw new IllegalStateException("missing fixture " + p);
    }
    return p;
  }
}
