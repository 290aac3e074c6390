package org.refugium.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.refugium.api.LabelTaxa;
import org.refugium.api.data.ServedSnapshot;
import org.refugium.recognition.BundleCatalogue;
import org.refugium.recognition.BundleInstaller;
import org.refugium.recognition.BundleManifest;
import org.refugium.recognition.Classifier;
import org.refugium.recognition.ModelBundle;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** refugium models: install, list and verify recognition model bundles. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "Installs, lists and verifies model bundles.",
    subcommands = {ModelsCommand.Install.class, ModelsCommand.ListModels.class, ModelsCommand.Verify.class,
        ModelsTrainCommand.class})
final class ModelsCommand implements Callable<Integer> {

  @Mixin
  ModelsDirOption models;

  @Override
  public Integer call() throws Exception {
    return ListModels.list(models.modelsDir);
  }

  @Command(name = "install", mixinStandardHelpOptions = true,
      description = {"Installs a bundle: a catalogue name (see `models list`), a bundle directory, or the http(s)"
          + " URL of a bundle.json. Every file is checked against its sha256."})
  static final class Install implements Callable<Integer> {
    @Mixin
    ModelsDirOption models;

    @Parameters(paramLabel = "SOURCE", arity = "1..*")
    List<String> sources;

    @Option(names = "--from", paramLabel = "DIR",
        description = "Copy the files from this folder (searched 3 levels deep) instead of downloading them.")
    Path from;

    @Option(names = "--force", description = "Replace a bundle that is already installed.")
    boolean force;

    @Override
    public Integer call() throws Exception {
      BundleInstaller installer = new BundleInstaller(models.modelsDir, force, System.err::println);
      for (String source : sources) {
        System.err.println("installing " + source + (from == null ? " (download)" : " from " + from));
        try {
          ModelBundle b = installer.install(source, from);
          System.out.println("installed " + b.name() + " in " + b.directory());
        } catch (java.io.IOException e) {
          throw new FriendlyErrors.UserError(e.getMessage());
        }
      }
      return 0;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists installed bundles and the catalogue.")
  static final class ListModels implements Callable<Integer> {
    @Mixin
    ModelsDirOption models;

    @Override
    public Integer call() throws Exception {
      return list(models.modelsDir);
    }

    static int list(Path dir) throws Exception {
      List<ModelBundle> installed = ModelBundle.installed(dir);
      System.out.println("Installed in " + dir.toAbsolutePath() + ":");
      if (installed.isEmpty()) {
        System.out.println("  (none)");
      }
      List<String> names = new ArrayList<>();
      for (ModelBundle b : installed) {
        BundleManifest m = b.manifest();
        names.add(m.name());
        System.out.printf("  %-22s %-8s %-11s %-8s %-12s %s%n", m.name(), m.role(), m.format(), m.version(),
            m.license(), m.covers() == null ? "" : "covers " + m.covers().name());
      }
      System.out.println("Catalogue (refugium models install NAME [--from DIR]):");
      for (BundleManifest m : BundleCatalogue.entries()) {
        System.out.printf("  %-22s %-8s %s%s%n", m.name(), m.role(), m.description(),
            names.contains(m.name()) ? " [installed]" : "");
      }
      return 0;
    }
  }

  @Command(name = "verify", mixinStandardHelpOptions = true,
      description = {"Re-hashes a bundle's files, loads the model, and maps its labels to the current snapshot's"
          + " taxa; unmatched labels are listed and written to the bundle's unmatched-labels.txt."})
  static final class Verify implements Callable<Integer> {
    @Mixin
    ModelsDirOption models;

    @Mixin
    DataDirOption data;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Bundle to verify (default: all installed).")
    String name;

    @Option(names = "--show", paramLabel = "N", defaultValue = "10",
        description = "Unmatched labels to print per bundle (default: ${DEFAULT-VALUE}).")
    int show;

    @Override
    public Integer call() throws Exception {
      List<ModelBundle> bundles = ModelBundle.installed(models.modelsDir).stream()
          .filter(b -> name == null || b.name().equals(name)).toList();
      if (bundles.isEmpty()) {
        throw new FriendlyErrors.UserError(name == null ? "no bundle installed in " + models.modelsDir
            : "no bundle named " + name + " in " + models.modelsDir);
      }
      SnapshotStore store = data.store();
      ServedSnapshot snapshot = store.currentName().isPresent()
          ? ServedSnapshot.open(store.currentName().get(), store.dir(store.currentName().get()), 2) : null;
      int failed = 0;
      try {
        for (ModelBundle b : bundles) {
          List<String> problems = b.verify();
          if (!problems.isEmpty()) {
            failed++;
            System.out.println(b.name() + ": FAILED");
            problems.forEach(p -> System.out.println("  - " + p));
            continue;
          }
          try (Classifier c = b.load()) {
            System.out.printf("%s: files OK, model loads (%d classes)%n", b.name(), c.labels().size());
            if (snapshot == null) {
              System.out.println("  (no current snapshot in " + store.root() + ": labels not matched to taxa)");
            } else if (!b.manifest().isGate()) {
              LabelTaxa map = LabelTaxa.of(snapshot, b, c.labels());
              List<String> unmatched = map.unmatched(c.labels());
              System.out.printf("  snapshot %s: %d labels matched to taxa, %d unmatched%s%n", snapshot.name(),
                  map.matchedCount(), unmatched.size(), map.clade() < 0 ? "; clade not in the snapshot" : "");
              unmatched.stream().limit(show).forEach(u -> System.out.println("    unmatched: " + u));
              Path report = b.directory().resolve("unmatched-labels.txt");
              Files.write(report, unmatched);
              System.out.println("  all unmatched labels: " + report);
            }
          }
        }
      } finally {
        if (snapshot != null) {
          snapshot.close();
        }
      }
      return failed == 0 ? 0 : 1;
    }
  }
}
