package org.refugium.recognition.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.archive.SqliteFiles;
import org.refugium.importer.SnapshotImporter;
import org.refugium.photos.DirectoryPhotoStore;
import org.refugium.progress.Progress;
import org.refugium.recognition.Backbone;
import org.refugium.testing.SharedData;

/**
 * The archive as a recogniser, end to end on real photos and real inference: two thirds of each
 * labelled plant taxon are imported as observations, stored as photos, embedded with the ImageNet
 * MobileNetV2 cut at its pooled features and indexed; the other third asks the index. Acer is left
 * out of the archive entirely: its photos stand for a taxon the archive lacks.
 */
class ArchiveIdentificationTest {

  static final String ACER = "acer";
  static final Set<Integer> SPECIES = Set.of(57983, 55563); // the two species-rank taxa of the set
  static final Map<Integer, Integer> GENUS = Map.of(57983, 47943, 55563, 55562);
  /** Life, Plantae, Tracheophyta, Angiospermae, Magnoliopsida: true of every photo but a tulip. */
  static final Set<Integer> ABOVE_FAMILY = Set.of(48460, 47126, 211194, 47125, 47124);
  static final int ASTERACEAE = 47604;

  @TempDir
  static Path dir;

  static Backbone backbone;
  static Path indexDir;
  static ArchiveNeighbours archive;
  static List<PlantArchive.Photo> archived;
  static Map<PlantArchive.Photo, float[]> queries = new LinkedHashMap<>();
  static EmbedJob.Summary firstRun;

  @BeforeAll
  static void buildArchive() throws Exception {
    List<PlantArchive.Photo> all = PlantArchive.labelled();
    assertThat(all).hasSize(300);
    Predicate<PlantArchive.Photo> twoThirds = PlantArchive.twoThirds(all);
    archived = all.stream().filter(p -> twoThirds.test(p) && !p.folder().equals(ACER)).toList();
    Path data = dir.resolve("data");
    PlantArchive.build(data, dir.resolve("photos"), archived);
    backbone = Backbone.load(model(), null);
    indexDir = VectorIndex.dir(data, "plants", backbone.id());
    try (Connection db = SqliteFiles.openReadOnly(
            data.resolve("plants").resolve(SnapshotImporter.DATABASE));
        DirectoryPhotoStore store = DirectoryPhotoStore.open(dir.resolve("photos"));
        VectorIndexWriter writer = VectorIndexWriter.open(indexDir, "plants", backbone.id(),
            backbone.dimensions(), VectorFormat.FLOAT32, 50)) {
      firstRun = new EmbedJob(db, store, backbone, "medium", 2, Progress.silent())
          .run(writer, 0);
    }
    archive = ArchiveNeighbours.open(indexDir);
    // On a worker thread: libtorch runs ~40x slower on the JVM's primordial main thread here.
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try {
      worker.submit(() -> {
        for (PlantArchive.Photo p : all) {
          if (!twoThirds.test(p) || p.folder().equals(ACER)) {
            queries.put(p, backbone.embed(Files.readAllBytes(p.file())));
          }
        }
        return null;
      }).get();
    } finally {
      worker.shutdown();
    }
    System.out.printf("archive: %d photos embedded in %.1f s (%.1f photos/s, 2 workers)%n",
        firstRun.embedded(), firstRun.seconds(), firstRun.rate());
  }

  static Path model() {
    Path p = SharedData.root().resolve("models/coral-mobilenet-v2/mobilenet_v2_1.0_224_quant.tflite");
    if (!Files.isRegularFile(p)) {
      throw new IllegalStateException("missing " + p + ": the ImageNet MobileNetV2 of ../shared/models");
    }
    return p;
  }

  @AfterAll
  static void close() throws Exception {
    if (archive != null) {
      archive.close();
    }
    if (backbone != null) {
      backbone.close();
    }
  }

  @Test
  void everyArchivedPhotoIsEmbeddedOnceAndTheIndexVerifies() throws Exception {
    assertThat(archived).hasSize(188);
    assertThat(firstRun.embedded()).isEqualTo(188);
    assertThat(firstRun.notInStore() + firstRun.unreadable() + firstRun.failed()).isZero();
    assertThat(archive.size()).isEqualTo(188);
    assertThat(backbone.dimensions()).isEqualTo(1280);
    assertThat(backbone.id()).matches("mobilenet_v2_1\\.0_224_quant\\.tflite@sha256:[0-9a-f]{16}#.+");
    assertThat(VectorIndex.verify(indexDir)).isEmpty();
    assertThat(VectorIndex.readManifest(indexDir).orElseThrow().vectors()).isEqualTo(188);
  }

