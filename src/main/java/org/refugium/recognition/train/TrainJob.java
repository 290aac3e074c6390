package org.refugium.recognition.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.refugium.Version;
import org.refugium.progress.Progress;
import org.refugium.recognition.BundleManifest;
import org.refugium.recognition.HeadClassifier;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.ServingConfig;
import org.refugium.recognition.archive.BackboneMismatchException;
import org.refugium.recognition.archive.VectorIndex;

/**
 * {@code refugium models train}: reads the embeddings of a snapshot's vector index, keeps the
 * research-grade photos of taxa with enough of them under a clade, splits by observer, trains a
 * {@link HeadTrainer softmax head}, evaluates it on the test split and writes a model bundle
 * ({@code format: embedding-head}) that {@code models install} accepts: the head, the backbone it
 * was trained on, labels and label ids (the snapshot's taxon ids), provenance and the evaluation.
 * The bundle is assembled in {@code OUT.partial} and renamed, so a failed run leaves no bundle.
 */
public final class TrainJob {

  public static final String HEAD = "head.bin";
  public static final String LABELS = "labels.txt";
  public static final String LABEL_IDS = "label_ids.txt";
  public static final String PROVENANCE = "provenance.json";
  public static final String EVALUATION_JSON = "evaluation.json";
  public static final String EVALUATION_TEXT = "evaluation.txt";
  public static final String SPLIT = "split-observers.csv";

