package org.refugium.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --models-dir, shared by models, identify and serve. */
final class ModelsDirOption {

  @Option(names = "--models-dir", paramLabel = "DIR", defaultValue = "models",
      description = "Directory of installed model bundles (default: ${DEFAULT-VALUE}).")
  Path modelsDir;
}
