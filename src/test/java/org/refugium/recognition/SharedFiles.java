package org.refugium.recognition;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared models and photos (never copied into the repo), read in place; a missing one fails the test. */
final class SharedFiles {

  static final String MODELS = "models/coral-mobilenet-v2/";

  private SharedFiles() {}

  static Path shared() {
    return Path.of(System.getProperty("refugium.shared", "../shared")).toAbsolutePath();
  }

  /** A shared file; the test fails (never skips silently) when the shared folder lacks it. */
  static Path require(String relative) {
    Path p = shared().resolve(relative);
    if (!Files.isReadable(p)) {
      throw new IllegalStateException("missing shared file " + p + ": the recognition tests read the models and"
          + " photos of the shared data folder in place; put it beside the project as ../shared (or set"
          + " -Drefugium.shared=DIR)");
    }
    return p;
  }

  static Path model(String name) {
    return require(MODELS + "mobilenet_v2_1.0_224_" + name + ".tflite");
  }

  static Path labels(String name) {
    return require(MODELS + name);
  }

  static Path photo(String relative) {
    return require("data/photos/" + relative);
  }
}
