package org.refugium.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.refugium.progress.Progress;
import org.refugium.recognition.Backbone;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.archive.VectorIndex;
import org.refugium.recognition.train.ExampleReader;
import org.refugium.recognition.train.HeadTrainer;
import org.refugium.recognition.train.ObserverSplit;
import org.refugium.recognition.train.TrainJob;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * refugium models train: a classifier for a clade learnt from the archive's embeddings (see
 * docs/recognition.md, "Training a model from the archive").
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains a softmax head for a clade on the embeddings of the snapshot's vector"
        + " index (`photos embed` first; nothing is decoded again): taxa with at least N"
        + " research-grade photos, a split by observer, class weights, early stopping. Writes a"
        + " model bundle (install it with `models install DIR`) with its evaluation report."})
final class ModelsTrainCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Mixin
  ModelsDirOption models;

  @Option(names = "--snapshot", paramLabel = "NAME", description = "Snapshot (default: the current one).")
  String snapshot;

  @Option(names = "--taxon", paramLabel = "ID", defaultValue = "0",
      description = "The clade to learn, e.g. 47126 (Plantae); 0 = every taxon (default).")
  int taxon;

  @Option(names = "--taxa-list", paramLabel = "FILE",
      description = "Only these taxon ids (one per line, # comments): a place's species list. This"
          + " node knows no iNaturalist place boundaries, so a place's checklist comes as a file.")
  Path taxaList;

  @Option(names = "--min-photos", paramLabel = "N", defaultValue = "20",
      description = "Taxa need at least N research-grade embedded photos (default: ${DEFAULT-VALUE}).")
  int minPhotos;

  @Option(names = "--seed", defaultValue = "1", description = "Split and batch order (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--epochs", paramLabel = "N", defaultValue = "200",
      description = "At most N passes over the training photos (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--patience", paramLabel = "N", defaultValue = "5",
      description = "Stop after N epochs without a lower validation loss (default: ${DEFAULT-VALUE}).")
  int patience;

  @Option(names = "--batch", paramLabel = "N", defaultValue = "128", description = "Mini-batch size (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--learning-rate", defaultValue = "0.002", description = "Adam's step (default: ${DEFAULT-VALUE}).")
  double learningRate;

  @Option(names = "--l2", defaultValue = "1e-4", description = "L2 penalty on the weights (default: ${DEFAULT-VALUE}).")
  double l2;

  @Option(names = "--validation", defaultValue = "0.15",
      description = "Share of observers held out for early stopping (default: ${DEFAULT-VALUE}).")
  double validation;

  @Option(names = "--test", defaultValue = "0.15",
      description = "Share of observers held out for the evaluation report (default: ${DEFAULT-VALUE}).")
  double test;

  @Option(names = "--threads", paramLabel = "N", description = "Cores to use (default: all).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--backbone", paramLabel = "FILE.tflite",
      description = "The backbone the index was built with (default: the installed gate bundle's model).")
  Path backbone;

  @Option(names = "--name", description = "Bundle name (default: archive-<clade>-<snapshot>).")
  String name;

  @Option(names = {"-o", "--output"}, paramLabel = "BUNDLE_DIR", required = true,
      description = "Where to write the bundle (a new or empty directory).")
  Path out;

  @Override
  public Integer call() throws Exception {
    SnapshotStore snapshots = data.store();
    String snap = snapshot != null ? snapshot : snapshots.currentName().orElseThrow(() ->
        new FriendlyErrors.UserError("no current snapshot in " + snapshots.root() + ": import an export first"));
    SnapshotStore.checkName(snap);
    if (!snapshots.exists(snap)) {
      throw new FriendlyErrors.UserError("no snapshot named " + snap + " (see `snapshots list`)");
    }
    Path model = backbone != null ? backbone : defaultBackbone(models.modelsDir);
    if (!Files.isRegularFile(model)) {
      throw new FriendlyErrors.UserError("backbone " + model + " is not a file");
    }
    String id = Backbone.idOf(model, null);
    Path index = VectorIndex.dir(snapshots.root(), snap, id);
    if (VectorIndex.readManifest(index).isEmpty()) {
      throw new FriendlyErrors.UserError("no vector index of snapshot " + snap + " for backbone " + id
          + ": run `refugium photos embed` first");
    }
    String bundleName = name != null ? name
        : "archive-" + (taxon > 0 ? String.valueOf(taxon) : "all") + "-" + snap;
    try (Connection db = PhotoStoreOptions.openDatabase(snapshots, snap);
        Progress progress = Progress.onStderr()) {
      TrainJob.Request r = new TrainJob.Request(snap, db, index, model,
          new ExampleReader.Selection(taxon, minPhotos, readTaxa(taxaList)),
          new ObserverSplit(seed, validation, test),
          new HeadTrainer.Params(seed, epochs, patience, batch, learningRate, l2, 10, threads),
          bundleName, out);
      TrainJob.Outcome o;
      try {
        o = TrainJob.run(r, progress);
      } catch (IllegalArgumentException | java.io.IOException
          | org.refugium.recognition.archive.BackboneMismatchException e) {
        // no index, a non-empty -o, too few taxa, the wrong backbone: one line, no stack trace
        throw new FriendlyErrors.UserError(e.getMessage());
      }
      System.out.printf("wrote bundle %s in %s: %d taxa, %d photos (%d train / %d validation / %d"
              + " test), %s top-1 %.1f %%, top-5 %.1f %%; install it with: refugium models install %s%n",
          o.bundle().name(), o.bundle().directory(), o.examples().classCount(), o.examples().size(),
          o.train().length, o.validation().length, o.test().length, o.evaluation().split(),
          100 * o.evaluation().top1(), 100 * o.evaluation().top5(), o.bundle().directory());
      return 0;
    }
  }

  static Set<Integer> readTaxa(Path file) throws java.io.IOException {
    if (file == null) {
      return null;
    }
    Set<Integer> out = new HashSet<>();
    List<String> lines = Files.readAllLines(file);
    for (int i = 0; i < lines.size(); i++) {
      String s = lines.get(i).replaceAll("#.*", "").strip();
      if (s.isEmpty()) {
        continue;
      }
      try {
        out.add(Integer.valueOf(s.split("[,\\s]")[0]));
      } catch (NumberFormatException e) {
        throw new FriendlyErrors.UserError(file + " line " + (i + 1) + ": not a taxon id: " + s);
      }
    }
    return out;
  }

  private static Path defaultBackbone(Path modelsDir) throws java.io.IOException {
    List<ModelBundle> gates = ModelBundle.installed(modelsDir).stream()
        .filter(b -> b.manifest().isGate()).toList();
    if (gates.isEmpty()) {
      throw new FriendlyErrors.UserError("no backbone: install the ImageNet bundle (refugium models"
          + " install coral-imagenet --from DIR) or pass --backbone FILE.tflite");
    }
    return gates.get(0).modelFile();
  }
}
