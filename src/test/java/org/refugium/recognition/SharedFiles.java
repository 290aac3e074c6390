package org.refugium.recognition;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared models and photos (never copied into the repo); skips when absent. */
final class SharedFiles {

  static final String MODELS = "models/coral-mobilenet-v2/";

  private SharedFiles() {}

  static Path shared() {
    return Path.of(System.getProperty("refugium.shared", "../shared")).toAbsolutePath();
  }

  /** A shared file, or a skipped test (JUnit assumption) when the shared folder lacks it. */
  static Path require(String relative) {
    Path p = shared().resolve(relative);
    assumeTrue(Files.isReadable(p), () -> "shared file not present: " + p);
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
