package org.refugium.recognition;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.testing.SharedData;

/**
 * The gate's forward pass taps MobileNetV2's pooled tensor into {@link Backbone}'s memo, so the
 * archive (and a head trained on the same backbone) need no second pass: the vector it hands over
 * must be exactly the one the backbone's own cut graph computes for the same photo.
 */
class GateTapTest {

  @TempDir
  Path dir;

  @Test
  void theGatesPassGivesTheBackbonesEmbeddingWithoutASecondPass() throws Exception {
    Path models = dir.resolve("models");
    new BundleInstaller(models, false, l -> { }).install("coral-imagenet", SharedData.models());
    ModelBundle gate = ModelBundle.installed(models).get(0);
    List<String> photos = List.of("camera-traps/african_elephants_with_exif_orientation.jpg",
        "camera-traps/african_elephants.jpg");
    ImageDecoder decoder = new ImageDecoder();
    try (Classifier classifier = gate.load(); Backbone backbone = Backbone.load(gate.modelFile(), null)) {
      assertThat(classifier).isInstanceOf(TfliteClassifier.class);
      for (String photo : photos) {
        BufferedImage image = decoder.decode(Files.readAllBytes(SharedData.data("photos/" + photo)));
        Backbone.forget();
        long p0 = Backbone.passes();
        float[] own = backbone.embed(image);
        assertThat(Backbone.passes()).as("the backbone's own pass ran").isEqualTo(p0 + 1);
        assertThat(own).hasSize(1280);

        Backbone.forget();
        classifier.classifyTimed(image);
        long p1 = Backbone.passes();
        float[] shared = backbone.embed(image);
        assertThat(Backbone.passes()).as("no second pass after the gate's").isEqualTo(p1);
        assertThat(shared).as(photo).containsExactly(own);
      }
    }
  }
}
