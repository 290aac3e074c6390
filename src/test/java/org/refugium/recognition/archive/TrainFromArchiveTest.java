package org.refugium.recognition.archive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.api.ApiConfig;
import org.refugium.archive.SqliteFiles;
import org.refugium.cli.Refugium;
import org.refugium.importer.SnapshotImporter;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.progress.Progress;
import org.refugium.recognition.Backbone;
import org.refugium.recognition.BundleInstaller;
import org.refugium.recognition.Classification;
import org.refugium.recognition.Classifier;
import org.refugium.recognition.HeadClassifier;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.recognition.train.TrainJob;
import org.refugium.server.NodeServer;
import org.refugium.snapshot.SnapshotStore;
import org.refugium.web.WebConfig;

/**
 * {@code refugium models train} end to end on real photos: two thirds of each labelled plant taxon
 * (Acer included: its 12 archived photos fall under --min-photos 20) are imported, stored,
 * embedded with the ImageNet MobileNetV2 and indexed; the command trains a plant head from the
 * index; the held-out third (photos the archive never had) is classified by the installed bundle
 * and asked through score_image on a real server.
 */
class TrainFromArchiveTest {

  static final int PLANTAE = 47126;
  static final int MIN_PHOTOS = 20;

  @TempDir
  static Path dir;

  static Path data;
  static Path models;
  static List<PlantArchive.Photo> archived;
  static List<PlantArchive.Photo> heldOut;
  static Map<String, Integer> exitCodes = new LinkedHashMap<>();
  static ModelBundle installed;

  @BeforeAll
  static void embedAndTrain() throws Exception {
    List<PlantArchive.Photo> all = PlantArchive.labelled();
    assertThat(all).hasSize(300);
    Predicate<PlantArchive.Photo> twoThirds = PlantArchive.twoThirds(all);
    archived = all.stream().filter(twoThirds).toList();
    heldOut = all.stream().filter(twoThirds.negate()).toList();
    data = dir.resolve("data");
    PlantArchive.build(data, dir.resolve("photos"), archived);
    Path model = ArchiveIdentificationTest.model();
    try (Backbone backbone = Backbone.load(model, null);
        Connection db = SqliteFiles.openReadOnly(
            data.resolve("plants").resolve(SnapshotImporter.DATABASE));
        DirectoryPhotoStore store = DirectoryPhotoStore.open(dir.resolve("photos"));
        VectorIndexWriter writer = VectorIndexWriter.open(
            VectorIndex.dir(data, "plants", backbone.id()), "plants", backbone.id(),
            backbone.dimensions(), VectorFormat.FLOAT32, 100)) {
      EmbedJob.Summary s = new EmbedJob(db, store, backbone, "medium", 2, Progress.silent())
          .run(writer, 0);
      assertThat(s.embedded()).isEqualTo(archived.size());
      assertThat(Backbone.idOf(model, null)).isEqualTo(backbone.id()); // what the command looks up
    }
    Files.writeString(dir.resolve("checklist.txt"), "# a place's checklist\n57983\n55563 Bellis\n53438\n47727\n");
    Files.writeString(dir.resolve("bad-list.txt"), "57983\nTaraxacum\n");
    for (String[] run : new String[][] {{"seed7", "7", null}, {"seed7-again", "7", null}, {"seed8", "8", null},
        {"list", "7", "checklist.txt"}, {"bad-list", "7", "bad-list.txt"}, {"seed7", "9", null}}) {
      List<String> args = new ArrayList<>(List.of("models", "train", "--data-dir",
          data.toString(), "--backbone", model.toString(), "--taxon", String.valueOf(PLANTAE),
          "--min-photos", String.valueOf(MIN_PHOTOS), "--seed", run[1], "--name", "plants-" + run[0],
          "-o", dir.resolve(run[0]).toString()));
      if (run[2] != null) {
        args.addAll(List.of("--taxa-list", dir.resolve(run[2]).toString()));
      }
      String key = exitCodes.containsKey(run[0]) ? run[0] + "-over" : run[0];
      exitCodes.put(key, Refugium.commandLine().execute(args.toArray(String[]::new)));
    }
    models = dir.resolve("models");
    installed = new BundleInstaller(models, false, line -> { })
        .install(dir.resolve("seed7").toString(), null);
  }

