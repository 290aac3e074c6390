package org.refugium.search;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
import org.apache.lucene.codecs.Codec;
import org.apache.lucene.codecs.FilterCodec;
import org.apache.lucene.codecs.PointsFormat;
import org.apache.lucene.codecs.PointsReader;
import org.apache.lucene.codecs.PointsWriter;
import org.apache.lucene.codecs.lucene90.Lucene90PointsReader;
import org.apache.lucene.codecs.lucene90.Lucene90PointsWriter;
import org.apache.lucene.index.SegmentReadState;
import org.apache.lucene.index.SegmentWriteState;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.TieredMergePolicy;
import org.apache.lucene.store.Directory;

/** How the import opens its index writers: one place for the buffer size and merge settings. */
final class IndexFiles {

  /**
   * RAM buffer per writer. Bigger buffers mean fewer, larger flushed segments and less merging; 256 MB
   * is where Lucene's own benchmarks stop gaining, and two writers (taxa, observations) stay far below the heap.
   */
  static final double RAM_BUFFER_MB = 256;

  private IndexFiles() {}

  /**
   * Points per BKD leaf in the observations index: 64 instead of Lucene's 512. Smaller leaves give the 4-dimensional
   * {@link ObservationFields#TAXON_DAY_PLACE} tree three more levels of splits, so a taxon + box + dates search reads
   * fewer points around its hits: on 10M observations its mean fell from 573 to 376 µs against 128-point leaves (844
   * with 512); 32 and 16 were no better. The files keep Lucene's format: any reader opens them.
   */
  static final int OBSERVATION_POINTS_PER_LEAF = 64;
  /**
   * Heap for sorting points when segments merge, instead of Lucene's 16 MB: a merged segment of 2M observations holds
   * 40 MB of 4-dimensional points, which Lucene would otherwise sort in temporary files.
   */
  static final double POINTS_SORT_HEAP_MB = 256;

  static IndexWriter writer(Directory dir, Analyzer analyzer) throws IOException {
    return new IndexWriter(dir, config(analyzer));
  }

  static IndexWriter observationsWriter(Directory dir) throws IOException {
    return new IndexWriter(dir, config(new StandardAnalyzer()).setCodec(pointsPerLeaf(OBSERVATION_POINTS_PER_LEAF)));
  }

  private static IndexWriterConfig config(Analyzer analyzer) {
    IndexWriterConfig config = new IndexWriterConfig(analyzer)
        .setOpenMode(IndexWriterConfig.OpenMode.CREATE)
        .setRAMBufferSizeMB(RAM_BUFFER_MB)
        .setMaxBufferedDocs(IndexWriterConfig.DISABLE_AUTO_FLUSH)
        .setUseCompoundFile(false) // a build-once index of big segments: compound files only add a copy
        .setCommitOnClose(true);
    TieredMergePolicy merges = new TieredMergePolicy();
    merges.setNoCFSRatio(0.0);
    config.setMergePolicy(merges);
    return config;
  }

  /**
   * The default codec writing BKD leaves of {@code points} points. It keeps the default codec's name: the written
   * files are the standard format (the leaf size is stored in them), so readers need no codec of ours.
   */
  private static Codec pointsPerLeaf(int points) {
    Codec standard = Codec.getDefault();
    return new FilterCodec(standard.getName(), standard) {
      @Override
      public PointsFormat pointsFormat() {
        return new PointsFormat() {
          @Override
          public PointsWriter fieldsWriter(SegmentWriteState state) throws IOException {
            return new Lucene90PointsWriter(state, points, POINTS_SORT_HEAP_MB);
          }

          @Override
          public PointsReader fieldsReader(SegmentReadState state) throws IOException {
            return new Lucene90PointsReader(state);
          }
        };
      }
    };
  }

  static long count(Connection db, String table) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      return rs.getLong(1);
    }
  }
}
