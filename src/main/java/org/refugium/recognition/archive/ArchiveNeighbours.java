package org.refugium.recognition.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexableField;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DoubleValuesSourceRescorer;
import org.apache.lucene.search.FullPrecisionFloatVectorSimilarityValuesSource;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Rescorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.FSDirectory;

/**
 * Nearest archived observations of a query vector, read from one vector index (the committed state
 * when opened). Thread-safe. The query must come from the backbone the index was built with.
 */
public final class ArchiveNeighbours implements Closeable {

  private final DirectoryReader reader;
  private final IndexSearcher searcher;
  private final VectorIndex.Manifest manifest;
  /** The graph scores approximations of the vectors: its candidates are re-ranked (see fullPrecision). */
  private final boolean quantized;

  private ArchiveNeighbours(DirectoryReader reader, VectorIndex.Manifest manifest) {
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.manifest = manifest;
    this.quantized = !VectorFormat.FLOAT32.lowerName().equals(manifest.format());
  }

  /**
   * Re-ranks the graph's candidates by the full-precision dot product. A quantized index scores with int8 / int4 /
   * 1-bit approximations of the vectors, so neighbours closer to each other than the quantization error come out in
   * the wrong order (recall@10 0.61 over 1M generated int8 vectors, docs/recognition.md); the float copy stays on
   * disk beside the quantized one, and reading it for the few candidates asked for costs little. Scores keep
   * Lucene's DOT_PRODUCT scale ((1 + dot) / 2), as the graph's do.
   */
  public static Rescorer fullPrecision(float[] query) {
    return new DoubleValuesSourceRescorer(new FullPrecisionFloatVectorSimilarityValuesSource(query,
        VectorFields.VECTOR)) {
      @Override
      protected float combine(float graphScore, boolean present, double exactScore) {
        return present ? (float) exactScore : graphScore;
      }
    };
  }

  public static ArchiveNeighbours open(Path indexDir) throws IOException {
    VectorIndex.Manifest m = VectorIndex.readManifest(indexDir).orElseThrow(
        () -> new IOException("no vector index manifest in " + indexDir.getFileName()));
    return new ArchiveNeighbours(
        DirectoryReader.open(FSDirectory.open(indexDir.resolve(VectorIndex.INDEX_DIR))), m);
  }

  public VectorIndex.Manifest manifest() {
    return manifest;
  }

  public String backbone() {
    return manifest.backbone();
  }

  public int size() {
    return reader.numDocs();
  }

  /**
   * Up to {@code k} observations, most similar first, each once (its most similar photo), all
   * inside {@code filter}.
   *
   * @throws BackboneMismatchException when {@code backboneId} is not the index's
   */
  public List<Neighbour> search(float[] query, String backboneId, int k, NeighbourFilter filter)
      throws IOException {
    if (!manifest.backbone().equals(backboneId)) {
      throw new BackboneMismatchException(manifest.backbone(), backboneId);
    }
    if (query.length != manifest.dimensions()) {
      throw new IllegalArgumentException("query has " + query.length + " dimensions, the index "
          + manifest.dimensions());
    }
    // Observations have several photos: ask for more photos than observations wanted.
    int photos = Math.min(Math.max(k * 3, k + 10), Math.max(1, reader.numDocs()));
    TopDocs top = searcher.search(
        new KnnFloatVectorQuery(VectorFields.VECTOR, query, photos, filter.toQuery()), photos);
    if (quantized) {
      top = fullPrecision(query).rescore(searcher, top, photos);
    }
    Map<Long, Neighbour> byObservation = new LinkedHashMap<>();
    StoredFields stored = searcher.storedFields();
    for (ScoreDoc sd : top.scoreDocs) {
      Neighbour n = neighbour(stored.document(sd.doc), 2.0 * sd.score - 1.0);
      byObservation.putIfAbsent(n.observationId(), n);
      if (byObservation.size() == k) {
        break;
      }
    }
    List<Neighbour> out = new ArrayList<>(byObservation.values());
    out.sort((a, b) -> Double.compare(b.cosine(), a.cosine()));
    return out;
  }

  private static Neighbour neighbour(Document d, double cosine) {
    String ancestry = d.get(VectorFields.ANCESTRY);
    int[] path = ancestry == null || ancestry.isEmpty() ? new int[0]
        : Arrays.stream(ancestry.split("/")).mapToInt(Integer::parseInt).toArray();
    return new Neighbour(
        number(d, VectorFields.PHOTO_ID).longValue(),
        d.get(VectorFields.PHOTO_EXTENSION),
        number(d, VectorFields.OBSERVATION_ID).longValue(),
        d.get(VectorFields.UUID),
        number(d, VectorFields.TAXON_ID).intValue(),
        path,
        doubleOrNull(d, VectorFields.LATITUDE),
        doubleOrNull(d, VectorFields.LONGITUDE),
        d.get(VectorFields.OBSERVED_ON),
        d.get(VectorFields.QUALITY),
        number(d, VectorFields.OBSERVER).longValue(),
        cosine);
  }

  private static Number number(Document d, String field) {
    IndexableField f = d.getField(field);
    return f == null ? 0 : f.numericValue();
  }

  private static Double doubleOrNull(Document d, String field) {
    IndexableField f = d.getField(field);
    return f == null ? null : f.numericValue().doubleValue();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
