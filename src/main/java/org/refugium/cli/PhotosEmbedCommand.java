package org.refugium.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.refugium.photos.PhotoStore;
import org.refugium.progress.Format;
import org.refugium.progress.Progress;
import org.refugium.recognition.Backbone;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.archive.EmbedJob;
import org.refugium.recognition.archive.VectorFormat;
import org.refugium.recognition.archive.VectorIndex;
import org.refugium.recognition.archive.VectorIndexWriter;
import org.refugium.snapshot.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * refugium photos embed: a vector per mirrored photo into the snapshot's vector index (see
 * docs/recognition.md, "Learned from the archive").
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Embeds the mirrored photos of the current snapshot with a backbone network into a"
        + " Lucene vector index ({data-dir}/vectors/{snapshot}/{backbone}/), for identification by"
        + " similar archived observations. Incremental: photos already embedded are skipped.")
final class PhotosEmbedCommand implements Callable<Integer> {

  @Mixin
  DataDirOption data;

  @Mixin
  ModelsDirOption models;

  @Mixin
  PhotoStoreOptions store;

  @Option(names = "--size", defaultValue = "medium",
      description = "Photo size to embed (default: ${DEFAULT-VALUE}; the network sees 224 px).")
  String size;

  @Option(names = "--backbone", paramLabel = "FILE.tflite",
      description = "TFLite model cut before its classifier (default: the installed gate bundle's"
          + " model, the ImageNet MobileNetV2).")
  Path backbone;

  @Option(names = "--tensor", paramLabel = "NAME|INDEX",
      description = "Tensor to cut at (default: the last AVERAGE_POOL_2D output).")
  String tensor;

  @Option(names = "--format", defaultValue = "float32",
      description = "Vector storage: float32, int8, int4 or binary (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
      description = "Embed at most N new photos (default: all).")
  long limit;

  @Option(names = "--commit-every", paramLabel = "N", defaultValue = "500",
      description = "Commit after every N photos: a kill loses at most one batch (default: ${DEFAULT-VALUE}).")
  int commitEvery;

  @Option(names = "--threads", paramLabel = "N",
      description = "Photos decoded and embedded at once (default: the number of cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    SnapshotStore snapshots = data.store();
    String name = store.snapshotName(snapshots);
    VectorFormat vf = VectorFormat.parse(format);
    Path model = backbone != null ? backbone : defaultBackbone(models.modelsDir);
    if (!Files.isRegularFile(model)) {
      throw new FriendlyErrors.UserError("backbone " + model + " is not a file");
    }
    try (Backbone net = Backbone.load(model, tensor);
        PhotoStore photoStore = store.open();
        Connection db = PhotoStoreOptions.openDatabase(snapshots, name);
        Progress progress = Progress.onStderr()) {
      Path dir = VectorIndex.dir(snapshots.root(), name, net.id());
      progress.say("Embedding " + size + " photos of snapshot " + name + " from "
          + photoStore.describe() + " with " + net.id() + " (" + net.dimensions()
          + " dimensions, " + vf.lowerName() + ") into vectors/" + name + "/"
          + dir.getFileName());
      EmbedJob.Summary s;
      try (VectorIndexWriter writer = VectorIndexWriter.open(dir, name, net.id(),
          net.dimensions(), vf, commitEvery)) {
        s = new EmbedJob(db, photoStore, net, size, threads, progress).run(writer, limit);
      }
      System.err.printf("Embedded %s photos in %s (%.1f photos/s); %s already in the index,"
              + " %s not in the photo store, %s unreadable, %s failed; the index holds %s.%n",
          Format.count(s.embedded()), Format.duration(Duration.ofMillis((long) (s.seconds() * 1000))),
          s.rate(), Format.count(s.alreadyPresent()), Format.count(s.notInStore()),
          Format.count(s.unreadable()), Format.count(s.failed()), Format.count(s.indexSize()));
      return s.failed() > 0 || s.unreadable() > 0 ? 2 : 0;
    }
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
