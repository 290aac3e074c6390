package org.refugium.recognition.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.recognition.Backbone;
import org.refugium.recognition.BundleInstaller;
import org.refugium.recognition.ModelBundle;
import org.refugium.recognition.Recognizer;
import org.refugium.testing.SharedData;

/**
 * score_image decodes an upload once (the server's {@link Recognizer#decode}) and hands the decoded
 * image to the archive, instead of the archive's backbone decoding the bytes again: the archive's
 * vector must stay exactly what {@link Backbone#embed(byte[])} gives for the same photo, including
 * a photo stored rotated with an EXIF orientation, or the neighbours (and the index built by
 * {@code photos embed} from bytes) would no longer match.
 */
class SharedDecodeEmbeddingTest {

  @TempDir
  Path dir;

  @Test
  void embeddingOfTheSharedDecodeEqualsBackboneEmbedOfTheBytes() throws Exception {
    Path models = dir.resolve("models");
    new BundleInstaller(models, false, l -> { }).install("coral-imagenet", SharedData.models());
    ModelBundle gate = ModelBundle.installed(models).get(0);
    List<Path> photos = List.of(
        SharedData.data("photos/camera-traps/african_elephants_with_exif_orientation.jpg"),
        PlantArchive.labelled().get(0).file());
    try (Recognizer recognizer = Recognizer.load(List.of(gate), 50_000_000L, l -> { });
        Backbone backbone = Backbone.load(gate.modelFile(), null)) {
      float[][] vectors = new float[photos.size()][];
      for (int i = 0; i < photos.size(); i++) {
        byte[] bytes = Files.readAllBytes(photos.get(i));
        float[] fromBytes = backbone.embed(bytes);
        float[] fromShared = backbone.embed(recognizer.decode(bytes));
        assertThat(fromBytes).hasSize(1280); // MobileNetV2's pooled features
        assertThat(fromShared).as(photos.get(i).getFileName().toString()).containsExactly(fromBytes);
        vectors[i] = fromBytes;
      }
      // not a constant vector: an elephant and a plant look different to the network
      assertThat(vectors[0]).isNotEqualTo(vectors[1]);
    }
  }
}