  @Test
  void theCommandWritesABundleOfTheTaxaAboveTheThreshold() throws Exception {
    assertThat(exitCodes).containsEntry("seed7", 0).containsEntry("seed7-again", 0)
        .containsEntry("seed8", 0);
    // Expected classes from the fixture: research-grade archived photos per taxon, >= 20.
    Map<Integer, Integer> research = new TreeMap<>();
    archived.stream().filter(p -> p.quality().equals("research"))
        .forEach(p -> research.merge(p.taxonId(), 1, Integer::sum));
    List<Integer> expected = research.entrySet().stream()
        .filter(e -> e.getValue() >= MIN_PHOTOS).map(Map.Entry::getKey).toList();
    assertThat(expected).hasSize(5).doesNotContain(47727); // Acer: 11 research photos archived
    ModelBundle b = ModelBundle.open(dir.resolve("seed7"));
    assertThat(b.manifest().format()).isEqualTo(HeadClassifier.FORMAT);
    assertThat(b.manifest().covers().taxonId()).isEqualTo(PLANTAE);
    assertThat(b.manifest().covers().name()).isEqualTo("Plantae");
    assertThat(b.labelIds()).containsExactlyElementsOf(expected);
    assertThat(Files.readAllLines(b.labelsFile())).contains("Helianthus annuus", "Tulipa");
    assertThat(b.verify()).isEmpty();
    JsonNode provenance = new ObjectMapper().readTree(dir.resolve("seed7").resolve(TrainJob.PROVENANCE).toFile());
    assertThat(provenance.get("snapshot").asText()).isEqualTo("plants");
    assertThat(provenance.get("backbone").asText()).startsWith("mobilenet_v2_1.0_224_quant.tflite@sha256:");
    assertThat(provenance.get("seed").asLong()).isEqualTo(7);
    assertThat(provenance.get("photos").get("total").asInt())
        .isEqualTo(expected.stream().mapToInt(research::get).sum());
    assertThat(provenance.get("parameters").get("optimizer").asText()).isEqualTo("adam");
    String report = Files.readString(dir.resolve("seed7").resolve(TrainJob.EVALUATION_TEXT));
    assertThat(report).contains("top-1").contains("top-5").contains("most confused");
    JsonNode eval = new ObjectMapper().readTree(dir.resolve("seed7").resolve(TrainJob.EVALUATION_JSON).toFile());
    assertThat(eval.get("split").asText()).isEqualTo("test");
    assertThat(eval.get("taxa").size()).isEqualTo(5);
    System.out.println("models train, seed 7, observer test split: " + report);
  }

  @Test
  void aTaxaListKeepsOnlyItsTaxaAboveTheThresholdAndABadListIsRefused() throws Exception {
    assertThat(exitCodes).containsEntry("list", 0);
    // The checklist names three taxa with >= 20 photos and Acer (below the threshold): three classes.
    assertThat(ModelBundle.open(dir.resolve("list")).labelIds()).containsExactly(53438, 55563, 57983);
    assertThat(exitCodes.get("bad-list")).isNotZero();
    assertThat(dir.resolve("bad-list")).doesNotExist();
    // A second run into a bundle directory that exists is refused before training, and changes nothing.
    assertThat(exitCodes.get("seed7-over")).isEqualTo(1);
    assertThat(ModelBundle.open(dir.resolve("seed7")).verify()).isEmpty();
  }

