package org.refugium.search;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.standard.StandardAnalyzer;
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

  static IndexWriter writer(Directory dir, Analyzer analyzer) throws IOException {
    return new IndexWriter(dir, config(analyzer));
  }

  static IndexWriter observationsWriter(Directory dir) throws IOException {
    return new IndexWriter(dir, config(new StandardAnalyzer()).setCodec(new ObservationsCodec()));
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

  static long count(Connection db, String table) throws SQLException {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      return rs.getLong(1);
    }
  }
}
