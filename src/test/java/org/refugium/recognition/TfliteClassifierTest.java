package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The reference scores of Coral's classify_image examples, on the real models. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TfliteClassifierTest {

  private TfliteClassifier birds;
  private TfliteClassifier insects;

  @BeforeAll
  void load() throws Exception {
    birds = TfliteClassifier.load(SharedFiles.model("inat_bird_quant"),
        SharedFiles.labels("inat_bird_labels.txt"));
    insects = TfliteClassifier.load(SharedFiles.model("inat_insect_quant"),
        SharedFiles.labels("inat_insect_labels.txt"));
  }

  @AfterAll
  void close() {
    if (birds != null) {
      birds.close();
    }
    if (insects != null) {
      insects.close();
    }
  }

  private static Classification run(TfliteClassifier c, String photo) throws Exception {
    Path p = SharedFiles.photo(photo);
    Classification r = c.classify(p);
    System.out.println(photo + ": " + r.top(3) + " | " + r.timings());
    return r;
  }

  @Test
  void parrotIsScarletMacaw() throws Exception {
    Prediction top = run(birds, "open-images/parrot.jpg").top();
    assertThat(top.scientificName()).isEqualTo("Ara macao");
    assertThat(top.commonName()).isEqualTo("Scarlet Macaw");
    assertThat(top.probability()).isCloseTo(0.72f, within(0.01f));
  }

  @Test
  void owlIsBurrowingOwl() throws Exception {
    Prediction top = run(birds, "open-images/owl.jpg").top();
    assertThat(top.scientificName()).isEqualTo("Athene cunicularia");
    assertThat(top.probability()).isCloseTo(0.96f, within(0.01f));
  }

  @Test
  void dragonflyIsThornbushDasher() throws Exception {
    Prediction top = run(insects, "open-images/dragonfly.bmp").top();
    assertThat(top.scientificName()).isEqualTo("Micrathyria hagenii");
    assertThat(top.probability()).isCloseTo(0.82f, within(0.01f));
  }

  @Test
  void concurrentCallsGiveTheSequentialAnswers() throws Exception {
    String[] photos = {"open-images/parrot.jpg", "open-images/owl.jpg", "open-images/bird.bmp"};
    float[] expected = new float[photos.length];
    for (int i = 0; i < photos.length; i++) {
      expected[i] = birds.classify(SharedFiles.photo(photos[i])).top().probability();
    }
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<Float>> results = new ArrayList<>();
      for (int round = 0; round < 2; round++) {
        for (String photo : photos) {
          Path p = SharedFiles.photo(photo);
          results.add(pool.submit(() -> birds.classify(p).top().probability()));
        }
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get())
            .isCloseTo(expected[i % photos.length], within(1e-5f));
      }
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void probabilitiesCoverAllClassesAndSumToOne() throws Exception {
    Classification r = run(birds, "open-images/bird.bmp");
    assertThat(r.predictions()).hasSize(965);
    double sum = r.predictions().stream().mapToDouble(Prediction::probability).sum();
    assertThat(sum).isCloseTo(1.0, within(0.01));
    assertThat(r.predictions().get(0).probability())
        .isGreaterThanOrEqualTo(r.predictions().get(1).probability());
  }
}