  @Test
  void theSplitIsByObserverAndItsCountsAddUp() throws Exception {
    // Observer ids as PlantArchive.build numbers them: by first appearance of the author.
    Map<String, Integer> observerOf = new HashMap<>();
    archived.forEach(p -> observerOf.computeIfAbsent(p.author(), a -> observerOf.size() + 1));
    Map<Long, String> side = new HashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve("seed7").resolve(TrainJob.SPLIT));
    assertThat(lines.get(0)).isEqualTo("observer_id,side");
    for (String l : lines.subList(1, lines.size())) {
      String[] c = l.split(",");
      assertThat(side.put(Long.parseLong(c[0]), c[1])).as("observer %s listed twice", c[0]).isNull();
    }
    List<Integer> classes = ModelBundle.open(dir.resolve("seed7")).labelIds();
    Map<String, Integer> photos = new TreeMap<>();
    for (PlantArchive.Photo p : archived) {
      if (p.quality().equals("research") && classes.contains(p.taxonId())) {
        String s = side.get((long) observerOf.get(p.author()));
        assertThat(s).as("side of %s", p.author()).isNotNull();
        photos.merge(s, 1, Integer::sum);
      }
    }
    assertThat(photos.keySet()).containsExactly("test", "train", "validation");
    JsonNode provenance = new ObjectMapper().readTree(dir.resolve("seed7").resolve(TrainJob.PROVENANCE).toFile());
    for (String s : photos.keySet()) {
      assertThat(provenance.get("photos").get(s).asInt()).as(s).isEqualTo(photos.get(s));
    }
    assertThat(photos.get("train")).isGreaterThan(photos.get("test"));
  }

  @Test
  void theSameSeedGivesIdenticalWeights() throws Exception {
    String a = ModelBundle.sha256(dir.resolve("seed7").resolve(TrainJob.HEAD));
    String again = ModelBundle.sha256(dir.resolve("seed7-again").resolve(TrainJob.HEAD));
    String other = ModelBundle.sha256(dir.resolve("seed8").resolve(TrainJob.HEAD));
    assertThat(again).isEqualTo(a);
    assertThat(other).isNotEqualTo(a);
  }

  @Test
  void theInstalledBundleNamesHeldOutPhotosWellAboveChance() throws Exception {
    List<Integer> ids = installed.labelIds();
    List<PlantArchive.Photo> asked = heldOut.stream().filter(p -> ids.contains(p.taxonId())).toList();
    assertThat(asked).hasSize(94);
    int[] right = {0};
    int[] top2 = {0};
    ExecutorService worker = Executors.newSingleThreadExecutor(); // libtorch is slow on main
    try (Classifier c = installed.load()) {
      assertThat(c).isInstanceOf(HeadClassifier.class);
      worker.submit(() -> {
        for (PlantArchive.Photo p : asked) {
          Classification r = c.classify(Files.readAllBytes(p.file()));
          if (ids.get(r.top().classIndex()) == p.taxonId()) {
            right[0]++;
          }
          if (r.top(2).stream().anyMatch(x -> ids.get(x.classIndex()) == p.taxonId())) {
            top2[0]++;
          }
        }
        return null;
      }).get();
    } finally {
      worker.shutdown();
    }
    double top1 = (double) right[0] / asked.size();
    System.out.printf("trained plant head on %d held-out photos of 5 taxa: top-1 %.3f, top-2 %.3f"
        + " (chance 0.2)%n", asked.size(), top1, (double) top2[0] / asked.size());
    // Measured 2026-12-06 (seed 7, defaults): top-1 0.883 (83 of 94), top-2 0.989; the command's own
    // observer test split said 86.2 % of 29. Chance is 0.2; a broken pipeline lands near it.
    assertThat(top1).isGreaterThanOrEqualTo(0.70);
  }

  @Test
  void theBundleVerifiesAndAnswersThroughScoreImage() throws Exception {
    assertThat(Refugium.commandLine().execute("models", "verify", "--data-dir", data.toString(),
        "--models-dir", models.toString(), installed.name())).isZero();
    PlantArchive.Photo sunflower = heldOut.stream()
        .filter(p -> p.folder().equals("helianthus_annuus")).findFirst().orElseThrow();
    try (Recognizer recognizer = Recognizer.load(ModelBundle.installed(models), 50_000_000L, l -> { });
        NodeServer server = NodeServer.start("127.0.0.1", 0, new SnapshotStore(data),
            WebConfig.of(new ApiConfig("/photos")), recognizer)) {
      HttpResponse<String> r = post(server.port(), sunflower.file());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      JsonNode results = new ObjectMapper().readTree(r.body()).get("results");
      assertThat(results.size()).isGreaterThanOrEqualTo(3);
      List<Integer> top = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        top.add(results.get(i).get("taxon").get("id").asInt());
        assertThat(results.get(i).get("sources").toString()).contains(installed.name());
      }
      assertThat(top).contains(sunflower.taxonId());
      assertThat(new TreeSet<>(installed.labelIds())).containsAll(top);
    }
  }

  /**
   * Routing beside the Coral bundles: the ImageNet gate's Plantae group (catalogue.json, measured by
   * scripts/bench-gate) sends a held-out sunflower to the trained plant bundle alone, and a Wikimedia
   * bird photo still goes to the bird bundle alone, at weight 1 (its scores exactly as the bird
   * bundle gives them when it is the only one asked).
   */
  @Test
  void theGateRoutesPlantsToThePlantBundleAndBirdsStillToTheBirdBundle() throws Exception {
    Path all = dir.resolve("models-all");
    BundleInstaller installer = new BundleInstaller(all, false, line -> { });
    Path coral = ArchiveIdentificationTest.model().getParent();
    for (String name : List.of("coral-inat-birds", "coral-inat-insects", "coral-imagenet")) {
      installer.install(name, coral);
    }
    ModelBundle plants = installer.install(dir.resolve("seed7").toString(), null);
    PlantArchive.Photo sunflower = heldOut.stream()
        .filter(p -> p.folder().equals("helianthus_annuus")).findFirst().orElseThrow();
    Path bird = coral.getParent().getParent().resolve("data/photos/wikimedia-birds/Junco hyemalis.jpg");
    assertThat(bird).as("../shared/data/photos/wikimedia-birds").isRegularFile();
    ExecutorService worker = Executors.newSingleThreadExecutor(); // libtorch is slow on main
    try (Recognizer recognizer = Recognizer.load(ModelBundle.installed(all), 50_000_000L, l -> { })) {
      assertThat(recognizer.species()).hasSize(3);
      worker.submit(() -> {
        Recognizer.Recognition plant = recognizer.recognize(Files.readAllBytes(sunflower.file()), null);
        Map<String, Double> weights = weights(plant);
        assertThat(weights).as("weights for %s", sunflower.file().getFileName())
            .containsEntry(plants.name(), 1.0)
            .containsEntry("coral-inat-birds", 0.0).containsEntry("coral-inat-insects", 0.0);
        List<Integer> top = new ArrayList<>();
        for (Recognizer.Scored s : plant.scores().subList(0, 3)) {
          assertThat(s.bundle().name()).isEqualTo(plants.name());
          top.add(plants.labelIds().get(s.classIndex()));
        }
        assertThat(top).contains(sunflower.taxonId());

        byte[] junco = Files.readAllBytes(bird);
        Recognizer.Recognition gated = recognizer.recognize(junco, null);
        assertThat(weights(gated)).containsEntry("coral-inat-birds", 1.0)
            .containsEntry(plants.name(), 0.0).containsEntry("coral-inat-insects", 0.0);
        Recognizer.Recognition alone = recognizer.recognize(junco, List.of("coral-inat-birds"));
        Recognizer.Scored first = gated.scores().get(0);
        assertThat(first.label().scientificName()).isEqualTo("Junco hyemalis");
        assertThat(first.score()).isEqualTo(alone.scores().get(0).score());
        System.out.printf("gate with a plant bundle installed: %s -> %s; %s -> %s %.3f%n",
            sunflower.file().getFileName(), weights, bird.getFileName(), weights(gated), first.score());
        return null;
      }).get();
    } finally {
      worker.shutdown();
    }
  }

  private static Map<String, Double> weights(Recognizer.Recognition r) {
    Map<String, Double> w = new TreeMap<>();
    for (Recognizer.BundleUse u : r.bundles()) {
      if (u.role().equals("species")) {
        w.put(u.name(), u.weight());
      }
    }
    return w;
  }

  static HttpResponse<String> post(int port, Path photo) throws Exception {
    return post(HttpClient.newHttpClient(), port, photo);
  }

  /** With the caller's client: a benchmark keeps one, as a real client keeps its connection. */
  static HttpResponse<String> post(HttpClient client, int port, Path photo) throws Exception {
    String boundary = "refugium-train-test";
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"image\"; filename=\""
        + photo.getFileName() + "\"\r\nContent-Type: image/jpeg\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(photo));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return client.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/v1/computervision/score_image"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
