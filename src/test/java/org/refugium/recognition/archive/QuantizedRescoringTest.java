package org.refugium.recognition.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.refugium.recognition.Backbone;

/**
 * Neighbours from a quantized vector index are ranked and scored by the full-precision vectors, not by their 4-bit
 * approximations: on a real Lucene int4 index the cosines returned (and so the order, most similar first) are the
 * exact dot products. Without the rescoring they are off by the quantization error (~1e-2).
 */
class QuantizedRescoringTest {

  static final int DIMS = 64;
  static final int VECTORS = 400;
  static final String BACKBONE = "test-backbone@sha256:00";

  @TempDir
  Path dir;

  @Test
  void quantizedCandidatesAreReRankedByTheirExactSimilarity() throws Exception {
    Random rnd = new Random(7);
    List<float[]> vectors = new ArrayList<>();
    try (VectorIndexWriter w = VectorIndexWriter.open(dir, "s", BACKBONE, DIMS, VectorFormat.INT4, 1000)) {
      for (int i = 0; i < VECTORS; i++) {
        float[] v = randomUnit(rnd);
        vectors.add(v);
        w.add(new VectorFields.PhotoRecord(i + 1, "jpg", i + 1, null, 1, new int[] {48460, 1}, null, null,
            "2020-01-15", "research", 1), v);
      }
      w.commit();
    }
    try (ArchiveNeighbours archive = ArchiveNeighbours.open(dir)) {
      assertThat(archive.manifest().format()).isEqualTo("int4");
      for (int q = 0; q < 20; q++) {
        float[] query = randomUnit(rnd);
        List<Neighbour> found = archive.search(query, BACKBONE, 10, NeighbourFilter.research());
        assertThat(found).hasSize(10);
        for (Neighbour n : found) {
          assertThat(n.cosine()).as("cosine of photo %d", n.photoId())
              .isCloseTo(dot(query, vectors.get((int) n.photoId() - 1)), within(1e-5));
        }
      }
    }
  }

  private static float[] randomUnit(Random rnd) {
    float[] v = new float[DIMS];
    for (int i = 0; i < DIMS; i++) {
      v[i] = (float) rnd.nextGaussian();
    }
    return Backbone.normalize(v);
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
