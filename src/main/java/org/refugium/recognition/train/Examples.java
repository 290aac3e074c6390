package org.refugium.recognition.train;

import java.util.List;

/**
 * Labelled embeddings to learn from: one row per archived photo, its class (an index into
 * {@code taxa}), the observer (for the split) and the photo id (for the report).
 *
 * @param vectors  one unit-length embedding per photo (shared with the caller, not copied)
 * @param classes  class index of each photo
 * @param taxa     class index → snapshot taxon id (sorted ascending: the label order)
 * @param backbone the id of the backbone that computed the vectors
 */
public record Examples(String backbone, float[][] vectors, int[] classes, long[] observers, long[] photoIds,
    List<Integer> taxa) {

  public int size() {
    return vectors.length;
  }

  public int dimensions() {
    return vectors.length == 0 ? 0 : vectors[0].length;
  }

  public int classCount() {
    return taxa.size();
  }

  /** Photos per class. */
  public int[] counts() {
    int[] n = new int[taxa.size()];
    for (int c : classes) {
      n[c]++;
    }
    return n;
  }
}