  static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * @param snapshot the snapshot whose index and taxa are used
   * @param indexDir its vector index ({@code vectors/{snapshot}/{backbone}})
   * @param backboneModel the backbone file (copied into the bundle; must be the index's backbone)
   */
  public record Request(String snapshot, Connection db, Path indexDir, Path backboneModel,
      ExampleReader.Selection selection, ObserverSplit split, HeadTrainer.Params params,
      String name, Path out) {}

  /** What a run produced. */
  public record Outcome(ModelBundle bundle, Evaluation evaluation, HeadTrainer.Result training,
      Examples examples, int[] train, int[] validation, int[] test) {}

  private TrainJob() {}

  public static Outcome run(Request r, Progress progress) throws IOException, SQLException {
    checkEmpty(r.out().toAbsolutePath());
    VectorIndex.Manifest index = VectorIndex.readManifest(r.indexDir()).orElseThrow(() ->
        new IOException("no vector index in " + r.indexDir() + ": run `refugium photos embed` first"));
    String backboneFile = index.backbone().substring(0, Math.max(0, index.backbone().indexOf('@')));
    String given = r.backboneModel().getFileName() + "@sha256:"
        + ModelBundle.sha256(r.backboneModel()).substring(0, 16);
    if (!index.backbone().startsWith(given + "#") || !backboneFile.equals(
        r.backboneModel().getFileName().toString())) {
      throw new BackboneMismatchException(index.backbone(), given);
    }
    Taxa taxa = new Taxa(r.db());
    progress.say("Reading embeddings of snapshot " + r.snapshot() + " from vectors/" + r.snapshot()
        + "/" + r.indexDir().getFileName() + " (" + index.vectors() + " photos, " + index.backbone()
        + ")");
    long t0 = System.nanoTime();
    Examples ex = new ExampleReader(taxa::rankLevel).read(r.indexDir(), r.selection());
    if (ex.classCount() < 2) {
      throw new IllegalArgumentException("only " + ex.classCount() + " taxa have at least "
          + r.selection().minPhotos() + " research-grade embedded photos under taxon "
          + r.selection().clade() + ": lower --min-photos, embed more photos, or pick a larger clade");
    }
    int[] train = r.split().indexes(ex, ObserverSplit.Side.TRAIN);
    int[] validation = r.split().indexes(ex, ObserverSplit.Side.VALIDATION);
    int[] test = r.split().indexes(ex, ObserverSplit.Side.TEST);
    progress.say(String.format("%d photos of %d taxa read in %.1f s; split by observer: %d train,"
            + " %d validation, %d test photos", ex.size(), ex.classCount(),
        (System.nanoTime() - t0) / 1e9, train.length, validation.length, test.length));
    int max = r.params().maxEpochs();
    HeadTrainer.Result result = HeadTrainer.train(ex, train, validation, r.params(), e ->
        progress.say(String.format("  epoch %3d/%d  loss %.4f  validation loss %.4f  top-1 %.3f"
                + "  %.1f s  ETA <= %s", e.epoch(), max, e.trainLoss(), e.validationLoss(),
            e.validationTop1(), e.seconds(), eta(e.seconds() * (max - e.epoch())))));
    progress.say(String.format("Trained in %.1f s: best epoch %d of %d%s", result.seconds(),
        result.bestEpoch(), result.history().size(),
        result.stoppedEarly() ? " (stopped early: validation loss no longer falling)" : ""));
    boolean onTest = test.length > 0;
    Evaluation eval = Evaluation.of(onTest ? "test" : "validation", result.head(), ex,
        onTest ? test : validation, taxa::label);
    progress.say(eval.text().stripTrailing());
    ModelBundle bundle = write(r, ex, index, result, eval, taxa, train, validation, test);
    return new Outcome(bundle, eval, result, ex, train, validation, test);
  }

  private static String eta(double seconds) {
    long s = Math.round(seconds);
    return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }

  private static ModelBundle write(Request r, Examples ex, VectorIndex.Manifest index,
      HeadTrainer.Result result, Evaluation eval, Taxa taxa, int[] train, int[] validation,
      int[] test) throws IOException, SQLException {
    Path out = r.out().toAbsolutePath();
    checkEmpty(out); // again: it may have appeared while training
    Path partial = out.resolveSibling(out.getFileName() + ".partial");
    deleteTree(partial);
    Files.createDirectories(partial);
    try {
      result.head().write(partial.resolve(HEAD));
      List<String> labels = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int id : ex.taxa()) {
        labels.add(taxa.label(id));
        ids.add(String.valueOf(id));
      }
      Files.write(partial.resolve(LABELS), labels, StandardCharsets.UTF_8);
      Files.write(partial.resolve(LABEL_IDS), ids, StandardCharsets.UTF_8);
      Path backbone = partial.resolve(r.backboneModel().getFileName().toString());
      Files.copy(r.backboneModel(), backbone);
      Files.writeString(partial.resolve(EVALUATION_TEXT), eval.text(), StandardCharsets.UTF_8);
      JSON.writeValue(partial.resolve(EVALUATION_JSON).toFile(), eval);
      JSON.writeValue(partial.resolve(PROVENANCE).toFile(),
          provenance(r, ex, index, result, train, validation, test));
      writeSplit(partial.resolve(SPLIT), r.split(), ex);
      new ServingConfig(HeadClassifier.FORMAT, 224, 224, false, null, null, false)
          .write(partial.resolve(ServingConfig.FILE));
      Map<String, BundleManifest.FileEntry> files = new LinkedHashMap<>();
      for (String f : List.of(HEAD, LABELS, LABEL_IDS, backbone.getFileName().toString(),
          PROVENANCE, EVALUATION_JSON, EVALUATION_TEXT)) {
        Path p = partial.resolve(f);
        files.put(f, new BundleManifest.FileEntry(ModelBundle.sha256(p), Files.size(p), null));
      }
      String clade = r.selection().clade() > 0 ? taxa.name(r.selection().clade()) : null;
      new BundleManifest(r.name(), r.snapshot(),
          String.format("Softmax head on %s embeddings, trained from snapshot %s: %d taxa%s,"
                  + " %d photos; %s top-1 %.1f %%, top-5 %.1f %%", backboneFileOf(index), r.snapshot(),
              ex.classCount(), clade == null ? "" : " of " + clade, ex.size(), eval.split(),
              100 * eval.top1(), 100 * eval.top5()),
          HeadClassifier.FORMAT, HEAD, LABELS, LABEL_IDS,
          "trained on the archive's photos under their own licences (see provenance.json)", null,
          files, BundleManifest.SPECIES,
          r.selection().clade() > 0 ? new BundleManifest.Clade(r.selection().clade(), clade) : null,
          null, null).write(partial.resolve(BundleManifest.FILE));
      Files.createDirectories(out.getParent());
      if (Files.isDirectory(out)) {
        Files.delete(out);
      }
      Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
      return ModelBundle.open(out);
    } finally {
      deleteTree(partial);
    }
  }

  private static String backboneFileOf(VectorIndex.Manifest index) {
    String b = index.backbone();
    return b.substring(0, Math.max(0, b.indexOf('@')));
  }