  @Test
  void heldOutPhotosAreIdentifiedByTheirArchiveNeighbours() throws Exception {
    ArchiveVote vote = ArchiveVote.defaults();
    int asked = 0;
    int right = 0;
    int answeredRight = 0;
    int answeredWrong = 0;
    for (var q : queries.entrySet()) {
      if (q.getKey().folder().equals(ACER)) {
        continue;
      }
      asked++;
      var neighbours = archive.search(q.getValue(), backbone.id(), ArchiveVote.NEIGHBOURS,
          NeighbourFilter.research());
      assertThat(neighbours).hasSize(ArchiveVote.NEIGHBOURS);
      ArchiveVote.Result r = vote.vote(neighbours);
      if (r.leaves().get(0).taxonId() == q.getKey().taxonId()) {
        right++;
      }
      if (r.answer() != null) {
        int t = r.answer().taxonId();
        if (t == q.getKey().taxonId() || t == GENUS.getOrDefault(q.getKey().taxonId(), -1)) {
          answeredRight++;
        } else if (!ABOVE_FAMILY.contains(t) && t != ASTERACEAE) {
          answeredWrong++; // a genus or species other than the photo's
        }
      }
    }
    assertThat(asked).isEqualTo(94);
    double top1 = (double) right / asked;
    double answerRight = (double) answeredRight / asked;
    double answerWrong = (double) answeredWrong / asked;
    System.out.printf("kNN top-1 on %d held-out photos of 5 taxa: %.3f (chance 0.2); answer (>= 0.78"
        + " of the mass) at the taxon or its genus: %.3f, at another genus/species: %.3f%n", asked,
        top1, answerRight, answerWrong);
    // Measured 2026-12-06 (k 10, T 0.03, unknown cosine 0.60): top-1 0.894 (84 of 94), answer
    // right 0.553, wrong 0.021. Chance top-1 is 0.2 (five taxa); the thresholds leave room for
    // libtorch versions, not for a broken pipeline (which lands near 0.2).
    assertThat(top1).isGreaterThanOrEqualTo(0.80);
    assertThat(answerRight).isGreaterThanOrEqualTo(0.45);
    assertThat(answerWrong).isLessThanOrEqualTo(0.05);
  }

  @Test
  void aTaxonTheArchiveLacksGetsNoConfidentSpeciesAnswer() throws Exception {
    ArchiveVote vote = ArchiveVote.defaults();
    int asked = 0;
    int speciesAnswers = 0;
    int wrongAnswers = 0;
    List<Double> best = new ArrayList<>();
    for (var q : queries.entrySet()) {
      if (!q.getKey().folder().equals(ACER)) {
        continue;
      }
      asked++;
      ArchiveVote.Result r = vote.vote(archive.search(q.getValue(), backbone.id(),
          ArchiveVote.NEIGHBOURS, NeighbourFilter.research()));
      best.add(Math.round(r.leaves().get(0).score() * 100) / 100.0);
      if (r.answer() != null && SPECIES.contains(r.answer().taxonId())) {
        speciesAnswers++;
      }
      if (r.answer() != null && !ABOVE_FAMILY.contains(r.answer().taxonId())) {
        wrongAnswers++; // Acer is none of the archive's families
      }
    }
    assertThat(asked).isEqualTo(18);
    System.out.println("acer (absent): best leaf scores " + best + ", wrong answers "
        + wrongAnswers);
    assertThat(speciesAnswers).isZero();
    // Measured: 2 of 18 get a (wrong) family or genus answer; the rest none or above family.
    assertThat(wrongAnswers).isLessThanOrEqualTo(4);
  }

