package org.refugium.search;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import org.refugium.progress.Progress;

/** Builds a snapshot's Lucene indexes from its SQLite record. (Being written: see the search work.) */
public final class SearchIndexes {

  public static final String TAXA = "taxa";
  public static final String OBSERVATIONS = "observations";

  private SearchIndexes() {}

  /** Builds {@code index/taxa} and {@code index/observations}; returns the document count of each. */
  public static Map<String, Long> build(Connection db, Path indexDir, Progress progress)
      throws IOException, SQLException {
    return new java.util.HashMap<>();
  }
}