  private static Map<String, Object> provenance(Request r, Examples ex, VectorIndex.Manifest index,
      HeadTrainer.Result result, int[] train, int[] validation, int[] test) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("snapshot", r.snapshot());
    p.put("backbone", index.backbone());
    p.put("vector_index", Map.of("directory", VectorIndex.VECTORS_DIR + "/" + r.snapshot() + "/"
        + r.indexDir().getFileName(), "generation", index.generation(), "vectors", index.vectors(),
        "format", index.format()));
    p.put("clade", r.selection().clade());
    p.put("min_photos", r.selection().minPhotos());
    p.put("taxa_list", r.selection().only() == null ? null : r.selection().only().size());
    p.put("taxa", ex.classCount());
    p.put("photos", Map.of("total", ex.size(), "train", train.length, "validation",
        validation.length, "test", test.length));
    p.put("observers", Map.of("train", observers(ex, train), "validation",
        observers(ex, validation), "test", observers(ex, test)));
    p.put("split", Map.of("by", "observer", "validation", r.split().validation(), "test",
        r.split().test(), "seed", r.split().seed()));
    p.put("seed", r.params().seed());
    HeadTrainer.Params q = r.params();
    p.put("parameters", new LinkedHashMap<>(Map.of("optimizer", "adam", "learning_rate",
        q.learningRate(), "l2", q.l2(), "batch_size", q.batchSize(), "max_epochs", q.maxEpochs(),
        "patience", q.patience(), "class_weights", "N/(classes*n_c), capped at " + q.maxClassWeight(),
        "features", "standardised per dimension on the training split, folded into the head")));
    p.put("best_epoch", result.bestEpoch());
    p.put("epochs_run", result.history().size());
    p.put("stopped_early", result.stoppedEarly());
    p.put("training_seconds", Math.round(result.seconds() * 10) / 10.0);
    p.put("trained_at", Instant.now().toString());
    p.put("trained_by", "refugium " + Version.current());
    return p;
  }

  private static int observers(Examples ex, int[] rows) {
    Set<Long> s = new HashSet<>();
    for (int r : rows) {
      s.add(ex.observers()[r]);
    }
    return s.size();
  }

  /** observer_id,side for every observer of the examples: the split, for audits and reruns. */
  private static void writeSplit(Path file, ObserverSplit split, Examples ex) throws IOException {
    long[] observers = java.util.Arrays.stream(ex.observers()).distinct().sorted().toArray();
    StringBuilder s = new StringBuilder("observer_id,side\n");
    for (long o : observers) {
      s.append(o).append(',').append(split.side(o).name().toLowerCase(java.util.Locale.ROOT))
          .append('\n');
    }
    Files.writeString(file, s, StandardCharsets.UTF_8);
  }

  private static void checkEmpty(Path out) throws IOException {
    if (Files.exists(out) && (!Files.isDirectory(out) || hasFiles(out))) {
      throw new IOException(out.getFileName() + " exists and is not empty: pick another -o or remove it");
    }
  }

  private static boolean hasFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isPresent();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Rank levels and names of the snapshot's taxa, looked up as needed and cached. */
  static final class Taxa {
    private final PreparedStatement rank;
    private final PreparedStatement names;
    private final Map<Integer, Double> levels = new HashMap<>();
    private final Map<Integer, String[]> named = new HashMap<>();

    Taxa(Connection db) throws SQLException {
      rank = db.prepareStatement("SELECT rank_level FROM taxa WHERE id = ?");
      names = db.prepareStatement("SELECT t.name, (SELECT n.name FROM taxon_names n WHERE"
          + " n.taxon_id = t.id AND n.locale = 'en' ORDER BY n.position LIMIT 1) FROM taxa t"
          + " WHERE t.id = ?");
    }

    synchronized Double rankLevel(int id) {
      return levels.computeIfAbsent(id, k -> {
        try {
          rank.setInt(1, k);
          try (ResultSet rs = rank.executeQuery()) {
            if (!rs.next()) {
              return null;
            }
            double v = rs.getDouble(1);
            return rs.wasNull() ? null : v;
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
    }

    synchronized String[] names(int id) {
      return named.computeIfAbsent(id, k -> {
        try {
          names.setInt(1, k);
          try (ResultSet rs = names.executeQuery()) {
            return rs.next() ? new String[] {rs.getString(1), rs.getString(2)}
                : new String[] {"taxon " + k, null};
          }
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      });
    }

    String name(int id) {
      return names(id)[0];
    }

    /** "Scientific name (English name)", or the scientific name alone. */
    String label(int id) {
      String[] n = names(id);
      return n[1] == null || n[1].isBlank() ? n[0] : n[0] + " (" + n[1] + ")";
    }
  }
}
