package org.refugium.recognition.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.FloatVectorValues;
import org.apache.lucene.index.KnnVectorValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.refugium.recognition.archive.VectorFields;
import org.refugium.recognition.archive.VectorIndex;

/**
 * Reads the training examples straight from a snapshot's vector index (what {@code photos embed}
 * built): no photo is decoded again, so training can be rerun with other parameters in seconds
 * and an interrupted embedding run is simply continued before training. Quantised indexes keep the
 * float vectors beside the quantised ones, and those are what is read.
 */
public final class ExampleReader {

  /** What to learn: the clade, the threshold and an optional list of taxa (a place's checklist). */
  public record Selection(int clade, int minPhotos, Set<Integer> only) {}

  /** Taxa below species (subspecies, varieties) are learnt as their species: rank levels by id. */
  private final java.util.function.IntFunction<Double> rankLevels;

  /** @param rankLevels a taxon's rank level (10 = species), null when unknown */
  public ExampleReader(java.util.function.IntFunction<Double> rankLevels) {
    this.rankLevels = rankLevels;
  }

  private record Row(float[] vector, int taxon, long observer, long photoId) {}

  /** Research-grade photos inside the clade, of taxa with at least minPhotos of them. */
  public Examples read(Path indexDir, Selection selection) throws IOException {
    List<Row> rows = new ArrayList<>();
    try (DirectoryReader reader = DirectoryReader.open(
        FSDirectory.open(indexDir.resolve(VectorIndex.INDEX_DIR)))) {
      Set<String> fields = Set.of(VectorFields.PHOTO_ID, VectorFields.ANCESTRY,
          VectorFields.QUALITY, VectorFields.OBSERVER);
      for (LeafReaderContext leaf : reader.leaves()) {
        FloatVectorValues values = leaf.reader().getFloatVectorValues(VectorFields.VECTOR);
        if (values == null) {
          continue;
        }
        Bits live = leaf.reader().getLiveDocs();
        StoredFields stored = leaf.reader().storedFields();
        KnnVectorValues.DocIndexIterator it = values.iterator();
        for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
          if (live != null && !live.get(doc)) {
            continue;
          }
          Document d = stored.document(doc, fields);
          if (!"research".equals(d.get(VectorFields.QUALITY))) {
            continue;
          }
          int[] path = path(d.get(VectorFields.ANCESTRY));
          if (path.length == 0 || (selection.clade() > 0 && !contains(path, selection.clade()))) {
            continue;
          }
          rows.add(new Row(values.vectorValue(it.index()).clone(), learntAs(path),
              d.getField(VectorFields.OBSERVER).numericValue().longValue(),
              d.getField(VectorFields.PHOTO_ID).numericValue().longValue()));
        }
      }
    }
    // Sorted by photo id: the examples' order never depends on Lucene's segment layout.
    rows.sort((a, b) -> Long.compare(a.photoId(), b.photoId()));
    TreeMap<Integer, Integer> counts = new TreeMap<>();
    rows.forEach(r -> counts.merge(r.taxon(), 1, Integer::sum));
    List<Integer> taxa = counts.entrySet().stream()
        .filter(e -> e.getValue() >= selection.minPhotos())
        .filter(e -> selection.only() == null || selection.only().contains(e.getKey()))
        .map(Map.Entry::getKey).toList();
    Map<Integer, Integer> classOf = new TreeMap<>();
    taxa.forEach(t -> classOf.put(t, classOf.size()));
    List<Row> kept = rows.stream().filter(r -> classOf.containsKey(r.taxon())).toList();
    float[][] vectors = new float[kept.size()][];
    int[] classes = new int[kept.size()];
    long[] observers = new long[kept.size()];
    long[] photos = new long[kept.size()];
    for (int i = 0; i < kept.size(); i++) {
      Row r = kept.get(i);
      vectors[i] = r.vector();
      classes[i] = classOf.get(r.taxon());
      observers[i] = r.observer();
      photos[i] = r.photoId();
    }
    String backbone = VectorIndex.readManifest(indexDir).orElseThrow(() -> new IOException(
        "no " + VectorIndex.MANIFEST + " in " + indexDir.getFileName())).backbone();
    return new Examples(backbone, vectors, classes, observers, photos, List.copyOf(taxa));
  }

  /** The deepest taxon of the path at species rank or above (rank level >= 10). */
  int learntAs(int[] path) {
    int leaf = path[path.length - 1];
    Double leafLevel = rankLevels.apply(leaf);
    if (leafLevel == null || leafLevel >= 10) {
      return leaf;
    }
    for (int i = path.length - 2; i >= 0; i--) {
      Double level = rankLevels.apply(path[i]);
      if (level != null && level >= 10) {
        return path[i];
      }
    }
    return leaf;
  }

  private static boolean contains(int[] path, int taxon) {
    for (int t : path) {
      if (t == taxon) {
        return true;
      }
    }
    return false;
  }

  private static int[] path(String ancestry) {
    if (ancestry == null || ancestry.isEmpty()) {
      return new int[0];
    }
    return Arrays.stream(ancestry.split("/")).mapToInt(Integer::parseInt).toArray();
  }
}
