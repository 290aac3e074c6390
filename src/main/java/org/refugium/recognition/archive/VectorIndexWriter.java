package org.refugium.recognition.archive;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.store.FSDirectory;

/**
 * Adds photo vectors to the index of one snapshot and backbone, incrementally: photos already in
 * the index are skipped, and a commit every {@code commitEvery} photos (plus the manifest) bounds
 * what a kill loses to one batch. Opening an index built with another backbone or format fails
 * before anything is written. Thread-safe ({@link #add} may be called from several workers).
 */
public final class VectorIndexWriter implements Closeable {

  private final Path dir;
  private final String snapshot;
  private final String backbone;
  private final int dimensions;
  private final VectorFormat format;
  private final int commitEvery;
  private final IndexWriter writer;
  private final Map<Long, Boolean> present = new ConcurrentHashMap<>();
  private final AtomicLong sinceCommit = new AtomicLong();
  private final Object commitLock = new Object();

  private VectorIndexWriter(Path dir, String snapshot, String backbone, int dimensions,
      VectorFormat format, int commitEvery, IndexWriter writer) {
    this.dir = dir;
    this.snapshot = snapshot;
    this.backbone = backbone;
    this.dimensions = dimensions;
    this.format = format;
    this.commitEvery = commitEvery;
    this.writer = writer;
  }

  /**
   * Opens (or creates) the index in {@code dir}. Throws {@link BackboneMismatchException} when the
   * existing index names another backbone, IllegalArgumentException for another format or
   * snapshot.
   */
  public static VectorIndexWriter open(Path dir, String snapshot, String backbone, int dimensions,
      VectorFormat format, int commitEvery) throws IOException {
    if (dimensions > VectorFormat.MAX_DIMENSIONS) {
      throw new IllegalArgumentException("vectors of " + dimensions + " dimensions exceed "
          + VectorFormat.MAX_DIMENSIONS);
    }
    Optional<VectorIndex.Manifest> m = VectorIndex.readManifest(dir);
    if (m.isPresent()) {
      if (!m.get().backbone().equals(backbone)) {
        throw new BackboneMismatchException(m.get().backbone(), backbone);
      }
      if (!m.get().format().equals(format.lowerName())) {
        throw new IllegalArgumentException("the vector index holds " + m.get().format()
            + " vectors; pass --format " + m.get().format() + " or delete it to rebuild as "
            + format.lowerName());
      }
      if (!m.get().snapshot().equals(snapshot)) {
        throw new IllegalArgumentException("the vector index belongs to snapshot "
            + m.get().snapshot() + ", not " + snapshot);
      }
    }
    Files.createDirectories(dir.resolve(VectorIndex.INDEX_DIR));
    IndexWriterConfig config = new IndexWriterConfig()
        .setCodec(format.codec())
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
        .setRAMBufferSizeMB(64);
    IndexWriter w = new IndexWriter(FSDirectory.open(dir.resolve(VectorIndex.INDEX_DIR)), config);
    VectorIndexWriter vw = new VectorIndexWriter(dir, snapshot, backbone, dimensions, format,
        Math.max(1, commitEvery), w);
    try {
      vw.loadPresent();
      // A fresh index, or one whose last manifest write was killed: describe what is there.
      if (m.isEmpty() || m.get().vectors() != vw.present.size()) {
        vw.commit();
      }
    } catch (IOException | RuntimeException e) {
      w.close();
      throw e;
    }
    return vw;
  }

  private void loadPresent() throws IOException {
    try (DirectoryReader reader = DirectoryReader.open(writer)) {
      for (LeafReaderContext leaf : reader.leaves()) {
        SortedNumericDocValues ids = leaf.reader().getSortedNumericDocValues(
            VectorFields.PHOTO_ID);
        if (ids == null) {
          continue;
        }
        for (int doc = ids.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = ids.nextDoc()) {
          present.put(ids.nextValue(), Boolean.TRUE);
        }
      }
    }
  }

  /** True when the photo is in the index (committed earlier or added in this run). */
  public boolean has(long photoId) {
    return present.containsKey(photoId);
  }

  /** Photos in the index. */
  public long size() {
    return present.size();
  }

  /** Adds one photo unless present; commits when a batch is full. Returns false when skipped. */
  public boolean add(VectorFields.PhotoRecord record, float[] vector) throws IOException {
    if (vector.length != dimensions) {
      throw new IllegalArgumentException("vector has " + vector.length + " dimensions, the index "
          + dimensions);
    }
    if (present.putIfAbsent(record.photoId(), Boolean.TRUE) != null) {
      return false;
    }
    writer.addDocument(VectorFields.document(record, vector));
    if (sinceCommit.incrementAndGet() >= commitEvery) {
      commit();
    }
    return true;
  }

  /** A Lucene commit (atomic), then the manifest describing it. */
  public void commit() throws IOException {
    synchronized (commitLock) {
      sinceCommit.set(0);
      writer.setLiveCommitData(Map.of("backbone", backbone, "snapshot", snapshot).entrySet());
      writer.commit();
      long count;
      try (DirectoryReader r = DirectoryReader.open(writer.getDirectory())) {
        count = r.numDocs();
      }
      VectorIndex.writeManifest(dir, snapshot, backbone, dimensions, format, count);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      commit();
    } finally {
      writer.close();
    }
  }
}