  @Test
  void filtersNeverReturnANeighbourOutsideThem() throws Exception {
    Map<Long, PlantArchive.Photo> byId = new LinkedHashMap<>();
    archived.forEach(p -> byId.put(p.photoId(), p));
    float[] q = queries.values().iterator().next();
    LocalDate from = LocalDate.of(2017, 3, 1);
    LocalDate to = LocalDate.of(2019, 6, 30);
    Map<String, NeighbourFilter> filters = new LinkedHashMap<>();
    filters.put("Asteraceae", NeighbourFilter.research().withTaxon(47604));
    filters.put("box", NeighbourFilter.research().withBox(-10, -60, 30, 60));
    filters.put("circle", NeighbourFilter.research().withCircle(0, 0, 3000));
    filters.put("December season", NeighbourFilter.research().withSeason(12, 1));
    filters.put("dates", NeighbourFilter.research().withDates(from, to));
    filters.put("needs_id", NeighbourFilter.research().withGrades(Set.of("needs_id")));
    Map<String, Predicate<PlantArchive.Photo>> expected = new LinkedHashMap<>();
    Set<String> asteraceae = Set.of("taraxacum", "helianthus_annuus", "bellis_perennis");
    expected.put("Asteraceae", p -> asteraceae.contains(p.folder()) && research(p));
    expected.put("box", p -> p.latitude() >= -10 && p.latitude() <= 30 && p.longitude() >= -60
        && p.longitude() <= 60 && research(p));
    expected.put("circle", p -> haversineKm(0, 0, p.latitude(), p.longitude()) <= 3000.5
        && research(p));
    expected.put("December season", p -> Set.of(11, 12, 1).contains(p.observedOn().getMonthValue())
        && research(p));
    expected.put("dates", p -> !p.observedOn().isBefore(from) && !p.observedOn().isAfter(to)
        && research(p));
    expected.put("needs_id", p -> p.quality().equals("needs_id"));
    for (var f : filters.entrySet()) {
      long inside = archived.stream().filter(expected.get(f.getKey())).count();
      var found = archive.search(q, backbone.id(), 10, f.getValue());
      assertThat(inside).as(f.getKey()).isGreaterThan(0);
      assertThat(found).as(f.getKey()).hasSize((int) Math.min(10, inside));
      for (Neighbour n : found) {
        assertThat(expected.get(f.getKey()).test(byId.get(n.photoId())))
            .as("%s: neighbour %d", f.getKey(), n.photoId()).isTrue();
      }
    }
    var excluded = archive.search(q, backbone.id(), 1, NeighbourFilter.research());
    long top = excluded.get(0).observationId();
    assertThat(archive.search(q, backbone.id(), 20, NeighbourFilter.research().excluding(top)))
        .extracting(Neighbour::observationId).doesNotContain(top);
  }

  private static boolean research(PlantArchive.Photo p) {
    return p.quality().equals("research");
  }

  private static double haversineKm(double lat1, double lng1, double lat2, double lng2) {
    double r = 6371.0088;
    double dLat = Math.toRadians(lat2 - lat1);
    double dLng = Math.toRadians(lng2 - lng1);
    double a = Math.pow(Math.sin(dLat / 2), 2) + Math.cos(Math.toRadians(lat1))
        * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLng / 2), 2);
    return 2 * r * Math.asin(Math.sqrt(a));
  }

  @Test
  void anotherBackboneIsRefused() throws Exception {
    String other = "mobilenet_v2_1.0_224_inat_bird_quant.tflite@sha256:0123456789abcdef#x";
    float[] q = queries.values().iterator().next();
    assertThatThrownBy(() -> archive.search(q, other, 5, NeighbourFilter.research()))
        .isInstanceOf(BackboneMismatchException.class).hasMessageContaining(backbone.id());
    assertThatThrownBy(() -> VectorIndexWriter.open(indexDir, "plants", other, 1280,
        VectorFormat.FLOAT32, 10)).isInstanceOf(BackboneMismatchException.class);
  }

  @Test
  void aSecondRunEmbedsNothingNew() throws Exception {
    Path data = dir.resolve("data");
    try (Connection db = SqliteFiles.openReadOnly(
            data.resolve("plants").resolve(SnapshotImporter.DATABASE));
        DirectoryPhotoStore store = DirectoryPhotoStore.open(dir.resolve("photos"));
        VectorIndexWriter writer = VectorIndexWriter.open(indexDir, "plants", backbone.id(),
            backbone.dimensions(), VectorFormat.FLOAT32, 50)) {
      EmbedJob.Summary again = new EmbedJob(db, store, backbone, "medium", 2, Progress.silent())
          .run(writer, 0);
      assertThat(again.embedded()).isZero();
      assertThat(again.alreadyPresent()).isEqualTo(188);
    }
    assertThat(VectorIndex.verify(indexDir)).isEmpty();
  }
}
